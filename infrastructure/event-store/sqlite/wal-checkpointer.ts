/**
 * WAL checkpoints off the command path. A worker thread with its own connection to the same file
 * (wal-checkpoint-worker.mjs) checkpoints, and once it runs the store's connection never does
 * (wal_autocheckpoint = 0: otherwise the commit that crosses 1,000 pages copies them into the
 * database file and syncs it before the append resolves). When the WAL has grown, the worker asks
 * for a short hold on appends (`hold`, then `release`): appends queue meanwhile, nothing waits on
 * a lock. The worker starts with the store's first append (opening a store to read costs no
 * thread); until it is ready, and should it die, the connection checkpoints by itself as SQLite
 * does by default, so the WAL never grows without bound.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface WalCheckpointOptions {
  /** How often the worker copies committed pages into the database file. Default 100. */
  readonly checkpointIntervalMs?: number;
  /** WAL content after which the worker holds appends back to let the WAL start over. Default 4 MiB. */
  readonly checkpointWalBytes?: number;
  /** Time without commits after which every frame is copied and the next append starts the WAL over (its file kept). Default 1000. */
  readonly checkpointIdleMs?: number;
}

/** Holding appends back while the worker copies the WAL's last frames; the own checkpoints of the other connections that write them (the writer thread's). */
export interface AppendGate {
  /** `quiet` runs once no transaction of appends is open. */
  hold(quiet: () => void): void;
  release(): void;
  autocheckpoint(pages: number): Promise<void>;
}

/** What the worker reports after each checkpoint: frames in the WAL, frames copied, file size. */
export interface CheckpointReport {
  readonly mode: 'PASSIVE' | 'RESTART';
  readonly afterPause: boolean;
  readonly busy: number;
  readonly log: number;
  readonly checkpointed: number;
  readonly walSize: number;
}

type WorkerMessage =
  | ({ readonly kind: 'checkpointed' } & CheckpointReport)
  | { readonly kind: 'ready' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'failed'; readonly message: string };

const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
/** A hold the worker does not end by then ends anyway. */
const MAX_HOLD_MS = 1000;
const STOP_TIMEOUT_MS = 10_000;

export class WalCheckpointer {
  #worker: Worker | undefined;
  #exited: Promise<void> = Promise.resolve();
  #ready = false;
  #ended = false;
  #stopping = false;
  #holdTimer: NodeJS.Timeout | undefined;
  #checkpoints: CheckpointReport[] = [];
  #failures: string[] = [];
  readonly #workerData: { readonly file: string; readonly intervalMs: number; readonly walBytes: number; readonly idleMs: number };

  constructor(
    private readonly database: Database.Database,
    file: string,
    private readonly gate: AppendGate,
    options: WalCheckpointOptions = {},
  ) {
    this.#workerData = {
      file,
      intervalMs: options.checkpointIntervalMs ?? 100,
      walBytes: options.checkpointWalBytes ?? 4 * 1024 * 1024,
      idleMs: options.checkpointIdleMs ?? 1000,
    };
  }

  /** Starts the worker, once, unless stopped; if no thread can be started, SQLite's own checkpoints stay. */
  start(): void {
    if (this.#worker !== undefined || this.#stopping) return;
    let worker: Worker;
    try {
      worker = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), { workerData: this.#workerData, execArgv: [] });
    } catch (error) {
      this.#stopping = true;
      this.#fail(error instanceof Error ? error.message : String(error));
      return;
    }
    worker.on('message', (message: WorkerMessage) => this.#received(message));
    worker.on('error', (error) => this.#fail(error.message));
    // Not events.once, which rejects on 'error': a worker that failed still ends with 'exit'.
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve(this.#end())));
    // After the listeners, which hold the event loop: a store never closed must not keep its process alive.
    worker.unref();
    this.#worker = worker;
  }

  /** True while the worker checkpoints in the connection's stead. */
  get running(): boolean {
    return this.#ready && !this.#ended;
  }

  /** The newest checkpoint reports (the last 100), for tests and diagnostics. */
  get checkpoints(): readonly CheckpointReport[] {
    return this.#checkpoints;
  }

  /** The newest failures of the worker (the last 100). */
  get failures(): readonly string[] {
    return this.#failures;
  }

  /** Ends the worker (after the checkpoint it may be running; at once if it is still starting). */
  async stop(): Promise<void> {
    this.#stopping = true;
    const worker = this.#worker;
    if (worker === undefined || this.#ended) return;
    if (this.#ready) worker.postMessage('stop');
    else void worker.terminate();
    const timeout = setTimeout(() => void worker.terminate(), STOP_TIMEOUT_MS);
    await this.#exited;
    clearTimeout(timeout);
  }

  #received(message: WorkerMessage): void {
    if (message.kind === 'ready') this.#takeOver();
    else if (message.kind === 'pause') this.#hold();
    else if (message.kind === 'resume') this.#release();
    else if (message.kind === 'failed') this.#fail(message.message);
    else {
      const { mode, afterPause, busy, log, checkpointed, walSize } = message;
      this.#checkpoints = [...this.#checkpoints.slice(-99), { mode, afterPause, busy, log, checkpointed, walSize }];
    }
  }

  #fail(message: string): void {
    this.#failures = [...this.#failures.slice(-99), message];
  }

  #takeOver(): void {
    this.#ready = true;
    if (this.database.open) this.database.pragma('wal_autocheckpoint = 0');
    void this.gate.autocheckpoint(0);
  }

  /**
   * The worker may go once no group is being written (at once on the event loop's connection,
   * after the group in flight with the writer thread). Held appends wait for the worker's
   * answer: until then it keeps the process alive.
   */
  #hold(): void {
    if (this.#stopping || this.#worker === undefined) return;
    const worker = this.#worker;
    worker.ref();
    this.#holdTimer = setTimeout(() => this.#release(), MAX_HOLD_MS);
    this.gate.hold(() => worker.postMessage('paused'));
  }

  #release(): void {
    if (this.#holdTimer === undefined) return;
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    this.#worker?.unref();
    this.gate.release();
  }

  #end(): void {
    this.#ended = true;
    this.#release();
    if (this.database.open) this.database.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT}`);
    void this.gate.autocheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT);
  }
}
