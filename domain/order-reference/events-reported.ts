/**
 * Facts Amazon reported about the order and its transactions (IPNs), recorded as reported:
 * each names one object; `status.lastUpdateTimestamp` is Amazon's and becomes its watermark.
 */
import type { Instant } from '../shared/time.js';
import type { AuthorizationState, CaptureState, OrderState, RefundState, Status } from './types.js';

/** What every order reference event carries: the order and the engine's time of the decision. */
export interface Fact {
  readonly orderReferenceId: string;
  readonly at: Instant;
}

/** The order reference's new status. */
export interface OrderReferenceStatusReported extends Fact {
  readonly type: 'OrderReferenceStatusReported';
  readonly status: Status<OrderState>;
}

export interface OrderAuthorizationStatusReported extends Fact {
  readonly type: 'OrderAuthorizationStatusReported';
  readonly authorizationId: string;
  readonly status: Status<AuthorizationState>;
}

export interface CaptureStatusReported extends Fact {
  readonly type: 'CaptureStatusReported';
  readonly captureId: string;
  readonly status: Status<CaptureState>;
}

export interface RefundStatusReported extends Fact {
  readonly type: 'RefundStatusReported';
  readonly refundId: string;
  readonly status: Status<RefundState>;
}

/**
 * Amazon reported a newer status that changes nothing (same status, or a terminal state
 * absorbed it): only the object's watermark moves, so an older fact arriving later is stale.
 */
export interface OrderAmazonStatusObserved extends Fact {
  readonly type: 'OrderAmazonStatusObserved';
  /** The order reference, authorization, capture or refund id. */
  readonly objectId: string;
  readonly amazonLastUpdateTimestamp: Instant;
}
