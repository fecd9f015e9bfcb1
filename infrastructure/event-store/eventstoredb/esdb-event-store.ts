/**
 * The event store port over EventStoreDB (gRPC, @eventstore/db-client). Streams are named by the
 * application and passed through; `$all` gives the global order; system events are skipped.
 */
import {
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError,
  type Position,
  type RecordedEvent,
} from '@eventstore/db-client';
import {
  EventStoreUnavailableError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../../../application/ports/event-store.js';
import { checkAppendable, checkBatchSize, checkFromRevision } from '../shared/append-rules.js';
import { comparePositions, decodePosition, encodePosition, isSystemEventType, toClientRevision, toEventData, toStoredEvent } from './esdb-codec.js';
import { translateError } from './esdb-errors.js';
import { chained, linkFor, type ChainedRecord, type ChainLink } from '../shared/stream-chain.js';
import { drain } from './esdb-reading.js';
import { EsdbSubscription } from './esdb-subscription.js';

const DEFAULT_BATCH_SIZE = 500;

export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<EsdbSubscription>();
  private closed = false;

  constructor(private readonly client: EventStoreDBClient) {}

  /** E.g. `esdb://localhost:2113?tls=false`. */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.checkOpen();
    // Also refuses an id repeated within the append: the server itself would store both.
    checkAppendable(streamId, events, expected);
    try {
      const links = await this.linksFor(streamId, events, expected);
      const result = await this.client.appendToStream(streamId, events.map((event, i) => toEventData(event, links?.[i])), { expectedRevision: toClientRevision(expected) });
      const revision = Number(result.nextExpectedRevision);
      // A retried append the server recognises by its event ids writes nothing and reports no position.
      const position = result.position ?? (await this.eventAt(streamId, revision)).position;
      if (position === undefined) throw new Error(`EventStoreDB reported no position for ${streamId}@${revision}`);
      return { nextExpectedRevision: revision, position: encodePosition(position) };
    } catch (error) {
      throw translateError(error, { streamId, expected });
    }
  }

  async *readStream(streamId: string, options: { readonly fromRevision?: number } = {}): AsyncIterable<StoredEvent> {
    this.checkOpen();
    const fromRevision = BigInt(checkFromRevision(options.fromRevision));
    for await (const recorded of this.read(streamId, { fromRevision, direction: FORWARDS })) yield toStoredEvent(recorded);
  }

  /**
   * Batch after batch of `batchSize`: a batch is read from the last position seen, which the
   * server includes again, so each batch after the first asks for one more and drops it.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    this.checkOpen();
    const batchSize = checkBatchSize(options.batchSize ?? DEFAULT_BATCH_SIZE);
    for await (const recorded of this.recordedAll(options.after === undefined ? undefined : decodePosition(options.after), batchSize)) yield toStoredEvent(recorded);
  }

  /** `$all` after `after`, our events only (not the server's own), batch after batch. */
  private async *recordedAll(after: Position | undefined, batchSize: number): AsyncIterable<RecordedEvent> {
    for (;;) {
      const maxCount = after === undefined ? batchSize : batchSize + 1;
      let received = 0;
      for await (const resolved of drain(this.client.readAll({ fromPosition: after ?? START, maxCount, direction: FORWARDS }))) {
        received++;
        const recorded = resolved.event;
        if (recorded === undefined || (after !== undefined && comparePositions(recorded.position, after) <= 0)) continue;
        after = recorded.position;
        if (!isSystemEventType(recorded.type)) yield recorded;
      }
      if (received < maxCount) return;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.checkOpen();
    if (options.batchSize !== undefined) checkBatchSize(options.batchSize);
    const subscription = new EsdbSubscription(this.client, options, (closed) => this.subscriptions.delete(closed));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  /** The client would go on working after `dispose()`: a closed store refuses like the others. */
  private checkOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('the EventStoreDB event store is closed');
  }

  /**
   * The stream's hash chain for the appended events, from the link of the event the expected
   * revision names (the append fails if that is not the stream's last). None for appends at any
   * revision (checkpoint streams only) and for checkpoint streams.
   */
  private async linksFor(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<ChainLink[] | undefined> {
    if (expected === 'any' || !chained(streamId)) return undefined;
    const before = expected === 'no_stream' ? undefined : (await this.eventAt(streamId, expected)).metadata;
    const stored = (before as { chain?: { hash?: unknown } } | undefined)?.chain?.hash;
    let previous = typeof stored === 'string' ? stored : undefined;
    const first = expected === 'no_stream' ? 0 : expected + 1;
    return events.map((event, i) => {
      const link = linkFor(previous, { streamId, revision: first + i, eventId: event.eventId, type: event.type, data: JSON.parse(JSON.stringify(event.data)) as unknown, metadata: event.metadata });
      previous = link.hash;
      return link;
    });
  }

  /** Every event of `$all` with the chain link its metadata holds, in order (for StreamChainEvidence). */
  async *chainedRecords(): AsyncIterable<ChainedRecord> {
    this.checkOpen();
    for await (const recorded of this.recordedAll(undefined, DEFAULT_BATCH_SIZE)) {
      yield { ...toStoredEvent(recorded), link: (recorded.metadata as { chain?: unknown } | undefined)?.chain };
    }
  }

  private async eventAt(streamId: string, revision: number): Promise<{ position?: Position; metadata?: unknown }> {
    // Read to its end (one event) rather than leave the loop early: an abandoned read call, many
    // at once as appends race, could leave the client waiting.
    let found: RecordedEvent | undefined;
    for await (const recorded of this.read(streamId, { fromRevision: BigInt(revision), direction: FORWARDS, maxCount: 1 })) found ??= recorded;
    return found ?? {};
  }

  /** A stream's recorded events; an absent stream has none. */
  private async *read(streamId: string, options: Parameters<EventStoreDBClient['readStream']>[1]): AsyncIterable<RecordedEvent> {
    try {
      for await (const resolved of drain(this.client.readStream(streamId, options))) {
        if (resolved.event !== undefined) yield resolved.event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw translateError(error);
    }
  }
}
