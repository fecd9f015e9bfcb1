/** Creation, the buyer's widgets, confirmation, cancelation and closing (DOMAIN.md §2.3, §3). */
import { ORDER_REFERENCE_VALIDITY_DAYS } from '../policy.js';
import { accept, nothing, reject } from '../shared/decision.js';
import { addDays } from '../shared/time.js';
import type {
  CancelOrderReference,
  CloseOrderReference,
  ConfirmOrderReference,
  CreateOrderReference,
  SelectOrderAddress,
  SelectOrderPaymentMethod,
  SetOrderReferenceDetails,
} from './commands.js';
import type { OrderReferenceCreated, OrderReferenceEvent } from './events.js';
import { creationFingerprint } from './fingerprints.js';
import {
  constraintsGuard,
  firstRejection,
  invalidParameter,
  lengthGuard,
  positiveGuard,
  statusGuard,
  wrongStatus,
  type OrderDecision,
} from './guards.js';
import { liveCaptureOf } from './queries.js';
import { evolve, initialState, type Order, type OrderReferenceState } from './state.js';

/**
 * Creating an existing order again: an identical request (same seller, environment, total and
 * parent) is a retry and changes nothing; anything else is refused OrderReferenceAlreadyExists.
 */
export function create(c: CreateOrderReference, state: OrderReferenceState): OrderDecision {
  const fingerprint = creationFingerprint({
    orderReferenceId: c.orderReferenceId,
    sellerId: c.sellerId,
    releaseEnvironment: c.releaseEnvironment,
    orderTotal: c.orderTotal,
    parentId: c.parent?.billingAgreementId,
  });
  if (state.exists) {
    if (state.order.creationFingerprint === fingerprint) return nothing;
    return reject('OrderReferenceAlreadyExists', `order reference '${c.orderReferenceId}' already exists with other parameters`, {
      orderReferenceId: c.orderReferenceId,
    });
  }
  const invalid = c.orderTotal === undefined ? undefined : positiveGuard('OrderTotal', c.orderTotal);
  if (invalid) return invalid;
  const created: OrderReferenceCreated = {
    type: 'OrderReferenceCreated',
    orderReferenceId: c.orderReferenceId,
    at: c.at,
    sellerId: c.sellerId,
    releaseEnvironment: c.releaseEnvironment,
    expiresAt: addDays(c.at, ORDER_REFERENCE_VALIDITY_DAYS),
    ...(c.orderTotal === undefined ? {} : { orderTotal: c.orderTotal }),
    ...(c.parent === undefined ? {} : inherited(c.parent)),
  };
  if (!c.confirmNow) return accept(created);
  const after = evolve(initialState, created);
  const left = after.exists ? constraintsGuard(after.order) : undefined;
  return left ?? accept<OrderReferenceEvent>(created, { type: 'OrderReferenceConfirmed', orderReferenceId: c.orderReferenceId, at: c.at });
}

/** CreateOrderReferenceForId: the agreement's payment method, and its address when inherited (DOMAIN.md §2.3). */
function inherited(parent: NonNullable<CreateOrderReference['parent']>): Pick<OrderReferenceCreated, 'parent' | 'paymentMethod' | 'destination'> {
  return {
    parent: { id: parent.billingAgreementId, type: 'BillingAgreement' },
    paymentMethod: parent.paymentMethod,
    ...(parent.destination === undefined ? {} : { destination: parent.destination }),
  };
}

/** SetOrderReferenceDetails: only a Draft may be modified. */
export function setDetails(c: SetOrderReferenceDetails, o: Order): OrderDecision {
  const refused = firstRejection(
    () =>
      o.status.state === 'Draft'
        ? undefined
        : reject('OrderReferenceNotModifiable', `an order reference in state ${o.status.state} cannot be modified`, {
            orderReferenceId: o.id,
            state: o.status.state,
          }),
    () => statusGuard(o, c.at, ['Draft'], 'SetOrderReferenceDetails'),
    () => (c.orderTotal === undefined ? undefined : positiveGuard('OrderTotal', c.orderTotal)),
    () => lengthGuard('SellerNote', c.sellerNote, 1024),
  );
  if (refused) return refused;
  if (c.orderTotal === undefined && c.sellerNote === undefined && c.sellerOrderAttributes === undefined) return nothing;
  return accept({
    type: 'OrderReferenceDetailsSet',
    orderReferenceId: o.id,
    at: c.at,
    ...(c.orderTotal === undefined ? {} : { orderTotal: c.orderTotal }),
    ...(c.sellerNote === undefined ? {} : { sellerNote: c.sellerNote }),
    ...(c.sellerOrderAttributes === undefined ? {} : { sellerOrderAttributes: c.sellerOrderAttributes }),
  });
}

