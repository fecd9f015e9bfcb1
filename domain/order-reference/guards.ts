/** Checks shared by the order reference's decisions; each returns a rejection or undefined. */
import { DRAFT_STALE_AFTER_HOURS, isStaleDraft } from '../policy.js';
import { reject, type Decision } from '../shared/decision.js';
import type { Money } from '../shared/money.js';
import { REFERENCE_ID_PATTERN } from '../shared/reference-ids.js';
import type { Instant } from '../shared/time.js';
import type { OrderReferenceErrorCode } from './errors.js';
import type { OrderReferenceEvent } from './events.js';
import type { Order, OrderReferenceState } from './state.js';
import type { Constraint, OrderState } from './types.js';

export type OrderDecision = Decision<OrderReferenceEvent, OrderReferenceErrorCode>;
type Refusal = OrderDecision | undefined;

export function withOrder(state: OrderReferenceState, id: string, decide: (o: Order) => OrderDecision): OrderDecision {
  if (!state.exists || state.order.id !== id) {
    return reject('InvalidOrderReferenceId', `order reference '${id}' does not exist`, { orderReferenceId: id });
  }
  return decide(state.order);
}

export { isStaleDraft };

export function wrongStatus(o: Order, action: string): OrderDecision {
  return reject('InvalidOrderReferenceStatus', `${action} is not allowed on an order reference in state ${o.status.state}`, {
    orderReferenceId: o.id,
    state: o.status.state,
  });
}

/** Rejects an intent command outside `allowed` states; a stale Draft counts as Canceled. */
export function statusGuard(o: Order, at: Instant, allowed: readonly OrderState[], action: string): Refusal {
  if (!allowed.includes(o.status.state)) return wrongStatus(o, action);
  if (!isStaleDraft(o, at)) return undefined;
  return reject('InvalidOrderReferenceStatus', `${action}: the Draft order reference was not confirmed within ${DRAFT_STALE_AFTER_HOURS} hours`, {
    orderReferenceId: o.id,
    state: 'Draft',
  });
}

/** What keeps a Draft from being confirmed (no shipping constraint: physical vs digital is not modelled). */
export function constraintsOf(o: Pick<Order, 'orderTotal' | 'paymentMethod' | 'pending'>): Constraint[] {
  const left: Constraint[] = [];
  if (o.orderTotal === undefined) left.push({ constraintId: 'AmountNotSet', description: 'The order total has not been set.' });
  if ((o.pending.paymentMethod ?? o.paymentMethod) === undefined) {
    left.push({ constraintId: 'PaymentPlanNotSet', description: 'The buyer has not selected a payment method.' });
  }
  return left;
}

export function constraintsGuard(o: Order): Refusal {
  const left = constraintsOf(o);
  if (left.length === 0) return undefined;
  return reject('ConstraintsExist', `the order reference has constraints: ${left.map((c) => c.constraintId).join(', ')}`, {
    orderReferenceId: o.id,
    constraints: left.map((c) => ({ constraintId: c.constraintId, description: c.description })),
  });
}

export function unknownTransaction(what: string, id: string): OrderDecision {
  return reject('InvalidTransactionId', `${what} '${id}' does not exist on this order reference`, { id });
}

/** TransactionAmountExceeded when `amount` is above `limit` (same currency: checked before). */
export function amountGuard(amount: Money, limit: Money, message: string): Refusal {
  return amount.amount <= limit.amount ? undefined : reject('TransactionAmountExceeded', message, { limit: limit.amount, amount: amount.amount });
}

export function invalidParameter(field: string, message: string): OrderDecision {
  return reject('InvalidParameterValue', `${field}: ${message}`, { field });
}

export function positiveGuard(field: string, amount: Money): Refusal {
  return amount.amount > 0 ? undefined : invalidParameter(field, 'must be greater than zero');
}

export function lengthGuard(field: string, value: string | undefined, max: number): Refusal {
  return value === undefined || value.length <= max ? undefined : invalidParameter(field, `at most ${max} characters`);
}

export function referenceIdGuard(field: string, value: string): Refusal {
  return REFERENCE_ID_PATTERN.test(value) ? undefined : invalidParameter(field, 'at most 32 characters of A-Z a-z 0-9 - _');
}

export function currencyGuard(expected: Money, actual: Money, what: string): Refusal {
  if (expected.currency === actual.currency) return undefined;
  return reject('CurrencyMismatch', `${what} is in ${actual.currency}, expected ${expected.currency}`, {
    expected: expected.currency,
    actual: actual.currency,
  });
}

/** The first rejection among the guards, evaluated in order (later ones may rely on earlier ones). */
export function firstRejection(...guards: (() => Refusal)[]): Refusal {
  for (const guard of guards) {
    const rejection = guard();
    if (rejection) return rejection;
  }
  return undefined;
}

/** Ids come from the application's generator: a clash is a bug, not a domain rejection. */
export function assertNewId(record: object, id: string, what: string): void {
  if (Object.hasOwn(record, id)) throw new Error(`${what} id '${id}' is already in use: the id generator issued it twice`);
}
