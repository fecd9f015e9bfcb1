/** `Capture` and `Refund` (DOMAIN.md §3.1, §2.6). */
import { MAX_REFUNDS_PER_CAPTURE } from '../policy.js';
import { accept, nothing, reject } from '../shared/decision.js';
import { add, showMoney } from '../shared/money.js';
import { checkReference } from '../shared/reference-ids.js';
import { isAtOrAfter } from '../shared/time.js';
import type { Capture, Refund } from './commands.js';
import { captureClosureAfterRefund, completeCapture } from './consequences.js';
import type { CaptureRequested, OrderReferenceEvent, RefundRequested } from './events.js';
import { captureFingerprint, refundFingerprint } from './fingerprints.js';
import {
  amountGuard,
  assertNewId,
  currencyGuard,
  firstRejection,
  lengthGuard,
  positiveGuard,
  referenceIdGuard,
  unknownTransaction,
  wrongStatus,
  type OrderDecision,
} from './guards.js';
import { ceiling, chargedOrReserved, liveCaptureOf, refundedOrPending } from './queries.js';
import { own } from '../shared/records.js';
import { project, type Authorization, type Order, type Capture as CaptureRecord } from './state.js';

export function capture(c: Capture, o: Order): OrderDecision {
  const reference = checkReference(c.captureReferenceId, own(o.references, c.captureReferenceId), 'Capture', captureFingerprint(c));
  if (reference.kind === 'repeat') return nothing;
  if (reference.kind === 'rejected') return reference.decision;
  const authorization = own(o.authorizations, c.authorizationId);
  if (authorization === undefined) return unknownTransaction('authorization', c.authorizationId);
  const refused = captureRefusal(c, o, authorization);
  if (refused) return refused;
  assertNewId(o.captures, c.captureId, 'capture');
  const requested: CaptureRequested = {
    type: 'CaptureRequested',
    orderReferenceId: o.id,
    at: c.at,
    captureId: c.captureId,
    captureReferenceId: c.captureReferenceId,
    authorizationId: c.authorizationId,
    amount: c.amount,
    ...(c.sellerCaptureNote === undefined ? {} : { sellerCaptureNote: c.sellerCaptureNote }),
    ...(c.softDescriptor === undefined ? {} : { softDescriptor: c.softDescriptor }),
  };
  const next = project(o, [requested]);
  switch (c.outcome.state) {
    case 'Pending':
      return accept(requested);
    case 'Completed':
      return accept(requested, ...completeCapture(next, c.captureId, c.at));
    case 'Declined':
      return accept<OrderReferenceEvent>(requested, {
        type: 'CaptureDeclined',
        orderReferenceId: o.id,
        at: c.at,
        captureId: c.captureId,
        reasonCode: c.outcome.reasonCode,
      });
  }
}

/** A closed order's open authorizations stay capturable (DOMAIN.md §3); one capture each, within 30 days. */
function captureRefusal(c: Capture, o: Order, a: Authorization): OrderDecision | undefined {
  const notCapturable = (why: string): OrderDecision =>
    reject('InvalidAuthorizationStatus', `authorization '${a.id}' cannot be captured: ${why}`, { authorizationId: a.id, state: a.status.state });
  const total = o.orderTotal;
  return firstRejection(
    () => (['Open', 'Suspended', 'Closed'].includes(o.status.state) ? undefined : wrongStatus(o, 'Capture')),
    () => (a.status.state === 'Open' ? undefined : notCapturable(`it is ${a.status.state}`)),
    () => (isAtOrAfter(c.at, a.expiresAt) ? notCapturable('it expired') : undefined),
    () => (liveCaptureOf(o, a) === undefined ? undefined : notCapturable('it was already captured')),
    () => referenceIdGuard('CaptureReferenceId', c.captureReferenceId),
    () => positiveGuard('CaptureAmount', c.amount),
    () => lengthGuard('SellerCaptureNote', c.sellerCaptureNote, 255),
    () => lengthGuard('SoftDescriptor', c.softDescriptor, 16),
    () => currencyGuard(a.amount, c.amount, 'the capture amount'),
    () => amountGuard(c.amount, a.amount, `the capture of ${showMoney(c.amount)} exceeds the authorized ${showMoney(a.amount)}`),
    // Captures on one order never exceed its total plus tolerance (the point where it closes MaxAmountCharged).
    () =>
      total === undefined
        ? undefined
        : amountGuard(add(chargedOrReserved(o, total.currency), c.amount), ceiling(total), 'the order would be charged beyond its total plus tolerance'),
  );
}

export function refund(c: Refund, o: Order): OrderDecision {
  const reference = checkReference(c.refundReferenceId, own(o.references, c.refundReferenceId), 'Refund', refundFingerprint(c));
  if (reference.kind === 'repeat') return nothing;
  if (reference.kind === 'rejected') return reference.decision;
  const captured = own(o.captures, c.captureId);
  if (captured === undefined) return unknownTransaction('capture', c.captureId);
  const refused = refundRefusal(c, o, captured);
  if (refused) return refused;
  assertNewId(o.refunds, c.refundId, 'refund');
  const requested: RefundRequested = {
    type: 'RefundRequested',
    orderReferenceId: o.id,
    at: c.at,
    refundId: c.refundId,
    refundReferenceId: c.refundReferenceId,
    captureId: c.captureId,
    amount: c.amount,
    ...(c.sellerRefundNote === undefined ? {} : { sellerRefundNote: c.sellerRefundNote }),
    ...(c.softDescriptor === undefined ? {} : { softDescriptor: c.softDescriptor }),
  };
  const events: OrderReferenceEvent[] = [requested];
  const base = { orderReferenceId: o.id, at: c.at, refundId: c.refundId };
  if (c.outcome.state === 'Completed') events.push({ type: 'RefundCompleted', ...base });
  if (c.outcome.state === 'Declined') events.push({ type: 'RefundDeclined', ...base, reasonCode: c.outcome.reasonCode });
  return accept(...events, ...captureClosureAfterRefund(project(o, events), c.captureId, c.at));
}

/**
 * The count is checked before the state, so the 11th refund hears TransactionCountExceeded
 * although the 10th already closed the capture (MaxRefundsProcessed).
 */
function refundRefusal(c: Refund, o: Order, captured: CaptureRecord): OrderDecision | undefined {
  return firstRejection(
    () => referenceIdGuard('RefundReferenceId', c.refundReferenceId),
    () => positiveGuard('RefundAmount', c.amount),
    () => lengthGuard('SellerRefundNote', c.sellerRefundNote, 255),
    () => lengthGuard('SoftDescriptor', c.softDescriptor, 16),
    () => currencyGuard(captured.amount, c.amount, 'the refund amount'),
    () =>
      captured.refundIds.length < MAX_REFUNDS_PER_CAPTURE
        ? undefined
        : reject('TransactionCountExceeded', `a capture allows at most ${MAX_REFUNDS_PER_CAPTURE} refunds`, {
            captureId: captured.id,
            limit: MAX_REFUNDS_PER_CAPTURE,
          }),
    () =>
      captured.status.state === 'Completed'
        ? undefined
        : reject('CaptureNotRefundable', `capture '${captured.id}' is ${captured.status.state}, not Completed`, {
            captureId: captured.id,
            state: captured.status.state,
          }),
    // Refunds per capture total at most the captured amount plus tolerance (DOMAIN.md §3.1).
    () => {
      const limit = ceiling(captured.amount);
      return amountGuard(add(refundedOrPending(o, captured), c.amount), limit, `refunds would exceed ${showMoney(limit)} on capture '${captured.id}'`);
    },
  );
}
