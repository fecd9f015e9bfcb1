/**
 * Group commit: the appends in flight at once share one BEGIN IMMEDIATE … COMMIT, so one fsync
 * (synchronous=FULL) makes all of them durable. The first append of a group schedules the flush
 * with setImmediate (no timer: an append alone waits only for the current turn of the event loop
 * to end); the flush writes each append in its own savepoint (commit-group.ts), so a conflict or
 * a stored event id fails that append alone, commits once, and only then settles the promises:
 * nothing is reported accepted before it is on disk.
 *
 * Once `thread.after` appends were submitted (never, by default), a writer thread with its own connection
 * (writer-thread.ts) commits the groups: while it syncs one, the event loop goes on deciding
 * commands, whose appends queue and leave as the next group the moment the thread answers. Until
 * the thread is ready, and should it end, the store's own connection commits, the same way.
 * While held (`hold`, by the WAL checkpointer), appends queue and no group starts; the hold's
 * `quiet` callback runs once no group is being written.
 */
import type Database from 'better-sqlite3';
import { EventStoreUnavailableError, type AppendResult } from '../../../application/ports/event-store.js';
import type { AppendWriter, PreparedAppend } from './appending.js';
import { groupWriter, type GroupWriter, type Outcome } from './commit-group.js';
import { WriterThread } from './writer-client.js';

export const DEFAULT_MAX_GROUP_SIZE = 256;
/**
 * By default no writer thread: measured on this project's machine (2 vCPU, a local disk whose
 * fsync takes about 0.25 ms), handing a group to a thread and back costs more than the fsync it
 * overlaps (one command at a time 0.44–0.57× the raw loop against 0.64–0.83× without it; 64 in
 * flight 1.7–2.0× against 2.1–2.2×, and ahead only while the disk was slow), see README
 * Performance. Where a sync takes milliseconds (network storage), `writerThreadAfter` turns it on.
 */
export const DEFAULT_THREAD_AFTER = Number.POSITIVE_INFINITY;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

export interface GroupCommitOptions {
  /** Appends per transaction at most; the rest wait for the next flush. */
  readonly maxGroupSize: number;
  /** The error an append is rejected with, from what SQLite (or the writer) threw. */
  readonly translate: (error: unknown) => unknown;
  /** Called after a COMMIT that wrote at least one append, with the appends it wrote, in commit order, and whether the writer thread's connection committed it. */
  readonly onCommitted: (committed: readonly Committed[], byThread: boolean) => void;
  /** The file and busy timeout the writer thread opens; without them no thread starts. */
  readonly thread?: { readonly file: string; readonly busyTimeoutMs: number; readonly after: number };
}

/** Transactions committed with at least one append in them, and the appends they held. */
export interface GroupCommitStats {
  readonly commits: number;
  readonly appends: number;
}

/** An append a COMMIT made durable, and what it returned. */
export interface Committed {
  readonly append: PreparedAppend;
  readonly result: AppendResult;
}

