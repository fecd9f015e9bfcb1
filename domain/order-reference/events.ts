/**
 * Facts about one order reference and the authorizations, captures and refunds on it. Names
 * are stable and never renamed; a changed shape gets a new versioned name and an upcaster.
 * Prefixed (`Order…`) where the billing agreement has an event of the same idea.
 */
import type { AuthorizationDeclineReason, PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import type { Money } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type {
  CaptureStatusReported,
  Fact,
  OrderAmazonStatusObserved,
  OrderAuthorizationStatusReported,
  OrderReferenceStatusReported,
  RefundStatusReported,
} from './events-reported.js';
import type {
  AuthorizationClosedReason,
  CaptureClosedReason,
  CaptureDeclineReason,
  OrderCanceledReason,
  OrderClosedReason,
  ParentDetails,
  RefundDeclineReason,
  SellerOrderAttributes,
} from './types.js';

export type {
  CaptureStatusReported,
  OrderAmazonStatusObserved,
  OrderAuthorizationStatusReported,
  OrderReferenceStatusReported,
  RefundStatusReported,
} from './events-reported.js';

export interface OrderReferenceCreated extends Fact {
  readonly type: 'OrderReferenceCreated';
  readonly sellerId: string;
  readonly releaseEnvironment: ReleaseEnvironment;
  /** createdAt + 180 days (policy ORDER_REFERENCE_VALIDITY_DAYS). */
  readonly expiresAt: Instant;
  readonly orderTotal?: Money;
  readonly parent?: ParentDetails;
  /** Inherited from the parent billing agreement: in effect at once. */
  readonly paymentMethod?: string;
  readonly destination?: PhysicalDestination;
}

export interface OrderReferenceDetailsSet extends Fact {
  readonly type: 'OrderReferenceDetailsSet';
  readonly orderTotal?: Money;
  readonly sellerNote?: string;
  readonly sellerOrderAttributes?: SellerOrderAttributes;
}

/** onPaymentSelect: pending until the seller confirms. */
export interface OrderPaymentMethodSelected extends Fact {
  readonly type: 'OrderPaymentMethodSelected';
  readonly paymentMethod: string;
}

/** onAddressSelect: pending until the seller confirms; Amazon then wants a new payment selection. */
export interface OrderAddressSelected extends Fact {
  readonly type: 'OrderAddressSelected';
  readonly destination: PhysicalDestination;
}

/** Draft or Suspended → Open; the pending selections come into effect. */
export interface OrderReferenceConfirmed extends Fact {
  readonly type: 'OrderReferenceConfirmed';
}

export interface OrderReferenceSuspended extends Fact {
  readonly type: 'OrderReferenceSuspended';
  readonly reasonCode: 'InvalidPaymentMethod';
}

export interface OrderReferenceCanceled extends Fact {
  readonly type: 'OrderReferenceCanceled';
  readonly reasonCode: OrderCanceledReason;
  readonly reasonDescription?: string;
}

export interface OrderReferenceClosed extends Fact {
  readonly type: 'OrderReferenceClosed';
  readonly reasonCode: OrderClosedReason;
  readonly reasonDescription?: string;
}

/** Starts Pending; the outcome follows in the same decision or later. */
export interface OrderAuthorizationRequested extends Fact {
  readonly type: 'OrderAuthorizationRequested';
  readonly authorizationId: string;
  readonly authorizationReferenceId: string;
  readonly amount: Money;
  readonly sellerAuthorizationNote?: string;
  readonly softDescriptor?: string;
  /** Minutes; 0 = synchronous. */
  readonly transactionTimeout: number;
  readonly captureNow: boolean;
  /** The id the capture gets when the authorization opens (only with captureNow). */
  readonly captureId?: string;
  /** at + 30 days (policy AUTHORIZATION_VALIDITY_DAYS). */
  readonly expiresAt: Instant;
}

export interface OrderAuthorizationOpened extends Fact {
  readonly type: 'OrderAuthorizationOpened';
  readonly authorizationId: string;
}

export interface OrderAuthorizationDeclined extends Fact {
  readonly type: 'OrderAuthorizationDeclined';
  readonly authorizationId: string;
  readonly reasonCode: AuthorizationDeclineReason;
  readonly softDecline: boolean;
}

export interface OrderAuthorizationClosed extends Fact {
  readonly type: 'OrderAuthorizationClosed';
  readonly authorizationId: string;
  readonly reasonCode: AuthorizationClosedReason;
  readonly reasonDescription?: string;
}

export interface CaptureRequested extends Fact {
  readonly type: 'CaptureRequested';
  readonly captureId: string;
  /** Absent for the capture of a CaptureNow authorization: that request's reference id is the authorization's. */
  readonly captureReferenceId?: string;
  readonly authorizationId: string;
  readonly amount: Money;
  readonly sellerCaptureNote?: string;
  readonly softDescriptor?: string;
}

export interface CaptureCompleted extends Fact {
  readonly type: 'CaptureCompleted';
  readonly captureId: string;
}

export interface CaptureDeclined extends Fact {
  readonly type: 'CaptureDeclined';
  readonly captureId: string;
  readonly reasonCode: CaptureDeclineReason;
}

export interface CaptureClosed extends Fact {
  readonly type: 'CaptureClosed';
  readonly captureId: string;
  readonly reasonCode: CaptureClosedReason;
}

export interface RefundRequested extends Fact {
  readonly type: 'RefundRequested';
  readonly refundId: string;
  readonly refundReferenceId: string;
  readonly captureId: string;
  readonly amount: Money;
  readonly sellerRefundNote?: string;
  readonly softDescriptor?: string;
}

export interface RefundCompleted extends Fact {
  readonly type: 'RefundCompleted';
  readonly refundId: string;
}

export interface RefundDeclined extends Fact {
  readonly type: 'RefundDeclined';
  readonly refundId: string;
  readonly reasonCode: RefundDeclineReason;
}

export type OrderReferenceEvent =
  | OrderReferenceCreated
  | OrderReferenceDetailsSet
  | OrderPaymentMethodSelected
  | OrderAddressSelected
  | OrderReferenceConfirmed
  | OrderReferenceSuspended
  | OrderReferenceCanceled
  | OrderReferenceClosed
  | OrderAuthorizationRequested
  | OrderAuthorizationOpened
  | OrderAuthorizationDeclined
  | OrderAuthorizationClosed
  | CaptureRequested
  | CaptureCompleted
  | CaptureDeclined
  | CaptureClosed
  | RefundRequested
  | RefundCompleted
  | RefundDeclined
  | OrderReferenceStatusReported
  | OrderAuthorizationStatusReported
  | CaptureStatusReported
  | RefundStatusReported
  | OrderAmazonStatusObserved;

export type OrderReferenceEventType = OrderReferenceEvent['type'];
