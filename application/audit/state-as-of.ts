/**
 * What an agreement (with its order references) or an order reference looked like at an instant
 * or a global position: the state folded from each stream's events up to the cut-off. An instant
 * cuts at the events recorded at or before it (the store's `recordedAt`), a position at the
 * events at or before it in the global order. Each stream is cut as a prefix, so the state shown
 * is one the stream really had.
 */
import { evolve as evolveAgreement, initialState as noAgreement, ledgerOf, type Agreement, type AgreementLedger, type BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import { evolve as evolveOrder, initialState as noOrder, type Order, type OrderReferenceEvent } from '../../domain/order-reference/index.js';
import { compareInstants, type Instant } from '../../domain/shared/time.js';
import { billingAgreements } from '../aggregates/billing-agreement.js';
import { orderReferences } from '../aggregates/order-reference.js';
import { decodeEvent } from '../event-codec.js';
import type { EventStore, GlobalPosition, StoredEvent } from '../ports/event-store.js';
import type { ComparePositions } from '../ports/position-order.js';
import { childOrderIds, readStream, type SubjectKind } from './history.js';

export type Cutoff = { readonly kind: 'instant'; readonly instant: Instant } | { readonly kind: 'position'; readonly position: GlobalPosition };

export interface StateAsOf {
  readonly kind: SubjectKind;
  readonly id: string;
  readonly cutoff: Cutoff;
  /** Undefined when it did not exist yet at the cut-off. */
  readonly agreement?: Agreement;
  /** For an agreement: its full ledger as it was (every authorization and month window; the state keeps the recent ones). */
  readonly ledger?: AgreementLedger;
  readonly order?: Order;
  /** For an agreement: its order references as they were (those that existed). */
  readonly orders: readonly Order[];
  /** Events folded, over all streams. */
  readonly events: number;
}

function prefix(events: readonly StoredEvent[], cutoff: Cutoff, compare: ComparePositions): StoredEvent[] {
  const within = (e: StoredEvent): boolean =>
    cutoff.kind === 'instant' ? compareInstants(e.metadata.recordedAt, cutoff.instant) <= 0 : compare(e.position, cutoff.position) <= 0;
  const end = events.findIndex((e) => !within(e));
  return end < 0 ? [...events] : events.slice(0, end);
}

function orderOf(events: readonly StoredEvent[]): Order | undefined {
  const state = events.map((e) => decodeEvent<OrderReferenceEvent>(orderReferences, e)).reduce(evolveOrder, noOrder);
  return state.exists ? state.order : undefined;
}

/** Undefined when no stream of that id exists at all. */
export async function stateAsOf(store: EventStore, compare: ComparePositions, id: string, cutoff: Cutoff): Promise<StateAsOf | undefined> {
  const all = await readStream(store, billingAgreements.streamId(id));
  if (all.length > 0) {
    const agreementEvents = prefix(all, cutoff, compare);
    const decoded = agreementEvents.map((e) => decodeEvent<BillingAgreementEvent>(billingAgreements, e));
    const state = decoded.reduce(evolveAgreement, noAgreement);
    const orderStreams = await Promise.all(childOrderIds(agreementEvents).map((orderId) => readStream(store, orderReferences.streamId(orderId))));
    const cut = orderStreams.map((events) => prefix(events, cutoff, compare));
    const orders = cut.map(orderOf).filter((o): o is Order => o !== undefined);
    const events = agreementEvents.length + cut.reduce((n, e) => n + e.length, 0);
    return { kind: 'BillingAgreement', id, cutoff, ...(state.exists ? { agreement: state.agreement, ledger: ledgerOf(decoded) } : {}), orders, events };
  }
  const orderEvents = await readStream(store, orderReferences.streamId(id));
  if (orderEvents.length === 0) return undefined;
  const cut = prefix(orderEvents, cutoff, compare);
  const order = orderOf(cut);
  return { kind: 'OrderReference', id, cutoff, ...(order === undefined ? {} : { order }), orders: [], events: cut.length };
}
