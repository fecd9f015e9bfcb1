/**
 * The order reference as its history says it is. `evolve` is total and never validates:
 * events are facts, already decided.
 */
import type { PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import type { Money } from '../shared/money.js';
import type { ReferenceRecord } from '../shared/reference-ids.js';
import type { Instant } from '../shared/time.js';
import type { OrderReferenceEvent } from './events.js';
import { creationFingerprint } from './fingerprints.js';
import { evolveTransactions, statusAt } from './evolve-transactions.js';
import type { AuthorizationState, CaptureState, OrderState, ParentDetails, RefundState, SellerOrderAttributes, Status } from './types.js';

export interface Authorization {
  readonly id: string;
  readonly referenceId: string;
  readonly amount: Money;
  readonly sellerAuthorizationNote?: string;
  readonly softDescriptor?: string;
  readonly transactionTimeout: number;
  readonly captureNow: boolean;
  readonly captureNowId?: string;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
  readonly status: Status<AuthorizationState>;
  readonly softDecline?: boolean;
  /** `IdList`: the captures requested on it, declined ones included. */
  readonly captureIds: readonly string[];
}

export interface Capture {
  readonly id: string;
  readonly referenceId?: string;
  readonly authorizationId: string;
  readonly amount: Money;
  readonly sellerCaptureNote?: string;
  readonly softDescriptor?: string;
  readonly createdAt: Instant;
  readonly status: Status<CaptureState>;
  /** `IdList`: the refunds requested on it, declined ones included. */
  readonly refundIds: readonly string[];
}

export interface Refund {
  readonly id: string;
  readonly referenceId: string;
  readonly captureId: string;
  readonly amount: Money;
  readonly sellerRefundNote?: string;
  readonly softDescriptor?: string;
  readonly createdAt: Instant;
  readonly status: Status<RefundState>;
}

export interface Order {
  readonly id: string;
  readonly sellerId: string;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly parent?: ParentDetails;
  readonly orderTotal?: Money;
  readonly sellerNote?: string;
  readonly sellerOrderAttributes: SellerOrderAttributes;
  /** In effect (shown by GetOrderReferenceDetails). */
  readonly paymentMethod?: string;
  readonly destination?: PhysicalDestination;
  /** Selected in the widgets, in effect after the seller's next confirmation. */
  readonly pending: { readonly paymentMethod?: string; readonly destination?: PhysicalDestination };
  readonly status: Status<OrderState>;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
  /** Canonical creation parameters, to tell a repeated create from a clash. */
  readonly creationFingerprint: string;
  /** By id, in creation order (ids are never integer-like, so key order is insertion order). */
  readonly authorizations: Readonly<Record<string, Authorization>>;
  readonly captures: Readonly<Record<string, Capture>>;
  readonly refunds: Readonly<Record<string, Refund>>;
  /** By seller reference id, shared by all three kinds (DOMAIN.md §2.6). */
  readonly references: Readonly<Record<string, ReferenceRecord>>;
  /** Newest Amazon LastUpdateTimestamp seen per object id: facts at or before it are stale. */
  readonly amazonWatermarks: Readonly<Record<string, Instant>>;
}

export type OrderReferenceState = { readonly exists: false } | { readonly exists: true; readonly order: Order };

export const initialState: OrderReferenceState = { exists: false };

type EventOf<T extends OrderReferenceEvent['type']> = Extract<OrderReferenceEvent, { type: T }>;

function created(e: EventOf<'OrderReferenceCreated'>): Order {
  return {
    id: e.orderReferenceId,
    sellerId: e.sellerId,
    releaseEnvironment: e.releaseEnvironment,
    ...(e.parent === undefined ? {} : { parent: e.parent }),
    ...(e.orderTotal === undefined ? {} : { orderTotal: e.orderTotal }),
    sellerOrderAttributes: {},
    ...(e.paymentMethod === undefined ? {} : { paymentMethod: e.paymentMethod }),
    ...(e.destination === undefined ? {} : { destination: e.destination }),
    pending: {},
    status: { state: 'Draft', lastUpdateTimestamp: e.at },
    createdAt: e.at,
    expiresAt: e.expiresAt,
    creationFingerprint: creationFingerprint({
      orderReferenceId: e.orderReferenceId,
      sellerId: e.sellerId,
      releaseEnvironment: e.releaseEnvironment,
      orderTotal: e.orderTotal,
      parentId: e.parent?.id,
    }),
    authorizations: {},
    captures: {},
    refunds: {},
    references: {},
    amazonWatermarks: {},
  };
}

function detailsSet(o: Order, e: EventOf<'OrderReferenceDetailsSet'>): Order {
  return {
    ...o,
    ...(e.orderTotal === undefined ? {} : { orderTotal: e.orderTotal }),
    ...(e.sellerNote === undefined ? {} : { sellerNote: e.sellerNote }),
    ...(e.sellerOrderAttributes === undefined ? {} : { sellerOrderAttributes: e.sellerOrderAttributes }),
  };
}

function confirmed(o: Order, e: EventOf<'OrderReferenceConfirmed'>): Order {
  const paymentMethod = o.pending.paymentMethod ?? o.paymentMethod;
  const destination = o.pending.destination ?? o.destination;
  return {
    ...o,
    ...(paymentMethod === undefined ? {} : { paymentMethod }),
    ...(destination === undefined ? {} : { destination }),
    pending: {},
    status: statusAt('Open', e.at),
  };
}

function withWatermark(o: Order, objectId: string, timestamp: Instant): Order {
  return { ...o, amazonWatermarks: { ...o.amazonWatermarks, [objectId]: timestamp } };
}

/** Every event but the creation, applied to an existing order. */
export function evolveOrder(o: Order, e: OrderReferenceEvent): Order {
  switch (e.type) {
    case 'OrderReferenceCreated':
      return o;
    case 'OrderReferenceDetailsSet':
      return detailsSet(o, e);
    case 'OrderPaymentMethodSelected':
      return { ...o, pending: { ...o.pending, paymentMethod: e.paymentMethod } };
    case 'OrderAddressSelected':
      // Amazon requires a new payment selection after an address selection (DOMAIN.md §2.2).
      return { ...o, pending: { destination: e.destination } };
    case 'OrderReferenceConfirmed':
      return confirmed(o, e);
    case 'OrderReferenceSuspended':
      return { ...o, status: statusAt('Suspended', e.at, e.reasonCode) };
    case 'OrderReferenceCanceled':
      return { ...o, status: statusAt('Canceled', e.at, e.reasonCode, e.reasonDescription) };
    case 'OrderReferenceClosed':
      return { ...o, status: statusAt('Closed', e.at, e.reasonCode, e.reasonDescription) };
    case 'OrderReferenceStatusReported':
      return withWatermark({ ...o, status: e.status }, o.id, e.status.lastUpdateTimestamp);
    case 'OrderAmazonStatusObserved':
      return withWatermark(o, e.objectId, e.amazonLastUpdateTimestamp);
    default:
      return evolveTransactions(o, e);
  }
}

export function evolve(state: OrderReferenceState, event: OrderReferenceEvent): OrderReferenceState {
  if (event.type === 'OrderReferenceCreated') return state.exists ? state : { exists: true, order: created(event) };
  if (!state.exists) return state;
  return { exists: true, order: evolveOrder(state.order, event) };
}

/** The order after these events: decisions use it to see the consequences of their own events. */
export function project(o: Order, events: readonly OrderReferenceEvent[]): Order {
  return events.reduce(evolveOrder, o);
}
