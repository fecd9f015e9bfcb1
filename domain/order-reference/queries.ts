/** Sums and counts over an order's authorizations, captures and refunds. */
import { MAX_AUTHORIZATIONS_PER_ORDER, overageAllowance } from '../policy.js';
import { add, sum, type Currency, type Money } from '../shared/money.js';
import { own } from '../shared/records.js';
import type { Authorization, Capture, Order, Refund } from './state.js';

/** The base plus Amazon's tolerance: min(15 %, 75 USD/EUR/GBP; 8,400 JPY) (policy). */
export const ceiling = (base: Money): Money => add(base, overageAllowance(base));

/** A capture that is not Declined uses up its authorization: one capture per authorization. */
export function liveCaptureOf(o: Order, a: Authorization): Capture | undefined {
  return a.captureIds.map((id) => own(o.captures, id)).find((c) => c !== undefined && c.status.state !== 'Declined');
}

const wasCompleted = (c: Capture): boolean => c.status.state === 'Completed' || c.status.state === 'Closed';

/**
 * Captured or on its way: every capture not Declined, plus the amount of each Pending
 * CaptureNow authorization (it captures itself when it opens, so its amount is reserved).
 */
export function chargedOrReserved(o: Order, currency: Currency): Money {
  const captures = Object.values(o.captures).filter((c) => c.status.state !== 'Declined');
  const reserved = Object.values(o.authorizations).filter((a) => a.status.state === 'Pending' && a.captureNowId !== undefined);
  return sum([...captures.map((c) => c.amount), ...reserved.map((a) => a.amount)], currency);
}

export function completedCaptureTotal(o: Order, currency: Currency): Money {
  return sum(Object.values(o.captures).filter(wasCompleted).map((c) => c.amount), currency);
}

export function capturedAuthorizationCount(o: Order): number {
  return Object.values(o.authorizations).filter((a) => a.captureIds.some((id) => {
    const c = own(o.captures, id);
    return c !== undefined && wasCompleted(c);
  })).length;
}

export const authorizationCapacityLeft = (o: Order): number => MAX_AUTHORIZATIONS_PER_ORDER - Object.keys(o.authorizations).length;

export function refundsOf(o: Order, c: Capture): Refund[] {
  return c.refundIds.flatMap((id) => {
    const r = own(o.refunds, id);
    return r === undefined ? [] : [r];
  });
}

/** Refunded or on its way: every refund on the capture that is not Declined. */
export function refundedOrPending(o: Order, c: Capture): Money {
  return sum(refundsOf(o, c).filter((r) => r.status.state !== 'Declined').map((r) => r.amount), c.amount.currency);
}
