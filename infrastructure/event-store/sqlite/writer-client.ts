/**
 * The event loop's side of the writer thread (writer-thread.ts): sends it a group, gets the
 * outcomes back. Should the thread fail or end, every group it has not answered is rejected
 * (its appends may or may not be on disk: a caller's retry with the same event ids finds out)
 * and the store's own connection writes from then on.
 */
import { Worker } from 'node:worker_threads';
import type { PreparedAppend } from './appending.js';
import { outcomeFromWire, type Outcome } from './commit-group.js';
import type { FromWriter, ToWriter, WriterData } from './writer-thread.js';

const STOP_TIMEOUT_MS = 10_000;

type Answer = { readonly resolve: (message: FromWriter) => void; readonly reject: (error: Error) => void };

export class WriterThread {
  readonly #worker: Worker;
  readonly #answers = new Map<number, Answer>();
  readonly #exited: Promise<void>;
  #ready = false;
  #ended = false;
  #next = 1;
  #readyOrEnded: (ready: boolean) => void = () => undefined;
  /** True once the thread takes groups; false if it ended first. */
  readonly whenReady = new Promise<boolean>((resolve) => {
    this.#readyOrEnded = resolve;
  });

  private constructor(data: WriterData, onReady: () => void) {
    this.#worker = new Worker(new URL('./writer-worker.mjs', import.meta.url), { workerData: data, execArgv: [] });
    this.#worker.on('message', (message: FromWriter) => {
      if (message.kind === 'ready') {
        this.#ready = true;
        onReady();
        this.#readyOrEnded(true);
      } else if (message.kind === 'failed') {
        this.#end(new Error(`the writer thread failed: ${message.message}`));
      } else {
        const answer = this.#answers.get(message.id);
        this.#answers.delete(message.id);
        answer?.resolve(message);
      }
    });
    this.#worker.on('error', (error) => this.#end(error));
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve(this.#end(new Error('the writer thread ended')))));
    // A store never closed must not keep its process alive once the thread runs; starting up and groups in flight hold it (#ask).
    void this.whenReady.then(() => {
      if (this.#answers.size === 0) this.#worker.unref();
    });
  }

  /** Undefined when no thread can be started: the store's connection keeps writing. */
  static start(data: WriterData, onReady: () => void): WriterThread | undefined {
    try {
      return new WriterThread(data, onReady);
    } catch {
      return undefined;
    }
  }

  /** True while the thread takes groups. */
  get ready(): boolean {
    return this.#ready && !this.#ended;
  }

  async commit(appends: readonly PreparedAppend[]): Promise<Outcome[]> {
    const answer = await this.#ask({ kind: 'group', id: this.#next++, appends });
    if (answer.kind !== 'committed') throw new Error(`the writer thread answered ${answer.kind} to a group`);
    return answer.outcomes.map(outcomeFromWire);
  }

  /** Sets a pragma on the thread's connection (the fault tests' disk limits, query_only; wal_autocheckpoint). */
  async pragma(pragma: string): Promise<void> {
    const answer = await this.#ask({ kind: 'pragma', id: this.#next++, pragma });
    if (answer.kind === 'pragma' && answer.error !== undefined) throw new Error(answer.error);
  }

  async stop(): Promise<void> {
    if (!this.#ended) {
      if (this.#ready) this.#worker.postMessage({ kind: 'stop' } satisfies ToWriter);
      else void this.#worker.terminate();
    }
    const timeout = setTimeout(() => void this.#worker.terminate(), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timeout);
  }

  #ask(message: Extract<ToWriter, { id: number }>): Promise<FromWriter> {
    if (!this.ready) return Promise.reject(new Error('the writer thread is not running'));
    return new Promise<FromWriter>((resolve, reject) => {
      this.#answers.set(message.id, {
        resolve: (answer) => {
          if (this.#answers.size === 0) this.#worker.unref();
          resolve(answer);
        },
        reject,
      });
      this.#worker.ref();
      this.#worker.postMessage(message);
    });
  }

  #end(error: Error): void {
    this.#ended = true;
    this.#readyOrEnded(false);
    for (const answer of this.#answers.values()) answer.reject(error);
    this.#answers.clear();
  }
}
