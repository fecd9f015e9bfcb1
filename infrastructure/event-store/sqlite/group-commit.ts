/**
 * Group commit: the appends in flight at once share one BEGIN IMMEDIATE … COMMIT, so one fsync
 * (synchronous=FULL) makes all of them durable. The first append of a group schedules the flush
 * with setImmediate (no timer: an append alone waits only for the current turn of the event loop
 * to end); the flush writes each append in its own savepoint (appending.ts), so a conflict or a
 * stored event id fails that append alone, commits once, and only then settles the promises:
 * nothing is reported accepted before it is on disk. While held (`hold`, by the WAL checkpointer),
 * appends queue and no flush starts.
 */
import type Database from 'better-sqlite3';
import type { AppendResult } from '../../../application/ports/event-store.js';
import type { AppendWriter, PreparedAppend } from './appending.js';

export const DEFAULT_MAX_GROUP_SIZE = 256;

export interface GroupCommitOptions {
  /** Appends per transaction at most; the rest wait for the next flush. */
  readonly maxGroupSize: number;
  /** The error an append is rejected with, from what SQLite (or the writer) threw. */
  readonly translate: (error: unknown) => unknown;
  /** Called after a COMMIT that wrote at least one append. */
  readonly onCommitted: () => void;
}

/** Transactions committed with at least one append in them, and the appends they held. */
export interface GroupCommitStats {
  readonly commits: number;
  readonly appends: number;
}

interface Member {
  readonly append: PreparedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

export class GroupCommitter {
  #queue: Member[] = [];
  #scheduled: NodeJS.Immediate | undefined;
  #held = false;
  #stats: GroupCommitStats = { commits: 0, appends: 0 };
  readonly #begin: Database.Statement;
  readonly #commit: Database.Statement;
  readonly #rollback: Database.Statement;

  constructor(
    private readonly database: Database.Database,
    private readonly write: AppendWriter,
    private readonly options: GroupCommitOptions,
  ) {
    if (!Number.isSafeInteger(options.maxGroupSize) || options.maxGroupSize < 1) {
      throw new RangeError(`group size must be a positive integer, got ${options.maxGroupSize}`);
    }
    this.#begin = database.prepare('BEGIN IMMEDIATE');
    this.#commit = database.prepare('COMMIT');
    this.#rollback = database.prepare('ROLLBACK');
  }

  get stats(): GroupCommitStats {
    return this.#stats;
  }

  submit(append: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ append, resolve, reject });
      this.#schedule();
    });
  }

  hold(): void {
    this.#held = true;
    this.#unschedule();
  }

  release(): void {
    this.#held = false;
    this.#schedule();
  }

  /** Writes every queued append now, held or not, before the connection closes. */
  drain(): void {
    this.#unschedule();
    while (this.#queue.length > 0) this.#flush();
  }

  #schedule(): void {
    if (this.#held || this.#queue.length === 0) return;
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
    let outcomes: Map<Member, Outcome>;
    try {
      outcomes = this.#commitGroup(group);
    } catch (error) {
      this.#abandon();
      outcomes = new Map(group.map((member) => [member, { ok: false, error }]));
    }
    let committed = 0;
    for (const member of group) {
      const outcome = outcomes.get(member) ?? { ok: false, error: new Error('append was not attempted') };
      if (outcome.ok) {
        committed++;
        member.resolve(outcome.result);
      } else {
        member.reject(this.options.translate(outcome.error));
      }
    }
    if (committed > 0) {
      this.#stats = { commits: this.#stats.commits + 1, appends: this.#stats.appends + committed };
      this.options.onCommitted();
    }
  }

  /**
   * One transaction for the group. Some failures (a full disk, I/O errors) make SQLite roll the
   * whole transaction back, not just the savepoint: the append that caused it fails, and the
   * others are written again in a new transaction.
   */
  #commitGroup(group: readonly Member[]): Map<Member, Outcome> {
    const outcomes = new Map<Member, Outcome>();
    let members = group;
    for (;;) {
      this.#begin.run();
      const culprit = this.#writeMembers(members, outcomes);
      if (culprit === undefined) break;
      members = members.filter((member) => member !== culprit);
    }
    try {
      this.#commit.run();
    } catch (error) {
      if (this.database.inTransaction) this.#rollback.run();
      for (const member of members) outcomes.set(member, { ok: false, error });
    }
    return outcomes;
  }

  /** After a failure to begin, commit or roll back: whatever happens, the next group starts afresh. */
  #abandon(): void {
    try {
      if (this.database.open && this.database.inTransaction) this.#rollback.run();
    } catch {
      // The connection is unusable; the next group's BEGIN reports why.
    }
  }

  /** Returns the member whose failure ended the whole transaction, if one did. */
  #writeMembers(members: readonly Member[], outcomes: Map<Member, Outcome>): Member | undefined {
    for (const member of members) {
      try {
        outcomes.set(member, { ok: true, result: this.write(member.append) });
      } catch (error) {
        outcomes.set(member, { ok: false, error });
        if (!this.database.inTransaction) return member;
      }
    }
    return undefined;
  }
}