/** onPaymentSelect: before the first confirmation, or to fix a Suspended order. */
export function selectPaymentMethod(c: SelectOrderPaymentMethod, o: Order): OrderDecision {
  const refused = firstRejection(
    () => statusGuard(o, c.at, ['Draft', 'Suspended'], 'Selecting a payment method'),
    () => (c.paymentMethod === '' ? invalidParameter('paymentMethod', 'must not be empty') : undefined),
  );
  return refused ?? accept({ type: 'OrderPaymentMethodSelected', orderReferenceId: o.id, at: c.at, paymentMethod: c.paymentMethod });
}

export function selectAddress(c: SelectOrderAddress, o: Order): OrderDecision {
  const refused = statusGuard(o, c.at, ['Draft', 'Suspended'], 'Selecting an address');
  return refused ?? accept({ type: 'OrderAddressSelected', orderReferenceId: o.id, at: c.at, destination: c.destination });
}

/** Draft → Open without constraints; Suspended → Open only with a newly selected payment method. */
export function confirm(c: ConfirmOrderReference, o: Order): OrderDecision {
  const refused = firstRejection(
    () => statusGuard(o, c.at, ['Draft', 'Suspended'], 'ConfirmOrderReference'),
    () => (o.status.state === 'Draft' ? constraintsGuard(o) : undefined),
    () =>
      o.status.state === 'Suspended' && o.pending.paymentMethod === undefined
        ? reject('PaymentMethodNotUpdated', 'the buyer has not selected a new payment method since the order was suspended', {
            orderReferenceId: o.id,
          })
        : undefined,
  );
  return refused ?? accept({ type: 'OrderReferenceConfirmed', orderReferenceId: o.id, at: c.at });
}

/** Only while nothing was captured; the pending and open authorizations close with it (DOMAIN.md §3). */
export function cancel(c: CancelOrderReference, o: Order): OrderDecision {
  if (o.status.state === 'Canceled') return nothing;
  const authorizations = Object.values(o.authorizations);
  const refused = firstRejection(
    () => statusGuard(o, c.at, ['Draft', 'Open', 'Suspended'], 'CancelOrderReference'),
    () => (authorizations.some((a) => liveCaptureOf(o, a) !== undefined) ? wrongStatus(o, 'Canceling an order with a capture') : undefined),
  );
  if (refused) return refused;
  const base = { orderReferenceId: o.id, at: c.at };
  const closures: OrderReferenceEvent[] = authorizations
    .filter((a) => a.status.state === 'Pending' || a.status.state === 'Open')
    .map((a) => ({ type: 'OrderAuthorizationClosed', ...base, authorizationId: a.id, reasonCode: 'OrderReferenceCanceled' }));
  const reason = c.cancelationReason === undefined ? {} : { reasonDescription: c.cancelationReason };
  return accept<OrderReferenceEvent>({ type: 'OrderReferenceCanceled', ...base, reasonCode: 'SellerCanceled', ...reason }, ...closures);
}

/** Open or Suspended → Closed; the closure reason is kept as ReasonDescription; open authorizations stay capturable. */
export function close(c: CloseOrderReference, o: Order): OrderDecision {
  if (o.status.state === 'Closed') return nothing;
  const refused = statusGuard(o, c.at, ['Open', 'Suspended'], 'CloseOrderReference');
  if (refused) return refused;
  const reason = c.closureReason === undefined ? {} : { reasonDescription: c.closureReason };
  return accept({ type: 'OrderReferenceClosed', orderReferenceId: o.id, at: c.at, reasonCode: c.reasonCode, ...reason });
}
