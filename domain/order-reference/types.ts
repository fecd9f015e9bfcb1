/** Value types of the order reference and its authorizations, captures and refunds. */
import type { Instant } from '../shared/time.js';

export type OrderState = 'Draft' | 'Open' | 'Suspended' | 'Canceled' | 'Closed';
export type AuthorizationState = 'Pending' | 'Open' | 'Declined' | 'Closed';
export type CaptureState = 'Pending' | 'Completed' | 'Declined' | 'Closed';
export type RefundState = 'Pending' | 'Completed' | 'Declined';

export const ORDER_STATES: readonly OrderState[] = ['Draft', 'Open', 'Suspended', 'Canceled', 'Closed'];
export const AUTHORIZATION_STATES: readonly AuthorizationState[] = ['Pending', 'Open', 'Declined', 'Closed'];
export const CAPTURE_STATES: readonly CaptureState[] = ['Pending', 'Completed', 'Declined', 'Closed'];
export const REFUND_STATES: readonly RefundState[] = ['Pending', 'Completed', 'Declined'];

/** States nothing leaves (DOMAIN.md §3, §3.1): later facts are recorded only as a watermark. */
export const TERMINAL_ORDER_STATES: readonly OrderState[] = ['Canceled', 'Closed'];
export const TERMINAL_AUTHORIZATION_STATES: readonly AuthorizationState[] = ['Declined', 'Closed'];
export const TERMINAL_CAPTURE_STATES: readonly CaptureState[] = ['Declined', 'Closed'];
export const TERMINAL_REFUND_STATES: readonly RefundState[] = ['Completed', 'Declined'];

export type OrderCanceledReason = 'SellerCanceled' | 'Stale' | 'AmazonCanceled';
export type OrderClosedReason =
  | 'Expired'
  | 'MaxAmountCharged'
  | 'MaxAuthorizationsCaptured'
  | 'MaxAuthorizationsProcessed'
  | 'AmazonClosed'
  | 'SellerClosed';
export type AuthorizationClosedReason = 'ExpiredUnused' | 'MaxCapturesProcessed' | 'AmazonClosed' | 'OrderReferenceCanceled' | 'SellerClosed';
export type CaptureDeclineReason = 'AmazonRejected' | 'ProcessingFailure';
export type CaptureClosedReason = 'MaxAmountRefunded' | 'MaxRefundsProcessed' | 'AmazonClosed';
export type RefundDeclineReason = 'AmazonRejected' | 'ProcessingFailure';

/**
 * `OrderReferenceStatus`, `AuthorizationStatus`, … as Amazon shows them. The reason code is
 * free text because Amazon's facts may carry codes this engine does not produce itself.
 */
export interface Status<S extends string> {
  readonly state: S;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  /** Amazon's time of the change, or the engine's `at` for a change the engine made. */
  readonly lastUpdateTimestamp: Instant;
}

export interface SellerOrderAttributes {
  readonly sellerOrderId?: string;
  readonly storeName?: string;
  readonly customInformation?: string;
}

/** `ParentDetails`: set when the order was created from a billing agreement (CreateOrderReferenceForId). */
export interface ParentDetails {
  readonly id: string;
  readonly type: 'BillingAgreement';
}

export interface Constraint {
  readonly constraintId: 'AmountNotSet' | 'PaymentPlanNotSet';
  readonly description: string;
}
