/**
 * Projections kept in a SQLite file of their own (`--projections sqlite:<file>`), followed on a
 * thread of their own (follow-thread.ts): decoding events, applying them, reading and writing
 * rows take none of the time of the event loop that decides commands, and their commits take no
 * lock the appends need (the file is theirs). Every follower on, the projections cost that loop
 * about 160 µs a command when they ran on it. A query asks the thread to catch up, then reads the
 * rows on its own connection to the file.
 *
 * The runner given stays the fallback: when no thread can start, and should the thread end, it
 * catches up and follows on the event loop as it would without a thread.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_FOLLOW_DELAY_MS, type ProjectionFollowing, type ProjectionRunner } from '../../../application/projections/index.js';
import { threadCode } from '../../runtime/thread-code.js';
import type { FromThreadMessage, ToFollowThread, ToThreadMessage } from './follow-thread.js';

/** The thread's working set and page reads: bounded (runner.ts), so is its heap. */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 256 } as const;
const STOP_TIMEOUT_MS = 10_000;

interface Asked {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class ProjectionThread implements ProjectionFollowing {
  #worker: Worker | undefined;
  #exited: Promise<void> = Promise.resolve();
  /** Set once the thread could not start or ended on its own: the runner follows on the event loop from then on. */
  #fallback: string | undefined;
  #threadError: Error | undefined;
  readonly #asked = new Map<number, Asked>();
  #nextId = 0;
  #stopping = false;
  #starting = false;

  constructor(
    /** The event store's file. */
    private readonly file: string,
    /** The projections' own file. */
    private readonly projections: string,
    private readonly runner: ProjectionRunner,
  ) {}

  /** True while the thread follows (false before `start()`, after `stop()`, and once it fell back). */
  get threadRunning(): boolean {
    return this.#worker !== undefined && this.#fallback === undefined;
  }

  /** Why the projections follow on the event loop instead, if they do. */
  get fallbackReason(): string | undefined {
    return this.#fallback;
  }

  get error(): Error | undefined {
    return this.#fallback === undefined ? this.#threadError : this.runner.error;
  }

  async start(): Promise<void> {
    if (this.#fallback !== undefined) return this.runner.start();
    if (this.#worker !== undefined) return;
    this.#stopping = false;
    // The thread looks for new commits, and so commits rows, as often as the runner follows on the event loop.
    const task: ToFollowThread = { file: this.file, projections: this.projections, followDelayMs: DEFAULT_FOLLOW_DELAY_MS };
    let worker: Worker;
    try {
      worker = new Worker(await threadCode(new URL('./follow-thread.ts', import.meta.url)), { eval: true, workerData: task, execArgv: [], resourceLimits: THREAD_HEAP });
    } catch (error) {
      return this.#fallBack(`the projection thread could not start: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#worker = worker;
    const ready = new Promise<boolean>((resolve) => {
      worker.on('message', (message: FromThreadMessage) => {
        if (message.kind === 'ready') {
          this.#threadError = message.error === undefined ? undefined : new Error(message.error);
          resolve(true);
        } else if (message.kind === 'failed') {
          this.#threadError = new Error(message.message);
        } else {
          this.#received(message);
        }
      });
      this.#exited = new Promise((exited) =>
        worker.once('exit', (code) => {
          resolve(false);
          exited(this.#ended(worker, code));
        }),
      );
    });
    worker.on('error', (error) => {
      this.#threadError = error;
    });
    // After the listeners, which hold the event loop: an engine never closed must not keep its
    // process alive. It is held only while something waits on it (#holdWhileWaited).
    this.#starting = true;
    this.#holdWhileWaited();
    const started = await ready;
    this.#starting = false;
    this.#holdWhileWaited();
    // Ended before it was ready: the runner took over (#ended).
    if (!started) await this.#exited;
  }

  /** Keeps the process alive while a start or a catch-up waits on the thread. */
  #holdWhileWaited(): void {
    if (this.#starting || this.#asked.size > 0) this.#worker?.ref();
    else this.#worker?.unref();
  }

  catchUp(): Promise<unknown> {
    const worker = this.#worker;
    if (worker === undefined || this.#fallback !== undefined) return this.runner.catchUp();
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#asked.set(id, { resolve, reject });
      this.#holdWhileWaited();
      worker.postMessage({ kind: 'catchUp', id } satisfies ToThreadMessage);
    });
  }

  /** Ends the thread once its catch-ups are over (the runner instead, if it took over). */
  async stop(): Promise<void> {
    this.#stopping = true;
    const worker = this.#worker;
    if (worker === undefined || this.#fallback !== undefined) return this.runner.stop();
    worker.ref();
    worker.postMessage({ kind: 'stop' } satisfies ToThreadMessage);
    const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timeout);
  }

  /** Ends the thread as a crash would (tests, diagnostics): the runner takes over on the event loop. */
  async terminateThread(): Promise<void> {
    await this.#worker?.terminate();
    await this.#exited;
  }

  #received(message: Exclude<FromThreadMessage, { kind: 'ready' | 'failed' }>): void {
    switch (message.kind) {
      case 'caughtUp': {
        const asked = this.#asked.get(message.id);
        this.#asked.delete(message.id);
        this.#holdWhileWaited();
        if (message.error === undefined) asked?.resolve();
        else asked?.reject(new Error(message.error));
        return;
      }
      case 'following':
        this.#threadError = message.error === undefined ? undefined : new Error(message.error);
        return;
    }
  }

  /** After the thread's exit: unless it was asked to stop, the runner takes over (and answers what was asked). */
  async #ended(worker: Worker, code: number): Promise<void> {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    const asked = [...this.#asked.values()];
    this.#asked.clear();
    if (this.#stopping) {
      for (const { reject } of asked) reject(new Error('the projection thread was stopped'));
      return;
    }
    this.#fallback = `the projection thread ended (exit code ${code})${this.#threadError ? `: ${this.#threadError.message}` : ''}`;
    for (const { resolve, reject } of asked) this.runner.catchUp().then(() => resolve(), reject);
    await this.runner.start().catch(() => undefined);
  }

  #fallBack(reason: string): Promise<void> {
    this.#fallback = reason;
    return this.runner.start();
  }
}
