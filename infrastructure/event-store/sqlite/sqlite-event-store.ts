/**
 * The embedded default event store: one SQLite file, shareable by several processes. Positions
 * are the decimal text of the `events.position` column (1, 2, 3, … in commit order). Appends in
 * flight at once are committed together (group-commit.ts); a worker thread checkpoints the WAL
 * (wal-checkpointer.ts).
 */
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import {
  EventStoreUnavailableError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type RecordedData,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store.js';
import { checkBatchSize, checkFromRevision, parsePosition } from '../shared/append-rules.js';
import { Follower } from '../shared/follower.js';
import { prepareAppend, prepareWriter } from './appending.js';
import { DEFAULT_BUSY_TIMEOUT_MS, openDatabase, type SqliteConnectionOptions } from './connection.js';
import { translateWriteFailure } from './failures.js';
import { DEFAULT_MAX_GROUP_SIZE, DEFAULT_THREAD_AFTER, GroupCommitter, type GroupCommitStats } from './group-commit.js';
import { OwnRevisions } from './own-revisions.js';
import { dataRowToData, pagedEvents, pagedRows, rowToEvent, type DataRow, type EventRow, type Pager } from './reading.js';
import { RecentEvents } from './recent-events.js';
import { SELECT_ALL_AFTER, SELECT_ALL_DATA_AFTER, SELECT_STREAM_DATA_FROM, SELECT_STREAM_FROM } from './sql.js';
import { WalCheckpointer, type WalCheckpointOptions } from './wal-checkpointer.js';

export interface SqliteEventStoreOptions extends SqliteConnectionOptions, WalCheckpointOptions {
  /** How often a subscription looks for events appended by other connections. Default 100. */
  readonly pollIntervalMs?: number;
  /** Rows fetched per query when no batch size is asked for. Default 500. */
  readonly batchSize?: number;
  /** Appends committed in one transaction at most. Default 256; 1 commits each on its own. */
  readonly maxGroupSize?: number;
  /** Appends after which a writer thread commits the groups (group-commit.ts). Default Infinity (never: it costs more than it overlaps on a fast local disk); 0: from the first. */
  readonly writerThreadAfter?: number;
}

export class SqliteEventStore implements EventStore {
  /** Absolute path of the file, as named in error messages. */
  readonly file: string;
  /**
   * The open connection, for the adapters that keep their tables in the same file (projections,
   * checkpoints, IPN inbox, hash chain; their tables come from MIGRATIONS in schema.ts). It
   * belongs to this store: do not close it, and do not hold a transaction open across an await.
   */
  readonly database: Database.Database;
  /** Absent on a read-only store, whose connection writes nothing to checkpoint. */
  readonly checkpointer: WalCheckpointer | undefined;
  readonly #committer: GroupCommitter;
  readonly #allAfter: Database.Statement<[number, number], EventRow>;
  readonly #allDataAfter: Database.Statement<[number, number], DataRow>;
  readonly #streamFrom: Database.Statement<[string, number, number], EventRow>;
  readonly #streamDataFrom: Database.Statement<[string, number, number], DataRow>;
  readonly #followers = new Set<Follower>();
  /** What this connection committed last, for the followers (recent-events.ts). */
  readonly #recent = new RecentEvents();
  /** The streams this connection wrote last, while nothing else has written (own-revisions.ts). */
  readonly #own: OwnRevisions;
  readonly #pollIntervalMs: number;
  readonly #batchSize: number;

  constructor(path: string, options: SqliteEventStoreOptions = {}) {
    this.file = resolve(path);
    this.#pollIntervalMs = options.pollIntervalMs ?? 100;
    this.#batchSize = checkBatchSize(options.batchSize ?? 500);
    this.database = openDatabase(this.file, options);
    this.#committer = new GroupCommitter(this.database, prepareWriter(this.database), {
      maxGroupSize: options.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE,
      translate: (error) => (this.database.open ? translateWriteFailure(this.file, 'append to', error) : this.#closed()),
      onCommitted: (committed, byThread) => {
        this.checkpointer?.start();
        if (byThread) this.#own.forget();
        else this.#own.committed(committed.map(({ append, result }) => [append.streamId, result.nextExpectedRevision]));
        if (this.#followers.size > 0) for (const { append, result } of committed) this.#recent.committed(append, result);
        for (const follower of this.#followers) follower.wake();
      },
      ...(options.readonly === true
        ? {}
        : { thread: { file: this.file, busyTimeoutMs: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, after: options.writerThreadAfter ?? DEFAULT_THREAD_AFTER } }),
    });
    this.#own = new OwnRevisions(this.database);
    this.checkpointer = options.readonly === true ? undefined : new WalCheckpointer(this.database, this.file, this.#committer, options);
    this.#allAfter = this.database.prepare<[number, number], EventRow>(SELECT_ALL_AFTER);
    this.#allDataAfter = this.database.prepare<[number, number], DataRow>(SELECT_ALL_DATA_AFTER).raw();
    this.#streamFrom = this.database.prepare<[string, number, number], EventRow>(SELECT_STREAM_FROM);
    this.#streamDataFrom = this.database.prepare<[string, number, number], DataRow>(SELECT_STREAM_DATA_FROM).raw();
  }

  /** Resolves once the transaction holding the events has committed (group-commit.ts). */
  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.#checkOpen();
    return this.#committer.submit(prepareAppend(streamId, events, expected));
  }

  /** The stream's revision when this connection wrote it last and nothing else has written to the file since; undefined otherwise. */
  knownRevision(streamId: string): number | undefined {
    return this.database.open ? this.#own.revisionOf(streamId) : undefined;
  }

  /** How many transactions the appends took: group commit at work. */
  get commitStats(): GroupCommitStats {
    return this.#committer.stats;
  }

  /** True while a writer thread commits the appends (group-commit.ts). */
  get writerThreadRunning(): boolean {
    return this.#committer.threaded;
  }

  /** Of the transactions in `commitStats`, how many the writer thread committed. */
  get threadCommits(): number {
    return this.#committer.threadCommits;
  }

  /** Starts the writer thread now rather than after `writerThreadAfter` appends; true once it commits the groups (false: none here). */
  startWriterThread(): Promise<boolean> {
    this.#checkOpen();
    return this.#committer.startThread();
  }

  /** A pragma on every connection that writes appends, the writer thread's too: how the fault tests limit the disk or forbid writes. */
  pragmaOnWriters(pragma: string): Promise<void> {
    this.#checkOpen();
    return this.#committer.pragmaOnWriters(pragma);
  }

  async *readStream(streamId: string, options: { readonly fromRevision?: number } = {}): AsyncIterable<StoredEvent> {
    yield* pagedEvents(this.file, this.#streamPager(streamId, this.#streamFrom), checkFromRevision(options.fromRevision), this.#batchSize);
  }

  /** `readStream` a page at a time, without reading the metadata column. */
  async *readStreamPages(streamId: string, options: { readonly fromRevision?: number } = {}): AsyncIterable<readonly RecordedData[]> {
    const pager: Pager<DataRow> = {
      fetchPage: (revision, limit) => this.#whenOpen(this.#streamDataFrom).all(streamId, revision, limit),
      cursorAfter: (row) => row[2] + 1,
      describe: (revision) => this.#inStream(streamId, revision),
    };
    yield* pagedRows(this.file, pager, checkFromRevision(options.fromRevision), this.#batchSize, dataRowToData);
  }

  #streamPager(streamId: string, statement: Database.Statement<[string, number, number], EventRow>): Pager {
    return {
      fetchPage: (revision, limit) => this.#whenOpen(statement).all(streamId, revision, limit),
      cursorAfter: (row) => row.revision + 1,
      describe: (revision) => this.#inStream(streamId, revision),
    };
  }

  #inStream(streamId: string, revision: number): string {
    return `in stream '${streamId}' from revision ${revision}`;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    yield* pagedEvents(this.file, this.#globalPager(this.#allAfter), this.#after(options), this.#pageSize(options));
  }

  /** `readAll` a page at a time, without reading the metadata column. */
  async *readAllPages(options: ReadAllOptions = {}): AsyncIterable<readonly RecordedData[]> {
    const pager: Pager<DataRow> = {
      fetchPage: (cursor, limit) => this.#whenOpen(this.#allDataAfter).all(cursor, limit),
      cursorAfter: (row) => row[0],
      describe: (cursor) => `after position ${cursor}`,
    };
    yield* pagedRows(this.file, pager, this.#after(options), this.#pageSize(options), dataRowToData);
  }

  #globalPager(statement: Database.Statement<[number, number], EventRow>): Pager {
    return {
      fetchPage: (cursor, limit) => this.#whenOpen(statement).all(cursor, limit),
      cursorAfter: (row) => row.position,
      describe: (cursor) => `after position ${cursor}`,
    };
  }

  #after(options: ReadAllOptions): number {
    return options.after === undefined ? 0 : parsePosition(options.after);
  }

  #pageSize(options: ReadAllOptions): number {
    return checkBatchSize(options.batchSize ?? this.#batchSize);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.#checkOpen();
    const batchSize = checkBatchSize(options.batchSize ?? this.#batchSize);
    const readAfter = (after: GlobalPosition | undefined): AsyncIterable<StoredEvent> => {
      const recent = after === undefined ? undefined : this.#recent.after(parsePosition(after));
      return recent === undefined ? this.readAll(after === undefined ? { batchSize } : { after, batchSize }) : this.#fromMemory(recent);
    };
    const follower = new Follower(readAfter, options, this.#pollIntervalMs, (ended) => this.#followers.delete(ended));
    this.#followers.add(follower);
    return follower;
  }

  async *#fromMemory(rows: readonly EventRow[]): AsyncIterable<StoredEvent> {
    for (const row of rows) yield rowToEvent(this.file, row);
  }

  /**
   * Ends the subscriptions (waiting for events being handled) and the checkpointer, commits the
   * appends still queued, then closes the file.
   */
  async close(): Promise<void> {
    await Promise.all([...this.#followers].map((follower) => follower.close()));
    await this.checkpointer?.stop();
    if (!this.database.open) return;
    await this.#committer.close();
    this.database.close();
  }

  #checkOpen(): void {
    if (!this.database.open) throw this.#closed();
  }

  #closed(): EventStoreUnavailableError {
    return new EventStoreUnavailableError(`event store '${this.file}' is closed`);
  }

  /** `statement`, once the connection is known to be open (it may close between two pages). */
  #whenOpen<T>(statement: T): T {
    this.#checkOpen();
    return statement;
  }
}

/** Opens (creating it and its directory if needed) and migrates the file at `path`. */
export async function openSqliteEventStore(path: string, options: SqliteEventStoreOptions = {}): Promise<SqliteEventStore> {
  return new SqliteEventStore(path, options);
}
