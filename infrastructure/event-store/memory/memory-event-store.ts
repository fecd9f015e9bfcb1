/**
 * The event store in memory, for tests and demos: the same semantics as the SQLite store
 * (positions "1", "2", … in append order, atomic appends, batched reads, catch-up subscriptions),
 * gone when the process ends. Events are kept as JSON text, so what comes back is a copy, exactly
 * as a durable store would return it.
 */
import {
  EventStoreUnavailableError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store.js';
import { chained, linkFor, type ChainedRecord, type ChainLink } from '../shared/stream-chain.js';
import type { EventLocator } from '../../../application/ports/snapshot-store.js';
import {
  checkAppendable,
  checkBatchSize,
  checkExpectedRevision,
  checkFromRevision,
  DuplicateEventIdError,
  formatPosition,
  parsePosition,
} from '../shared/append-rules.js';
import { Follower } from '../shared/follower.js';

interface Row {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  /** The stream's hash chain (stream-chain.ts); none on checkpoint streams. */
  readonly link?: ChainLink;
}

export class MemoryEventStore implements EventStore, EventLocator {
  /** Row i has position i + 1. */
  readonly #rows: Row[] = [];
  /** Stream id → indexes into #rows, in revision order. */
  readonly #streams = new Map<string, number[]>();
  /** Event id → index into #rows. */
  readonly #eventIds = new Map<string, number>();
  readonly #followers = new Set<Follower>();
  #closed = false;

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.#checkOpen();
    checkAppendable(streamId, events, expected);
    const indexes = this.#streams.get(streamId) ?? [];
    checkExpectedRevision(streamId, expected, indexes.length === 0 ? undefined : indexes.length - 1);
    let previous = indexes.length === 0 ? undefined : this.#rows[indexes[indexes.length - 1] ?? -1]?.link?.hash;
    const rows = events.map((event, offset) => {
      const row = this.#toRow(streamId, event, indexes.length + offset, previous);
      previous = row.link?.hash;
      return row;
    });
    for (const row of rows) {
      this.#rows.push(row);
      this.#eventIds.set(row.eventId, this.#rows.length - 1);
      indexes.push(this.#rows.length - 1);
    }
    this.#streams.set(streamId, indexes);
    for (const follower of this.#followers) follower.wake();
    return { nextExpectedRevision: indexes.length - 1, position: formatPosition(this.#rows.length) };
  }

  async *readStream(streamId: string, options: { readonly fromRevision?: number } = {}): AsyncIterable<StoredEvent> {
    this.#checkOpen();
    const indexes = this.#streams.get(streamId) ?? [];
    for (let revision = checkFromRevision(options.fromRevision); revision < indexes.length; revision++) {
      this.#checkOpen();
      yield this.#stored(indexes[revision] ?? Number.NaN);
    }
  }

  async currentRevision(streamId: string): Promise<number | undefined> {
    this.#checkOpen();
    const length = this.#streams.get(streamId)?.length ?? 0;
    return length === 0 ? undefined : length - 1;
  }

  async revisionOf(streamId: string, eventId: string): Promise<number | undefined> {
    this.#checkOpen();
    const row = this.#rows[this.#eventIds.get(eventId) ?? -1];
    return row?.streamId === streamId ? row.revision : undefined;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    this.#checkOpen();
    if (options.batchSize !== undefined) checkBatchSize(options.batchSize);
    const after = options.after === undefined ? 0 : parsePosition(options.after);
    for (let index = after; index < this.#rows.length; index++) {
      this.#checkOpen();
      yield this.#stored(index);
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.#checkOpen();
    if (options.batchSize !== undefined) checkBatchSize(options.batchSize);
    const readAfter = (after: GlobalPosition | undefined): AsyncIterable<StoredEvent> =>
      this.readAll(after === undefined ? {} : { after });
    const follower = new Follower(readAfter, options, undefined, (ended) => this.#followers.delete(ended));
    this.#followers.add(follower);
    return follower;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#followers].map((follower) => follower.close()));
  }

  /** Serializes before anything is written, so that a bad event leaves the store unchanged. */
  #toRow(streamId: string, event: NewEvent, revision: number, previous: string | undefined): Row {
    const existing = this.#eventIds.get(event.eventId);
    if (existing !== undefined) {
      throw new DuplicateEventIdError(event.eventId, this.#rows[existing]?.streamId ?? streamId);
    }
    const data = JSON.stringify(event.data);
    const metadata = JSON.stringify(event.metadata);
    const row = { streamId, revision, eventId: event.eventId, type: event.type, data, metadata };
    return chained(streamId) ? { ...row, link: linkFor(previous, { ...row, data: JSON.parse(data) as unknown, metadata: event.metadata }) } : row;
  }

  /** Every event with its stored chain link, in global order (for StreamChainEvidence). */
  async *chainedRecords(): AsyncIterable<ChainedRecord> {
    for (let index = 0; index < this.#rows.length; index++) {
      const stored = this.#stored(index);
      yield { ...stored, link: this.#rows[index]?.link };
    }
  }

  #stored(index: number): StoredEvent {
    const row = this.#rows[index];
    if (row === undefined) throw new Error(`in-memory event store has no event at index ${index}`);
    return {
      streamId: row.streamId,
      revision: row.revision,
      position: formatPosition(index + 1),
      eventId: row.eventId,
      type: row.type,
      data: JSON.parse(row.data),
      metadata: JSON.parse(row.metadata),
    };
  }

  #checkOpen(): void {
    if (this.#closed) throw new EventStoreUnavailableError('the in-memory event store is closed');
  }
}
