/**
 * What may be asked of an order reference. Intent commands (the seller's calls, the buyer's
 * widgets) may be rejected; `Record…` commands state what Amazon or the payment processor
 * already did and are lenient: a duplicate or stale fact yields no events. Ids are issued by
 * the application (an id generator port); the current time arrives as `at`.
 */
import type { AuthorizationOutcome, PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import type { Money } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type {
  AuthorizationState,
  CaptureDeclineReason,
  CaptureState,
  OrderState,
  RefundDeclineReason,
  RefundState,
  SellerOrderAttributes,
  Status,
} from './types.js';

interface Addressed {
  readonly orderReferenceId: string;
  readonly at: Instant;
}

/** From the buyer's widget session, or `CreateOrderReferenceForId` with a billing agreement (DOMAIN.md §2.3). */
export interface CreateOrderReference extends Addressed {
  readonly type: 'CreateOrderReference';
  readonly sellerId: string;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly orderTotal?: Money;
  readonly parent?: {
    readonly billingAgreementId: string;
    readonly paymentMethod: string;
    /** Given when `InheritShippingAddress=true`. */
    readonly destination?: PhysicalDestination;
  };
  readonly confirmNow: boolean;
}

export interface SetOrderReferenceDetails extends Addressed {
  readonly type: 'SetOrderReferenceDetails';
  readonly orderTotal?: Money;
  readonly sellerNote?: string;
  readonly sellerOrderAttributes?: SellerOrderAttributes;
}

export interface SelectOrderPaymentMethod extends Addressed {
  readonly type: 'SelectOrderPaymentMethod';
  readonly paymentMethod: string;
}

export interface SelectOrderAddress extends Addressed {
  readonly type: 'SelectOrderAddress';
  readonly destination: PhysicalDestination;
}

export interface ConfirmOrderReference extends Addressed {
  readonly type: 'ConfirmOrderReference';
}

export interface Authorize extends Addressed {
  readonly type: 'Authorize';
  readonly authorizationId: string;
  readonly authorizationReferenceId: string;
  readonly amount: Money;
  readonly sellerAuthorizationNote?: string;
  readonly softDescriptor?: string;
  /** Minutes, 0–1440; 0 = synchronous (never Pending). */
  readonly transactionTimeout: number;
  readonly captureNow: boolean;
  /** Required with captureNow: the id of the capture made when the authorization opens. */
  readonly captureId?: string;
  /** Decided outside the domain (Amazon, or the sandbox simulator). */
  readonly outcome: AuthorizationOutcome;
}

export type CaptureOutcome =
  | { readonly state: 'Pending' }
  | { readonly state: 'Completed' }
  | { readonly state: 'Declined'; readonly reasonCode: CaptureDeclineReason };

export type RefundOutcome =
  | { readonly state: 'Pending' }
  | { readonly state: 'Completed' }
  | { readonly state: 'Declined'; readonly reasonCode: RefundDeclineReason };

export interface Capture extends Addressed {
  readonly type: 'Capture';
  readonly captureId: string;
  readonly captureReferenceId: string;
  readonly authorizationId: string;
  readonly amount: Money;
  readonly sellerCaptureNote?: string;
  readonly softDescriptor?: string;
  readonly outcome: CaptureOutcome;
}

export interface Refund extends Addressed {
  readonly type: 'Refund';
  readonly refundId: string;
  readonly refundReferenceId: string;
  readonly captureId: string;
  readonly amount: Money;
  readonly sellerRefundNote?: string;
  readonly softDescriptor?: string;
  readonly outcome: RefundOutcome;
}

/** A pending authorization settles (processor answer or IPN `PaymentAuthorize`), with its consequences. */
export interface RecordOrderAuthorizationOutcome extends Addressed {
  readonly type: 'RecordOrderAuthorizationOutcome';
  readonly authorizationId: string;
  readonly outcome: Exclude<AuthorizationOutcome, { readonly state: 'Pending' }>;
}

export interface RecordCaptureOutcome extends Addressed {
  readonly type: 'RecordCaptureOutcome';
  readonly captureId: string;
  readonly outcome: Exclude<CaptureOutcome, { readonly state: 'Pending' }>;
}

export interface RecordRefundOutcome extends Addressed {
  readonly type: 'RecordRefundOutcome';
  readonly refundId: string;
  readonly outcome: Exclude<RefundOutcome, { readonly state: 'Pending' }>;
}

export interface CloseAuthorization extends Addressed {
  readonly type: 'CloseAuthorization';
  readonly authorizationId: string;
  readonly closureReason?: string;
}

/** `CancelOrderReference` (Amazon spells its parameter `CancelationReason`, one L). */
export interface CancelOrderReference extends Addressed {
  readonly type: 'CancelOrderReference';
  readonly cancelationReason?: string;
}

export interface CloseOrderReference extends Addressed {
  readonly type: 'CloseOrderReference';
  /** `MaxAuthorizationsProcessed` closes the implicit order of AuthorizeOnBillingAgreement. */
  readonly reasonCode: 'SellerClosed' | 'MaxAuthorizationsProcessed';
  readonly closureReason?: string;
}

/** The sweep: stale Drafts, expired orders and unused authorizations (`at` is the sweep's now). */
export interface ExpireOrderReference extends Addressed {
  readonly type: 'ExpireOrderReference';
}

/** IPN `OrderReferenceNotification`. */
export interface RecordOrderReferenceStatus extends Addressed {
  readonly type: 'RecordOrderReferenceStatus';
  readonly status: Status<OrderState>;
}

/** IPN `PaymentAuthorize`. */
export interface RecordOrderAuthorizationStatus extends Addressed {
  readonly type: 'RecordOrderAuthorizationStatus';
  readonly authorizationId: string;
  readonly status: Status<AuthorizationState>;
}

/** IPN `PaymentCapture`. */
export interface RecordCaptureStatus extends Addressed {
  readonly type: 'RecordCaptureStatus';
  readonly captureId: string;
  readonly status: Status<CaptureState>;
}

/** IPN `PaymentRefund`. */
export interface RecordRefundStatus extends Addressed {
  readonly type: 'RecordRefundStatus';
  readonly refundId: string;
  readonly status: Status<RefundState>;
}

export type OrderReferenceCommand =
  | CreateOrderReference
  | SetOrderReferenceDetails
  | SelectOrderPaymentMethod
  | SelectOrderAddress
  | ConfirmOrderReference
  | Authorize
  | RecordOrderAuthorizationOutcome
  | Capture
  | RecordCaptureOutcome
  | Refund
  | RecordRefundOutcome
  | CloseAuthorization
  | CancelOrderReference
  | CloseOrderReference
  | ExpireOrderReference
  | RecordOrderReferenceStatus
  | RecordOrderAuthorizationStatus
  | RecordCaptureStatus
  | RecordRefundStatus;
