/**
 * Statuses Amazon reports (IPNs, DOMAIN.md §5): lenient and idempotent. A fact at or before
 * the object's watermark is a duplicate or stale and changes nothing; a terminal state absorbs
 * later facts; a newer fact that changes nothing still moves the watermark. Each object has its
 * own notifications, so a fact never cascades to other objects.
 */
import { accept, nothing } from '../shared/decision.js';
import { isBefore } from '../shared/time.js';
import type { RecordOrderAuthorizationStatus, RecordCaptureStatus, RecordOrderReferenceStatus, RecordRefundStatus } from './commands.js';
import type { OrderReferenceEvent } from './events.js';
import { unknownTransaction, type OrderDecision } from './guards.js';
import { own } from '../shared/records.js';
import type { Order } from './state.js';
import {
  TERMINAL_AUTHORIZATION_STATES,
  TERMINAL_CAPTURE_STATES,
  TERMINAL_ORDER_STATES,
  TERMINAL_REFUND_STATES,
  type Status,
} from './types.js';

interface Target<S extends string> {
  readonly objectId: string;
  readonly current: Status<S>;
  /** Draft or Pending: once left, a fact cannot bring the object back to it. */
  readonly initial: S;
  readonly terminal: readonly S[];
}

const sameStatus = (a: Status<string>, b: Status<string>): boolean =>
  a.state === b.state && a.reasonCode === b.reasonCode && a.reasonDescription === b.reasonDescription;

function recordStatus<S extends string>(o: Order, at: string, target: Target<S>, reported: Status<S>, changed: OrderReferenceEvent): OrderDecision {
  const watermark = own(o.amazonWatermarks, target.objectId);
  // Amazon's timestamps are compared with Amazon's only, never with the engine's clock.
  if (watermark !== undefined && !isBefore(watermark, reported.lastUpdateTimestamp)) return nothing;
  const { current } = target;
  const absorbed = target.terminal.includes(current.state) || (reported.state === target.initial && current.state !== target.initial);
  if (!absorbed && !sameStatus(current, reported)) return accept(changed);
  return accept({
    type: 'OrderAmazonStatusObserved',
    orderReferenceId: o.id,
    at,
    objectId: target.objectId,
    amazonLastUpdateTimestamp: reported.lastUpdateTimestamp,
  });
}

export function recordOrderReferenceStatus(c: RecordOrderReferenceStatus, o: Order): OrderDecision {
  const target = { objectId: o.id, current: o.status, initial: 'Draft' as const, terminal: TERMINAL_ORDER_STATES };
  return recordStatus(o, c.at, target, c.status, { type: 'OrderReferenceStatusReported', orderReferenceId: o.id, at: c.at, status: c.status });
}

export function recordOrderAuthorizationStatus(c: RecordOrderAuthorizationStatus, o: Order): OrderDecision {
  const a = own(o.authorizations, c.authorizationId);
  if (a === undefined) return unknownTransaction('authorization', c.authorizationId);
  const target = { objectId: a.id, current: a.status, initial: 'Pending' as const, terminal: TERMINAL_AUTHORIZATION_STATES };
  const changed: OrderReferenceEvent = {
    type: 'OrderAuthorizationStatusReported',
    orderReferenceId: o.id,
    at: c.at,
    authorizationId: a.id,
    status: c.status,
  };
  return recordStatus(o, c.at, target, c.status, changed);
}

export function recordCaptureStatus(c: RecordCaptureStatus, o: Order): OrderDecision {
  const capture = own(o.captures, c.captureId);
  if (capture === undefined) return unknownTransaction('capture', c.captureId);
  const target = { objectId: capture.id, current: capture.status, initial: 'Pending' as const, terminal: TERMINAL_CAPTURE_STATES };
  const changed: OrderReferenceEvent = { type: 'CaptureStatusReported', orderReferenceId: o.id, at: c.at, captureId: capture.id, status: c.status };
  return recordStatus(o, c.at, target, c.status, changed);
}

export function recordRefundStatus(c: RecordRefundStatus, o: Order): OrderDecision {
  const refund = own(o.refunds, c.refundId);
  if (refund === undefined) return unknownTransaction('refund', c.refundId);
  const target = { objectId: refund.id, current: refund.status, initial: 'Pending' as const, terminal: TERMINAL_REFUND_STATES };
  const changed: OrderReferenceEvent = { type: 'RefundStatusReported', orderReferenceId: o.id, at: c.at, refundId: refund.id, status: c.status };
  return recordStatus(o, c.at, target, c.status, changed);
}
