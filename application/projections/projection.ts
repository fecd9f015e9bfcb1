/**
 * A projection is a pure function of events: given the rows it has written so far (read through
 * a `RowReader`) and one event, the rows that event writes. Where the rows are kept (SQLite,
 * memory) and when they are committed is the runner's and the store's business.
 */
import type { BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { OrderReferenceEvent } from '../../domain/order-reference/index.js';
import { BILLING_AGREEMENT_STREAM_PREFIX, billingAgreements } from '../aggregates/billing-agreement.js';
import { ORDER_REFERENCE_STREAM_PREFIX, orderReferences } from '../aggregates/order-reference.js';
import { decodeEvent } from '../event-codec.js';
import type { GlobalPosition, RecordedData } from '../ports/event-store.js';
import type { Cell, Row, RowWrite, Table } from './tables.js';

/** The two aggregates' event type names are disjoint, so `type` alone tells them apart. */
export type DomainEvent = BillingAgreementEvent | OrderReferenceEvent;

/** Every billing agreement event names its agreement; no order reference event does. */
export const isAgreementEvent = (e: DomainEvent): e is BillingAgreementEvent => 'billingAgreementId' in e;

export interface ProjectionEvent {
  readonly eventId: string;
  readonly streamId: string;
  readonly position: GlobalPosition;
  readonly event: DomainEvent;
}

export interface RowReader {
  /** The row with this key (values in the order of `table.key`), undefined when there is none. */
  get<R extends Row>(table: Table<R>, key: readonly Cell[]): R | undefined;
}

export interface Projection {
  readonly name: string;
  readonly tables: readonly Table[];
  /** The event types it reads: for any other, `evolve` writes nothing (and is not called in a rebuild). */
  readonly eventTypes: ReadonlySet<string>;
  /**
   * Pure and deterministic: it may be called more than once for the same event (the runner
   * calls it again after loading rows it asked for), and only its last answer counts.
   */
  readonly evolve: (rows: RowReader, event: ProjectionEvent) => readonly RowWrite[];
}

/**
 * The known event types of both aggregates that no projection reads: the runner passes them over
 * undecoded, a rebuild does not read them. An event of an unknown type is still decoded, and
 * reported as corrupt.
 */
export function unreadTypes(projections: readonly Projection[]): ReadonlySet<string> {
  const read = new Set(projections.flatMap((projection) => [...projection.eventTypes]));
  return new Set([...billingAgreements.eventTypes, ...orderReferences.eventTypes].filter((type) => !read.has(type)));
}

/** A projection that threw on an event: a bug, named with the event that showed it. */
export function projectionFailure(projection: Projection, event: ProjectionEvent, cause: unknown): Error {
  return new Error(`projection '${projection.name}' failed on event ${event.eventId} (stream '${event.streamId}', position ${event.position})`, { cause });
}

/** The domain event of a stored record; undefined for streams no projection reads (reference ids, checkpoints). */
export function projectionEventOf(stored: RecordedData): ProjectionEvent | undefined {
  const { eventId, streamId, position } = stored;
  if (streamId.startsWith(BILLING_AGREEMENT_STREAM_PREFIX)) {
    return { eventId, streamId, position, event: decodeEvent<BillingAgreementEvent>(billingAgreements, stored) };
  }
  if (streamId.startsWith(ORDER_REFERENCE_STREAM_PREFIX)) {
    return { eventId, streamId, position, event: decodeEvent<OrderReferenceEvent>(orderReferences, stored) };
  }
  return undefined;
}