interface Member {
  readonly append: PreparedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommitter {
  #queue: Member[] = [];
  #scheduled: NodeJS.Immediate | undefined;
  #held = false;
  #quiet: (() => void) | undefined;
  /** A group the writer thread is committing. */
  #inFlight: Promise<void> | undefined;
  #submitted = 0;
  #thread: WriterThread | undefined;
  #autocheckpoint = SQLITE_DEFAULT_AUTOCHECKPOINT;
  #closing = false;
  #stats: GroupCommitStats = { commits: 0, appends: 0 };
  #threadCommits = 0;
  readonly #writer: GroupWriter;

  constructor(
    private readonly database: Database.Database,
    write: AppendWriter,
    private readonly options: GroupCommitOptions,
  ) {
    if (!Number.isSafeInteger(options.maxGroupSize) || options.maxGroupSize < 1) {
      throw new RangeError(`group size must be a positive integer, got ${options.maxGroupSize}`);
    }
    this.#writer = groupWriter(database, write);
  }

  get stats(): GroupCommitStats {
    return this.#stats;
  }

  /** Of the transactions in `stats`, how many the writer thread committed. */
  get threadCommits(): number {
    return this.#threadCommits;
  }

  /** True while the writer thread commits the groups. */
  get threaded(): boolean {
    return this.#thread?.ready === true;
  }

  submit(append: PreparedAppend): Promise<AppendResult> {
    this.#startThreadWhenDue();
    return new Promise((resolve, reject) => {
      this.#queue.push({ append, resolve, reject });
      this.#schedule();
    });
  }

  /** No group starts until `release`; `quiet` runs once none is being written. */
  hold(quiet?: () => void): void {
    this.#held = true;
    this.#unschedule();
    if (quiet === undefined) return;
    if (this.#inFlight === undefined) quiet();
    else this.#quiet = quiet;
  }

  release(): void {
    this.#held = false;
    this.#quiet = undefined;
    this.#schedule();
  }

  /** The writer thread's own WAL checkpoints (0 while the checkpoint thread does them), now or once it starts. */
  async autocheckpoint(pages: number): Promise<void> {
    this.#autocheckpoint = pages;
    if (this.#thread?.ready) await this.#thread.pragma(`wal_autocheckpoint = ${pages}`).catch(() => undefined);
  }

  /** A pragma on every connection that writes appends (the fault tests: disk limits, query_only). */
  async pragmaOnWriters(pragma: string): Promise<void> {
    this.database.pragma(pragma);
    if (this.#thread?.ready) await this.#thread.pragma(pragma);
  }

  /** Writes every queued append, held or not, then ends the writer thread: before the connection closes. */
  async close(): Promise<void> {
    this.#closing = true;
    this.#unschedule();
    for (;;) {
      await this.#inFlight;
      if (this.#queue.length === 0) break;
      this.#flush();
    }
    await this.#thread?.stop();
  }

  /** Starts the writer thread now (if this store has one); true once it takes the groups. */
  async startThread(): Promise<boolean> {
    this.#startThread();
    return (await this.#thread?.whenReady) ?? false;
  }

  /** Starts the thread once, after `after` appends (0: with the first). */
  #startThreadWhenDue(): void {
    this.#submitted++;
    if (this.#submitted > (this.options.thread?.after ?? Infinity)) this.#startThread();
  }

  #startThread(): void {
    const thread = this.options.thread;
    if (thread === undefined || this.#thread !== undefined || this.#closing) return;
    this.#thread = WriterThread.start({ file: thread.file, busyTimeoutMs: thread.busyTimeoutMs, autocheckpoint: this.#autocheckpoint }, () => {
      // A checkpoint setting changed while it started up.
      void this.#thread?.pragma(`wal_autocheckpoint = ${this.#autocheckpoint}`).catch(() => undefined);
    });
  }

  #schedule(): void {
    if (this.#held || this.#inFlight !== undefined || this.#queue.length === 0) return;
    this.#scheduled ??= setImmediate(() => {
      this.#scheduled = undefined;
      this.#flush();
      this.#schedule();
    });
  }

  #unschedule(): void {
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
  }

  #flush(): void {
    const group = this.#queue.splice(0, this.options.maxGroupSize);
    if (group.length === 0) return;
    const thread = this.#thread;
    if (thread?.ready) {
      this.#inFlight = thread
        .commit(group.map((m) => m.append))
        .then(
          (outcomes) => this.#settle(group, outcomes, true),
          (cause: unknown) => {
            const error = new EventStoreUnavailableError(`the writer thread ended before answering: these appends may or may not be stored (${String(cause)})`, { cause });
            this.#settle(group, group.map(() => ({ ok: false, error })), true);
          },
        )
        .finally(() => {
          this.#inFlight = undefined;
          this.#quiet?.();
          this.#quiet = undefined;
          // Queued while the thread synced: they leave at once, as the next group.
          if (!this.#held && !this.#closing && this.#queue.length > 0) this.#flush();
        });
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = this.#writer.commit(group.map((m) => m.append));
    } catch (error) {
      this.#writer.abandon();
      outcomes = group.map(() => ({ ok: false, error }));
    }
    this.#settle(group, outcomes, false);
  }

  #settle(group: readonly Member[], outcomes: readonly Outcome[], byThread: boolean): void {
    const committed: Committed[] = [];
    group.forEach((member, i) => {
      const outcome = outcomes[i] ?? { ok: false, error: new Error('append was not attempted') };
      if (outcome.ok) {
        committed.push({ append: member.append, result: outcome.result });
        member.resolve(outcome.result);
      } else {
        member.reject(this.options.translate(outcome.error));
      }
    });
    if (committed.length === 0) return;
    this.#stats = { commits: this.#stats.commits + 1, appends: this.#stats.appends + committed.length };
    if (byThread) this.#threadCommits++;
    this.options.onCommitted(committed, byThread);
  }
}
