/**
 * The event store port: append-only streams with optimistic concurrency, a global order over all
 * streams, and following new events. Adapters: SQLite (embedded default), in-memory, EventStoreDB.
 */
import type { JsonValue } from '../../domain/shared/decision.js';

/** Who asked. */
export type Actor = 'buyer' | 'seller' | 'amazon-ipn' | 'operator' | 'engine';
/** Through which door the command came. */
export type Source = 'library' | 'mws' | 'ipn' | 'http' | 'cli' | 'process-manager';

/** Stored with every event: which command, from whom, in which conversation, when. */
export interface EventMetadata {
  /** Idempotency key of the command that produced the event. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  readonly source: Source;
  /** When the engine recorded the event (the application's clock), ISO-8601 UTC. */
  readonly recordedAt: string;
}

export interface NewEvent {
  /**
   * Unique and deterministic: derived from the command id, the stream and the event's index (so
   * unique across streams too). Stores refuse an id repeated within a stream or an append; a retry
   * of an append that already succeeded is never written twice.
   */
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: EventMetadata;
}

/**
 * A position in the global order of all events, opaque outside its store: compare positions only
 * through the store that issued them. Stored as text in checkpoints.
 */
export type GlobalPosition = string;

export interface StoredEvent extends NewEvent {
  readonly streamId: string;
  /** 0 for a stream's first event. */
  readonly revision: number;
  readonly position: GlobalPosition;
}

/** A stored event without its metadata. */
export type RecordedData = Omit<StoredEvent, 'metadata'>;

/** Every event in global order, page by page, by the store's lighter read when it has one. */
export function readEventPages(store: EventStore, options: ReadAllOptions = {}): AsyncIterable<readonly RecordedData[]> {
  return store.readAllPages?.(options) ?? pagesOf(store.readAll(options), options.batchSize ?? 500);
}

/** A stream's events from a revision on, page by page, by the store's lighter read when it has one. */
export function readStreamPages(store: EventStore, streamId: string, options: { readonly fromRevision?: number } = {}): AsyncIterable<readonly RecordedData[]> {
  return store.readStreamPages?.(streamId, options) ?? pagesOf(store.readStream(streamId, options), 500);
}

async function* pagesOf<T>(events: AsyncIterable<T>, size: number): AsyncIterable<readonly T[]> {
  let page: T[] = [];
  for await (const event of events) {
    page.push(event);
    if (page.length >= size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** `no_stream`: the stream must not exist; a number: the revision of the stream's last event. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event written (the stream's current revision). */
  readonly nextExpectedRevision: number;
  /** Position of the last event written. */
  readonly position: GlobalPosition;
}

export interface ReadAllOptions {
  /** Exclusive: events after this position. Absent: from the very beginning. */
  readonly after?: GlobalPosition;
  /** How many events an adapter fetches at once (bounded memory). */
  readonly batchSize?: number;
}

export interface Subscription {
  /** Stops following; resolves when the handler will not be called again. */
  close(): Promise<void>;
}

export interface SubscribeOptions extends ReadAllOptions {
  /** Called for every event in global order, one at a time (awaited). */
  readonly onEvent: (event: StoredEvent) => Promise<void> | void;
  /** Called once if following fails; the subscription is then closed. */
  readonly onError?: (error: Error) => void;
}

export interface EventStore {
  /**
   * Appends atomically (all or none) if the stream's revision is as expected, and resolves only
   * when the events are durable. Throws WrongExpectedRevisionError otherwise.
   */
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** The stream's events in revision order; an absent stream yields nothing. */
  readStream(streamId: string, options?: { readonly fromRevision?: number }): AsyncIterable<StoredEvent>;
  /** Every event of every stream in global order, fetched in batches (never all at once). */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /**
   * As `readAll`, a page (`batchSize` events) at a time and without the events' metadata, for
   * bulk readers that need none (projections): an adapter offers it where that is cheaper.
   * `readEventPages` falls back to `readAll`.
   */
  readAllPages?(options?: ReadAllOptions): AsyncIterable<readonly RecordedData[]>;
  /** As `readStream`, a page at a time and without the events' metadata (folds that need none); `readStreamPages` falls back to `readStream`. */
  readStreamPages?(streamId: string, options?: { readonly fromRevision?: number }): AsyncIterable<readonly RecordedData[]>;
  /**
   * The stream's current revision when the store knows it without reading: its own last append
   * to the stream, and nothing else can have written since (another process, another
   * connection). Undefined otherwise, and from stores without the means: a loader then reads.
   */
  knownRevision?(streamId: string): number | undefined;
  /** Catches up from `after`, then delivers new events as they are appended, until closed. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream '${streamId}': expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Stored history that cannot be read as written: never skipped, never repaired silently. */
export class CorruptEventError extends Error {
  constructor(
    message: string,
    readonly streamId: string | undefined,
    readonly position: GlobalPosition | undefined,
  ) {
    super(message);
    this.name = 'CorruptEventError';
  }
}

/** The store cannot be used at all (missing, unreadable, newer schema, disk full, read-only). */
export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
