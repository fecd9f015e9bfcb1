/**
 * The projection runner: follows the store's global order from the checkpoint kept with the
 * rows, applies each event to every projection, and commits rows and checkpoint together every
 * `batchSize` events. A crash loses at most an uncommitted batch, which is applied again from the
 * checkpoint: every event counts exactly once. Catch-ups run one at a time.
 */
import { readEventPages, type EventStore, type GlobalPosition, type RecordedData, type Subscription } from '../ports/event-store.js';
import { ProjectionCheckpointConflictError, type ProjectionStore } from '../ports/projection-store.js';
import { projectionEventOf, projectionFailure, type Projection, type ProjectionEvent, unreadTypes } from './projection.js';
import type { RowWrite, Table } from './tables.js';
import { WorkingSet } from './working-set.js';

export interface RunnerOptions {
  /** Events per commit, at most. Default 2,000; a catch-up with fewer events commits once at its end. */
  readonly batchSize?: number;
  /**
   * Rows kept in memory between commits, about (working-set.ts). Default 5,000. Measured on a
   * 1M-event replay from zero (bench/, before rebuilds went by partition): 5,000 rows and 2,000-event commits peak at about 200 MB RSS;
   * 60,000 rows and 10,000-event commits save most re-reads of agreement rows but peak 100 MB
   * higher, in the same time.
   */
  readonly maxCachedRows?: number;
  /**
   * While following, how long a new event waits for others before the catch-up that applies it
   * starts, also when it came while the previous catch-up ran: one catch-up per delay at most.
   * Default 20 ms: one commit of rows and checkpoint for all the events of that time rather than
   * one per command (a catch-up of one event costs about 0.5 ms of the event loop).
   * Queries never see the delay: each catches up first.
   */
  readonly followDelayMs?: number;
}

export interface Progress {
  /** Events read in this catch-up so far (those of streams no projection reads included). */
  readonly events: number;
  readonly position: GlobalPosition;
}

export interface CatchUpOptions {
  /** Stop after the event at this position (inclusive). */
  readonly until?: GlobalPosition;
  /** Called after each commit. */
  readonly onProgress?: (progress: Progress) => void;
}

export interface CatchUpResult {
  readonly events: number;
  /** The checkpoint afterwards. */
  readonly position: GlobalPosition | undefined;
}

/**
 * While following, a catch-up lets the event loop turn every 8 events (about 0.15 ms of it), not
 * only after each commit: commands and requests share the loop (every follower on: p99 4.1 ms
 * against 5.6, median of 5 pairs). A catch-up that does not follow (`replay`, a verify of a store other than SQLite) shares
 * it with nobody and turns after its commits only: a turn every 8 events made it 4 % slower.
 */
const FOLLOWING_SLICE = 8;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Events per page read from the store: small pages keep short-lived objects young (cheap to collect). */
const READ_PAGE = 250;

export const DEFAULT_FOLLOW_DELAY_MS = 20;

/**
 * What keeps the projections following the store while the engine runs, and catches them up
 * before a query: the runner itself, on the event loop, or an adapter that runs one elsewhere
 * (the SQLite store's projection thread, infrastructure/projections/sqlite/projection-thread.ts).
 */
export interface ProjectionFollowing {
  /** Applies every event recorded so far; rejects with the reason it could not. */
  catchUp(): Promise<unknown>;
  /** Catches up, then follows every new event. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Why following stopped, if it did; the next successful catch-up clears it. */
  readonly error: Error | undefined;
}

