/**
 * What follows from a settled authorization, capture or refund, shared by the requests (with a
 * synchronous outcome) and the later outcome commands: each sees the order after the events
 * already decided (`project`), so a consequence never double-counts or misses one.
 */
import type { AuthorizationOutcome } from '../shared/amazon.js';
import { MAX_AUTHORIZATIONS_PER_ORDER, MAX_REFUNDS_PER_CAPTURE } from '../policy.js';
import { compare } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type { CaptureRequested, OrderReferenceEvent } from './events.js';
import { capturedAuthorizationCount, ceiling, completedCaptureTotal, refundedOrPending } from './queries.js';
import { own } from '../shared/records.js';
import { project, type Order } from './state.js';

type Declined = Extract<AuthorizationOutcome, { state: 'Declined' }>;

/** A CaptureNow authorization captures its full amount as soon as it opens (DOMAIN.md §2.4). */
export function openAuthorization(o: Order, authorizationId: string, at: Instant): OrderReferenceEvent[] {
  const opened: OrderReferenceEvent = { type: 'OrderAuthorizationOpened', orderReferenceId: o.id, at, authorizationId };
  const a = own(o.authorizations, authorizationId);
  if (a === undefined || a.captureNowId === undefined) return [opened];
  const requested: CaptureRequested = {
    type: 'CaptureRequested',
    orderReferenceId: o.id,
    at,
    captureId: a.captureNowId,
    authorizationId,
    amount: a.amount,
    ...(a.softDescriptor === undefined ? {} : { softDescriptor: a.softDescriptor }),
  };
  const events = [opened, requested];
  return [...events, ...completeCapture(project(o, events), a.captureNowId, at)];
}

/** A decline for InvalidPaymentMethod suspends an Open order until the buyer fixes the method (DOMAIN.md §3). */
export function declineAuthorization(o: Order, authorizationId: string, outcome: Declined, at: Instant): OrderReferenceEvent[] {
  const declined: OrderReferenceEvent = {
    type: 'OrderAuthorizationDeclined',
    orderReferenceId: o.id,
    at,
    authorizationId,
    reasonCode: outcome.reasonCode,
    softDecline: outcome.softDecline,
  };
  if (outcome.reasonCode !== 'InvalidPaymentMethod' || o.status.state !== 'Open') return [declined];
  return [declined, { type: 'OrderReferenceSuspended', orderReferenceId: o.id, at, reasonCode: 'InvalidPaymentMethod' }];
}

/** One capture per authorization: a completed capture closes it; the order may be fully charged. */
export function completeCapture(o: Order, captureId: string, at: Instant): OrderReferenceEvent[] {
  const completed: OrderReferenceEvent = { type: 'CaptureCompleted', orderReferenceId: o.id, at, captureId };
  const capture = own(o.captures, captureId);
  const a = capture === undefined ? undefined : own(o.authorizations, capture.authorizationId);
  const stillOpen = a !== undefined && (a.status.state === 'Open' || a.status.state === 'Pending');
  const events: OrderReferenceEvent[] = [completed];
  if (stillOpen) {
    events.push({ type: 'OrderAuthorizationClosed', orderReferenceId: o.id, at, authorizationId: a.id, reasonCode: 'MaxCapturesProcessed' });
  }
  return [...events, ...orderClosureAfterCapture(project(o, events), at)];
}

/** Closed / MaxAmountCharged at the order total plus tolerance; Closed / MaxAuthorizationsCaptured at 10 captured. */
function orderClosureAfterCapture(o: Order, at: Instant): OrderReferenceEvent[] {
  if (o.status.state !== 'Open' && o.status.state !== 'Suspended') return [];
  const close = (reasonCode: 'MaxAmountCharged' | 'MaxAuthorizationsCaptured'): OrderReferenceEvent[] => [
    { type: 'OrderReferenceClosed', orderReferenceId: o.id, at, reasonCode },
  ];
  const total = o.orderTotal;
  if (total !== undefined && compare(completedCaptureTotal(o, total.currency), ceiling(total)) >= 0) return close('MaxAmountCharged');
  if (capturedAuthorizationCount(o) >= MAX_AUTHORIZATIONS_PER_ORDER) return close('MaxAuthorizationsCaptured');
  return [];
}

/**
 * A Completed capture closes once its refunds (all but Declined) reach the captured amount
 * plus tolerance (MaxAmountRefunded), or once it has 10 refunds of any outcome (MaxRefundsProcessed).
 */
export function captureClosureAfterRefund(o: Order, captureId: string, at: Instant): OrderReferenceEvent[] {
  const c = own(o.captures, captureId);
  if (c === undefined || c.status.state !== 'Completed') return [];
  const close = (reasonCode: 'MaxAmountRefunded' | 'MaxRefundsProcessed'): OrderReferenceEvent[] => [
    { type: 'CaptureClosed', orderReferenceId: o.id, at, captureId, reasonCode },
  ];
  if (compare(refundedOrPending(o, c), ceiling(c.amount)) >= 0) return close('MaxAmountRefunded');
  if (c.refundIds.length >= MAX_REFUNDS_PER_CAPTURE) return close('MaxRefundsProcessed');
  return [];
}
