/**
 * Pending requests settling (the processor's answer, lenient and idempotent), closing an
 * authorization, and the expiry sweep.
 */
import { accept, nothing, reject } from '../shared/decision.js';
import { isAtOrAfter } from '../shared/time.js';
import type {
  CloseAuthorization,
  ExpireOrderReference,
  RecordCaptureOutcome,
  RecordOrderAuthorizationOutcome,
  RecordRefundOutcome,
} from './commands.js';
import { completeCapture, declineAuthorization, openAuthorization } from './consequences.js';
import type { OrderReferenceEvent } from './events.js';
import { isStaleDraft, unknownTransaction, type OrderDecision } from './guards.js';
import { liveCaptureOf } from './queries.js';
import { own } from '../shared/records.js';
import type { Order } from './state.js';

/** Only a Pending authorization settles; any later answer about it changes nothing. */
export function recordOrderAuthorizationOutcome(c: RecordOrderAuthorizationOutcome, o: Order): OrderDecision {
  const a = own(o.authorizations, c.authorizationId);
  if (a === undefined) return unknownTransaction('authorization', c.authorizationId);
  if (a.status.state !== 'Pending') return nothing;
  if (c.outcome.state === 'Open') return accept(...openAuthorization(o, a.id, c.at));
  return accept(...declineAuthorization(o, a.id, c.outcome, c.at));
}

export function recordCaptureOutcome(c: RecordCaptureOutcome, o: Order): OrderDecision {
  const capture = own(o.captures, c.captureId);
  if (capture === undefined) return unknownTransaction('capture', c.captureId);
  if (capture.status.state !== 'Pending') return nothing;
  if (c.outcome.state === 'Completed') return accept(...completeCapture(o, capture.id, c.at));
  return accept({ type: 'CaptureDeclined', orderReferenceId: o.id, at: c.at, captureId: capture.id, reasonCode: c.outcome.reasonCode });
}

/** A refund's limits were checked when it was requested: settling it closes nothing. */
export function recordRefundOutcome(c: RecordRefundOutcome, o: Order): OrderDecision {
  const refund = own(o.refunds, c.refundId);
  if (refund === undefined) return unknownTransaction('refund', c.refundId);
  if (refund.status.state !== 'Pending') return nothing;
  const base = { orderReferenceId: o.id, at: c.at, refundId: refund.id };
  if (c.outcome.state === 'Completed') return accept({ type: 'RefundCompleted', ...base });
  return accept({ type: 'RefundDeclined', ...base, reasonCode: c.outcome.reasonCode });
}

/** CloseAuthorization: Pending or Open → Closed / SellerClosed, the closure reason kept as ReasonDescription. */
export function closeAuthorization(c: CloseAuthorization, o: Order): OrderDecision {
  const a = own(o.authorizations, c.authorizationId);
  if (a === undefined) return unknownTransaction('authorization', c.authorizationId);
  if (a.status.state === 'Closed') return nothing;
  if (a.status.state === 'Declined') {
    return reject('InvalidAuthorizationStatus', `authorization '${a.id}' was Declined and cannot be closed`, {
      authorizationId: a.id,
      state: a.status.state,
    });
  }
  const reason = c.closureReason === undefined ? {} : { reasonDescription: c.closureReason };
  return accept({ type: 'OrderAuthorizationClosed', orderReferenceId: o.id, at: c.at, authorizationId: a.id, reasonCode: 'SellerClosed', ...reason });
}

/**
 * The sweep at `at`: open authorizations not captured within 30 days close ExpiredUnused; a
 * Draft unconfirmed for 3 hours is Canceled / Stale; an Open or Suspended order past its 180
 * days is Closed / Expired. Nothing due → nothing.
 */
export function expire(c: ExpireOrderReference, o: Order): OrderDecision {
  const base = { orderReferenceId: o.id, at: c.at };
  const events: OrderReferenceEvent[] = Object.values(o.authorizations)
    .filter((a) => a.status.state === 'Open' && isAtOrAfter(c.at, a.expiresAt) && liveCaptureOf(o, a) === undefined)
    .map((a) => ({ type: 'OrderAuthorizationClosed', ...base, authorizationId: a.id, reasonCode: 'ExpiredUnused' }));
  if (isStaleDraft(o, c.at)) events.push({ type: 'OrderReferenceCanceled', ...base, reasonCode: 'Stale' });
  const live = o.status.state === 'Open' || o.status.state === 'Suspended';
  if (live && isAtOrAfter(c.at, o.expiresAt)) events.push({ type: 'OrderReferenceClosed', ...base, reasonCode: 'Expired' });
  return events.length === 0 ? nothing : accept(...events);
}