/** Another runner committed meanwhile: start again from its checkpoint, after a growing pause. */
const CONFLICT_RETRIES = 100;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class ProjectionRunner implements ProjectionFollowing {
  readonly #set: WorkingSet;
  /** Known event types no projection reads: passed over undecoded. */
  readonly #unread: ReadonlySet<string>;
  /** The checkpoint the cached rows reflect: when the stored one differs, another runner moved on. */
  #cachedAt: GlobalPosition | undefined;
  readonly #batchSize: number;
  readonly #followDelayMs: number;
  #tail: Promise<unknown> = Promise.resolve();
  #subscription: Subscription | undefined;
  #ringing: Promise<void> | undefined;
  #again = false;
  /** Why following stopped, if it did; the next successful catch-up clears it. */
  error: Error | undefined;

  constructor(
    private readonly store: EventStore,
    readonly target: ProjectionStore,
    readonly projections: readonly Projection[],
    options: RunnerOptions = {},
  ) {
    this.#batchSize = options.batchSize ?? 2_000;
    this.#followDelayMs = options.followDelayMs ?? DEFAULT_FOLLOW_DELAY_MS;
    this.#set = new WorkingSet(options.maxCachedRows ?? 5_000);
    this.#unread = unreadTypes(projections);
  }

  get tables(): readonly Table[] {
    return this.projections.flatMap((p) => p.tables);
  }

  /** Applies every event after the checkpoint (or up to `until`). */
  catchUp(options: CatchUpOptions = {}): Promise<CatchUpResult> {
    return this.#exclusive(() => this.#run(options));
  }

  /** Deletes every row and the checkpoint, then applies the whole history. */
  rebuild(options: CatchUpOptions = {}): Promise<CatchUpResult> {
    return this.#exclusive(async () => {
      await this.#clear();
      return this.#run(options);
    });
  }

  /**
   * Catches up, then follows: every new event in the store starts another catch-up. A failure
   * does not stop the caller (commands do not depend on projections): it is kept in `error`, and
   * thrown by the next query's catch-up.
   */
  async start(): Promise<void> {
    if (this.#subscription) return;
    await this.catchUp().catch((error: unknown) => {
      this.error = error instanceof Error ? error : new Error(String(error));
    });
    const after = await this.target.checkpoint();
    this.#subscription = this.store.subscribeToAll({
      ...(after === undefined ? {} : { after }),
      onEvent: () => this.#ring(),
      onError: (error) => {
        this.error = error;
      },
    });
  }

  async stop(): Promise<void> {
    await this.#subscription?.close();
    this.#subscription = undefined;
    await this.#ringing;
  }

  #ring(): void {
    this.#again = true;
    if (this.#ringing !== undefined) return;
    this.#ringing = (async () => {
      while (this.#again && this.#subscription !== undefined) {
        // The events of the next moments join this catch-up: one catch-up per delay at most, even
        // when new events keep coming while one runs.
        if (this.#followDelayMs > 0) await pause(this.#followDelayMs);
        if (this.#subscription === undefined) break;
        this.#again = false;
        try {
          await this.catchUp();
        } catch (error) {
          this.error = error instanceof Error ? error : new Error(String(error));
          break;
        }
      }
      this.#ringing = undefined;
    })();
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(work, work);
    this.#tail = next.catch(() => undefined);
    return next;
  }

  async #run(options: CatchUpOptions): Promise<CatchUpResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.#pass(options);
        this.error = undefined;
        return result;
      } catch (error) {
        this.#set.discard();
        if (!(error instanceof ProjectionCheckpointConflictError) || attempt >= CONFLICT_RETRIES) throw error;
        await pause(Math.min(attempt, 20));
      }
    }
  }

  async #pass(options: CatchUpOptions): Promise<CatchUpResult> {
    let checkpoint = await this.target.checkpoint();
    if (checkpoint !== this.#cachedAt) this.#set.discard();
    this.#cachedAt = checkpoint;
    let last = checkpoint;
    let pending = 0;
    let events = 0;
    const slice = this.#subscription === undefined ? Infinity : FOLLOWING_SLICE;
    let sinceTurn = 0;
    const commit = async (position: GlobalPosition): Promise<void> => {
      await this.target.commit({ expected: checkpoint, position, writes: this.#set.takeWrites() });
      checkpoint = position;
      this.#cachedAt = position;
      pending = 0;
      this.#set.committed();
      options.onProgress?.({ events, position });
      // Reading and applying never wait on I/O: without this a long catch-up would hold the event
      // loop (HTTP requests, timers, signals, a parent's death) until its very end.
      await nextTurn();
      sinceTurn = 0;
    };
    const from = checkpoint === undefined ? {} : { after: checkpoint };
    pages: for await (const page of readEventPages(this.store, { ...from, batchSize: Math.min(this.#batchSize, READ_PAGE) })) {
      for (const stored of page) {
        // No checkpoint: rows another version of the projections left (under another checkpoint name) go before anything is read.
        if (checkpoint === undefined && events === 0) await this.#clear();
        // Awaited only when a projection asked for rows the working set lacks.
        const incomplete = this.#apply(stored);
        if (incomplete !== undefined) await incomplete;
        last = stored.position;
        pending++;
        events++;
        const reached = stored.position === options.until;
        if (pending >= this.#batchSize || reached) await commit(stored.position);
        if (reached) break pages;
        // Between commits too: the commands arriving meanwhile wait a slice, not a whole batch.
        if (++sinceTurn >= slice) {
          await nextTurn();
          sinceTurn = 0;
        }
      }
    }
    if (pending > 0 && last !== undefined) await commit(last);
    return { events, position: checkpoint };
  }

  async #clear(): Promise<void> {
    this.#set.discard();
    await this.target.reset(this.tables);
  }

  /** Applies the event to every projection; a promise only when rows must be loaded first. */
  #apply(stored: RecordedData): Promise<void> | undefined {
    if (this.#unread.has(stored.type)) return undefined;
    const event = projectionEventOf(stored);
    if (event === undefined) return undefined;
    for (let i = 0; i < this.projections.length; i++) {
      const projection = this.projections[i] as Projection;
      const writes = this.#attempt(projection, event);
      if (writes === undefined) return this.#applyLoading(event, i);
      this.#set.apply(writes);
    }
    return undefined;
  }

  /** From projection `from` on, loading the rows each asks for until it has all it needs. */
  async #applyLoading(event: ProjectionEvent, from: number): Promise<void> {
    for (const projection of this.projections.slice(from)) {
      let writes = this.#attempt(projection, event);
      while (writes === undefined) {
        for (const { table, key } of this.#set.missing) this.#set.learn(table, key, await this.target.get(table, key));
        writes = this.#attempt(projection, event);
      }
      this.#set.apply(writes);
    }
  }

  /** The projection's writes, or undefined when it asked for rows the working set lacked (listed in `missing`). */
  #attempt(projection: Projection, event: ProjectionEvent): readonly RowWrite[] | undefined {
    if (!projection.eventTypes.has(event.event.type)) return [];
    const rows = this.#set.reader();
    let writes: readonly RowWrite[] = [];
    try {
      writes = projection.evolve(rows, event);
    } catch (error) {
      // An answer computed from rows that were not loaded yet may be nonsense: only a complete read counts.
      if (this.#set.missing.length === 0) {
        throw projectionFailure(projection, event, error);
      }
    }
    return this.#set.missing.length === 0 ? writes : undefined;
  }
}
