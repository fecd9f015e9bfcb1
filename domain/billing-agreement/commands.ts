/**
 * What may be asked of a billing agreement. Intent commands (the buyer's widgets, the seller's
 * calls) may be rejected; `Record…` commands state what Amazon already did (IPNs) and are
 * lenient: a duplicate or stale fact yields no events. Ids are issued by the application (an id
 * generator port) and the current time arrives as `at`: the decider reads no clock.
 */
import type { Marketplace } from '../policy.js';
import type { ProrationPolicy } from '../proration/index.js';
import type { AuthorizationDeclineReason, AuthorizationOutcome, Buyer, PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import type { Money } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type { AgreementState, ChargeType, ReportedConstraintId, SellerBillingAgreementAttributes } from './types.js';

interface Addressed {
  readonly billingAgreementId: string;
  readonly at: Instant;
}

export interface CreateBillingAgreement extends Addressed {
  readonly type: 'CreateBillingAgreement';
  readonly sellerId: string;
  readonly marketplace: Marketplace;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly buyer: Buyer;
  /** Digital goods need no shipping address (policy: required unless said otherwise). */
  readonly requiresShipping?: boolean;
  readonly buyerIsSeller?: boolean;
  /** Overrides the marketplace's default monthly limit. */
  readonly monthlyLimit?: Money;
}

export interface SetBillingAgreementDetails extends Addressed {
  readonly type: 'SetBillingAgreementDetails';
  readonly sellerNote?: string;
  readonly platformId?: string;
  readonly sellerBillingAgreementAttributes?: SellerBillingAgreementAttributes;
}

export interface GiveBuyerConsent extends Addressed {
  readonly type: 'GiveBuyerConsent';
}

export interface SelectPaymentMethod extends Addressed {
  readonly type: 'SelectPaymentMethod';
  readonly descriptor: string;
}

export interface SelectAddress extends Addressed {
  readonly type: 'SelectAddress';
  readonly destination: PhysicalDestination;
}

export interface ConfirmBillingAgreement extends Addressed {
  readonly type: 'ConfirmBillingAgreement';
}

/** A constraint Amazon reports (or the sandbox simulation asks for). */
export interface ReportConstraint extends Addressed {
  readonly type: 'ReportConstraint';
  readonly constraintId: ReportedConstraintId;
  readonly description?: string;
}

/** ValidateBillingAgreement, with the processor's verdict on the payment method. */
export interface ValidateBillingAgreement extends Addressed {
  readonly type: 'ValidateBillingAgreement';
  readonly outcome: { readonly result: 'Success' } | { readonly result: 'Failure'; readonly failureReasonCode: AuthorizationDeclineReason };
}

/** AuthorizeOnBillingAgreement; `outcome` is the processor's answer (Pending when asynchronous). */
export interface AuthorizeOnBillingAgreement extends Addressed {
  readonly type: 'AuthorizeOnBillingAgreement';
  readonly authorizationId: string;
  readonly orderReferenceId: string;
  readonly authorizationReferenceId: string;
  readonly amount: Money;
  readonly chargeType: ChargeType;
  /** Minutes; 0 = synchronous (never Pending). */
  readonly transactionTimeout: number;
  readonly captureNow: boolean;
  readonly sellerAuthorizationNote?: string;
  readonly softDescriptor?: string;
  readonly sellerNote?: string;
  readonly outcome: AuthorizationOutcome;
}

/** A pending authorization settled (processor callback or IPN PaymentAuthorize). */
export interface RecordAuthorizationOutcome extends Addressed {
  readonly type: 'RecordAuthorizationOutcome';
  readonly authorizationId: string;
  readonly outcome: Exclude<AuthorizationOutcome, { readonly state: 'Pending' }>;
}

/** CreateOrderReferenceForId with IdType=BillingAgreement. */
export interface CreateOneTimeOrder extends Addressed {
  readonly type: 'CreateOneTimeOrder';
  readonly orderReferenceId: string;
  readonly orderTotal: Money;
  readonly confirmNow: boolean;
  readonly inheritShippingAddress: boolean;
}

export interface CloseBillingAgreement extends Addressed {
  readonly type: 'CloseBillingAgreement';
  readonly closureReason?: string;
}

/** A sweep: cancels a Draft left unconfirmed for 3 hours. `at` is the current time. */
export interface ExpireStaleDraft extends Addressed {
  readonly type: 'ExpireStaleDraft';
}

export interface PauseRecurringCharges extends Addressed {
  readonly type: 'PauseRecurringCharges';
  readonly reason?: string;
}

export interface ResumeRecurringCharges extends Addressed {
  readonly type: 'ResumeRecurringCharges';
}

export interface SelectPlan extends Addressed {
  readonly type: 'SelectPlan';
  readonly planId: string;
  readonly price: Money;
  /** 1–31 */
  readonly anchorDay: number;
}

export interface ChangePlan extends Addressed {
  readonly type: 'ChangePlan';
  readonly planId: string;
  readonly price: Money;
  readonly policy: ProrationPolicy;
}

/** The seller asked Amazon to raise (or lower) the agreement's monthly limit. */
export interface ChangeMonthlyLimit extends Addressed {
  readonly type: 'ChangeMonthlyLimit';
  readonly monthlyLimit: Money;
}

/** IPN BillingAgreementStatusUpdated (or a Get…Details answer). */
export interface RecordBillingAgreementStatus extends Addressed {
  readonly type: 'RecordBillingAgreementStatus';
  readonly state: AgreementState;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  readonly lastUpdateTimestamp: Instant;
}

/**
 * The agreement's status as the same notification reports it: every BillingAgreementNotification
 * carries one, and the fact's timestamp moves the watermark past it, so it must not be lost.
 */
export interface ReportedAgreementStatus {
  readonly state: AgreementState;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
}

/** IPN PaymentMethodUpdated: the buyer changed the method on Amazon's site. */
export interface RecordPaymentMethodUpdate extends Addressed {
  readonly type: 'RecordPaymentMethodUpdate';
  readonly descriptor?: string;
  readonly lastUpdateTimestamp: Instant;
  readonly status?: ReportedAgreementStatus;
}

/** IPN AddressUpdated / AddressAndPaymentMethodUpdated. */
export interface RecordAddressUpdate extends Addressed {
  readonly type: 'RecordAddressUpdate';
  readonly destination?: PhysicalDestination;
  readonly paymentMethodUpdated: boolean;
  readonly descriptor?: string;
  readonly lastUpdateTimestamp: Instant;
  readonly status?: ReportedAgreementStatus;
}

export type BillingAgreementCommand =
  | CreateBillingAgreement
  | SetBillingAgreementDetails
  | GiveBuyerConsent
  | SelectPaymentMethod
  | SelectAddress
  | ConfirmBillingAgreement
  | ReportConstraint
  | ValidateBillingAgreement
  | AuthorizeOnBillingAgreement
  | RecordAuthorizationOutcome
  | CreateOneTimeOrder
  | CloseBillingAgreement
  | ExpireStaleDraft
  | PauseRecurringCharges
  | ResumeRecurringCharges
  | SelectPlan
  | ChangePlan
  | ChangeMonthlyLimit
  | RecordBillingAgreementStatus
  | RecordPaymentMethodUpdate
  | RecordAddressUpdate;

export type BillingAgreementCommandType = BillingAgreementCommand['type'];
