/**
 * Amazon's notifications (MWS-AND-IPN.md §3.2) as typed values, decoded from the SNS body by a
 * `NotificationDecoder` (an adapter: the XML lives there). Amounts are Money; instants are in
 * the domain's format.
 */
import type { AgreementState } from '../../domain/billing-agreement/index.js';
import type { AuthorizationState, CaptureState, OrderState, RefundState, Status } from '../../domain/order-reference/index.js';
import type { PhysicalDestination } from '../../domain/shared/amazon.js';
import type { Money } from '../../domain/shared/money.js';
import type { Instant } from '../../domain/shared/time.js';

export type SnsMessageType = 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';

export interface BillingAgreementLimits {
  readonly amountLimitPerTimePeriod?: Money;
  readonly currentRemainingBalance?: Money;
  readonly timePeriodStartDate?: Instant;
  readonly timePeriodEndDate?: Instant;
}

export interface BillingAgreementNotice {
  readonly kind: 'BillingAgreement';
  /** `EventType` of the inner message; absent in older notifications (then: a status update). */
  readonly eventType?: string;
  readonly billingAgreementId: string;
  readonly status: Status<AgreementState>;
  readonly limits?: BillingAgreementLimits;
  readonly consent?: boolean;
  readonly destination?: PhysicalDestination;
}

export interface OrderReferenceNotice {
  readonly kind: 'OrderReference';
  readonly orderReferenceId: string;
  readonly status: Status<OrderState>;
  readonly orderTotal?: Money;
}

export interface AuthorizationNotice {
  readonly kind: 'Authorization';
  readonly authorizationId: string;
  readonly authorizationReferenceId?: string;
  readonly status: Status<AuthorizationState>;
  readonly authorizationAmount?: Money;
  readonly capturedAmount?: Money;
}

export interface CaptureNotice {
  readonly kind: 'Capture';
  readonly captureId: string;
  readonly captureReferenceId?: string;
  readonly status: Status<CaptureState>;
  readonly captureAmount?: Money;
  readonly refundedAmount?: Money;
}

export interface RefundNotice {
  readonly kind: 'Refund';
  readonly refundId: string;
  readonly refundReferenceId?: string;
  readonly status: Status<RefundState>;
  readonly refundAmount?: Money;
}

/** A message kept but not acted on: subscription messages, unknown types, unexpected content. */
export interface UnsupportedNotice {
  readonly kind: 'Unsupported';
  readonly reason: string;
  readonly objectId?: string;
}

export type NotificationContent = BillingAgreementNotice | OrderReferenceNotice | AuthorizationNotice | CaptureNotice | RefundNotice | UnsupportedNotice;

export interface DecodedNotification {
  readonly snsType: SnsMessageType;
  readonly messageId: string;
  /** The SNS envelope's `Timestamp` (signed; the inner message's own is unreliable). */
  readonly snsTimestamp: Instant;
  readonly notificationReferenceId?: string;
  readonly notificationType?: string;
  readonly sellerId?: string;
  readonly isSample: boolean;
  readonly content: NotificationContent;
}

export type DecodeResult = { readonly ok: true; readonly notification: DecodedNotification } | { readonly ok: false; readonly reason: string };

/** The id of the object a notification is about, if it names one. */
export function objectIdOf(content: NotificationContent): string | undefined {
  switch (content.kind) {
    case 'BillingAgreement':
      return content.billingAgreementId;
    case 'OrderReference':
      return content.orderReferenceId;
    case 'Authorization':
      return content.authorizationId;
    case 'Capture':
      return content.captureId;
    case 'Refund':
      return content.refundId;
    case 'Unsupported':
      return content.objectId;
  }
}
