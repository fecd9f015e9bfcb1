/**
 * The history in partitions, for rebuilds. Every row a projection reads or writes while applying
 * an event belongs to one billing agreement: the event's own agreement, or for an order
 * reference's event the agreement its `OrderReferenceCreated` names as parent. An order reference
 * created without one is a partition of its own. Replaying each partition alone, its events in
 * their global order, with only its own rows in memory, therefore gives the rows a replay of the
 * whole history in global order gives (a property test holds every projection to it): each row is
 * computed once, in memory, and written once, and no row is read back from the store.
 */
import type { OrderReferenceEvent } from '../../domain/order-reference/index.js';
import { BILLING_AGREEMENT_STREAM_PREFIX } from '../aggregates/billing-agreement.js';
import { ORDER_REFERENCE_STREAM_PREFIX } from '../aggregates/order-reference.js';
import type { RecordedData } from '../ports/event-store.js';
import { projectionEventOf, projectionFailure, type Projection, type RowReader } from './projection.js';
import { keyOf, rowIdentity, type Cell, type Row, type RowWrite, type Table } from './tables.js';

/**
 * Which stream joins which partition. An event of type `anchor.type` in a stream of
 * `anchor.streamPrefix` places its stream (the first such event does) in the partition of the
 * stream `anchor.partitionPrefix` + the text at `anchor.idPath` of its data, when the text at
 * `anchor.kindPath` is `anchor.kind`; every other stream is a partition of its own. Stated as
 * data, so that a store applies it where the events are (SQL's json_extract in
 * infrastructure/event-store/sqlite/partition-reading.ts) and reads no anchor twice.
 */
export interface PartitionRule {
  /** Streams the projections read (the others hold no domain events): only they are partitioned. */
  readonly streamPrefixes: readonly string[];
  readonly anchor: {
    readonly type: string;
    readonly streamPrefix: string;
    readonly kindPath: readonly string[];
    readonly kind: string;
    readonly idPath: readonly string[];
    readonly partitionPrefix: string;
  };
}

export const AGREEMENT_PARTITIONS: PartitionRule = {
  streamPrefixes: [BILLING_AGREEMENT_STREAM_PREFIX, ORDER_REFERENCE_STREAM_PREFIX],
  anchor: {
    type: 'OrderReferenceCreated' satisfies OrderReferenceEvent['type'],
    streamPrefix: ORDER_REFERENCE_STREAM_PREFIX,
    // OrderReferenceCreated.parent: ParentDetails (the spending projection's own test of an agreement's order).
    kindPath: ['parent', 'type'],
    kind: 'BillingAgreement',
    idPath: ['parent', 'id'],
    partitionPrefix: BILLING_AGREEMENT_STREAM_PREFIX,
  },
};

/**
 * The rows of one partition after its events (in global order), applied to every projection
 * from no rows at all: the last row written under each key, in the order first written.
 */
export function replayPartition(projections: readonly Projection[], events: readonly RecordedData[]): RowWrite[] {
  const rows = new Map<string, RowWrite>();
  const reader: RowReader = {
    get: <R extends Row>(table: Table<R>, key: readonly Cell[]) => rows.get(rowIdentity(table, key))?.row as R | undefined,
  };
  for (const stored of events) {
    const event = projectionEventOf(stored);
    if (event === undefined) continue;
    for (const projection of projections) {
      if (!projection.eventTypes.has(stored.type)) continue;
      let writes: readonly RowWrite[];
      try {
        writes = projection.evolve(reader, event);
      } catch (error) {
        throw projectionFailure(projection, event, error);
      }
      for (const written of writes) rows.set(rowIdentity(written.table, keyOf(written.table, written.row)), written);
    }
  }
  return [...rows.values()];
}
