/**
 * Facts about one billing agreement. Names are stable and never renamed; a changed shape gets a
 * new versioned name and an upcaster where events are decoded. Every event carries the inputs
 * its consequences depend on (time, limit, prices, proration policy), so replay never needs
 * anything but the history.
 */
import type { Marketplace } from '../policy.js';
import type { ProrationPolicy } from '../proration/index.js';
import type { AuthorizationDeclineReason, Buyer, PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import type { Money } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type { ChargeType, ReportedConstraintId, SellerBillingAgreementAttributes } from './types.js';

interface Fact {
  readonly billingAgreementId: string;
  readonly at: Instant;
}

/** Present when the fact was reported by Amazon (IPN): Amazon's own LastUpdateTimestamp. */
interface AmazonFact {
  readonly amazonLastUpdateTimestamp?: Instant;
}

export interface BillingAgreementCreated extends Fact {
  readonly type: 'BillingAgreementCreated';
  readonly sellerId: string;
  readonly marketplace: Marketplace;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly buyer: Buyer;
  readonly requiresShipping: boolean;
  readonly buyerIsSeller: boolean;
  readonly monthlyLimit: Money;
}

export interface BillingAgreementDetailsSet extends Fact {
  readonly type: 'BillingAgreementDetailsSet';
  readonly sellerNote?: string;
  readonly platformId?: string;
  readonly sellerBillingAgreementAttributes?: SellerBillingAgreementAttributes;
}

export interface BuyerConsentGiven extends Fact {
  readonly type: 'BuyerConsentGiven';
}

/** onPaymentSelect in the Wallet widget: pending until the seller confirms. */
export interface PaymentMethodSelected extends Fact {
  readonly type: 'PaymentMethodSelected';
  readonly descriptor: string;
}

/** onAddressSelect in the AddressBook widget: pending until the seller confirms. */
export interface AddressSelected extends Fact {
  readonly type: 'AddressSelected';
  readonly destination: PhysicalDestination;
}

export interface ConstraintReported extends Fact {
  readonly type: 'ConstraintReported';
  readonly constraintId: ReportedConstraintId;
  readonly description?: string;
}

export interface BillingAgreementConfirmed extends Fact, AmazonFact {
  readonly type: 'BillingAgreementConfirmed';
}

/** The payment method in effect changed (after the seller's confirmation, or on Amazon's site). */
export interface PaymentMethodChanged extends Fact, AmazonFact {
  readonly type: 'PaymentMethodChanged';
  /** Absent when Amazon reported a change without saying what the new method is. */
  readonly descriptor?: string;
  readonly source: 'SellerConfirmation' | 'Amazon';
}

/** The shipping address in effect changed. */
export interface AddressChanged extends Fact, AmazonFact {
  readonly type: 'AddressChanged';
  readonly destination?: PhysicalDestination;
  readonly source: 'SellerConfirmation' | 'Amazon';
}

export interface BillingAgreementValidated extends Fact {
  readonly type: 'BillingAgreementValidated';
  readonly result: 'Success' | 'Failure';
  readonly failureReasonCode?: AuthorizationDeclineReason;
}

export interface BillingAgreementSuspended extends Fact, AmazonFact {
  readonly type: 'BillingAgreementSuspended';
  readonly reasonCode: 'InvalidPaymentMethod';
}

/** Suspended → Open. */
export interface BillingAgreementReopened extends Fact, AmazonFact {
  readonly type: 'BillingAgreementReopened';
  readonly cause: 'PaymentMethodUpdated' | 'ValidationSucceeded' | 'AmazonStatusUpdated';
}

export interface BillingAgreementClosed extends Fact, AmazonFact {
  readonly type: 'BillingAgreementClosed';
  readonly reasonCode: 'SellerClosed' | 'BuyerClosed' | 'AmazonClosed';
  readonly reasonDescription?: string;
}

export interface BillingAgreementCanceled extends Fact, AmazonFact {
  readonly type: 'BillingAgreementCanceled';
  readonly reasonCode: 'Stale' | 'AmazonCanceled';
  readonly reasonDescription?: string;
}

/** Amazon reported the agreement's status again, newer but unchanged: only the watermark moves. */
export interface AmazonStatusObserved extends Fact {
  readonly type: 'AmazonStatusObserved';
  readonly amazonLastUpdateTimestamp: Instant;
}

export interface MonthlyLimitChanged extends Fact {
  readonly type: 'MonthlyLimitChanged';
  readonly monthlyLimit: Money;
}

/** AuthorizeOnBillingAgreement accepted: the amount counts against the window from now on. */
export interface AuthorizationRequested extends Fact {
  readonly type: 'AuthorizationRequested';
  readonly authorizationId: string;
  readonly authorizationReferenceId: string;
  readonly orderReferenceId: string;
  readonly amount: Money;
  readonly chargeType: ChargeType;
  /** Start of the UTC month window the amount counts against. */
  readonly windowStart: Instant;
  /** Canonical parameters, to tell an exact repeat from a DuplicateRequest. */
  readonly fingerprint: string;
  readonly captureNow: boolean;
  readonly transactionTimeout: number;
  /** Kept for the implicit order's authorization; a sandbox simulation in it decides a pending outcome. */
  readonly sellerAuthorizationNote?: string;
  readonly softDescriptor?: string;
}

export interface AuthorizationApproved extends Fact, AmazonFact {
  readonly type: 'AuthorizationApproved';
  readonly authorizationId: string;
}

/** Declined authorizations consume nothing: the amount returns to its window. */
export interface AuthorizationDeclined extends Fact, AmazonFact {
  readonly type: 'AuthorizationDeclined';
  readonly authorizationId: string;
  readonly reasonCode: AuthorizationDeclineReason;
  readonly softDecline: boolean;
}

/** CreateOrderReferenceForId with this agreement as parent (DOMAIN.md §2.3). */
export interface OneTimeOrderCreated extends Fact {
  readonly type: 'OneTimeOrderCreated';
  readonly orderReferenceId: string;
  readonly orderTotal: Money;
  readonly fromDraft: boolean;
  readonly paymentMethod: string;
  readonly destination?: PhysicalDestination;
  readonly confirmNow: boolean;
}

export interface RecurringChargesPaused extends Fact {
  readonly type: 'RecurringChargesPaused';
  readonly reason?: string;
}

export interface RecurringChargesResumed extends Fact {
  readonly type: 'RecurringChargesResumed';
}

export interface PlanSelected extends Fact {
  readonly type: 'PlanSelected';
  readonly planId: string;
  readonly price: Money;
  readonly period: 'Monthly';
  /** Day of month the period starts (1–31, clamped to shorter months), 00:00 in `timeZone`. */
  readonly anchorDay: number;
  readonly timeZone: string;
}

/** An upgrade or downgrade mid-period, with every input needed to recompute the proration. */
export interface PlanChanged extends Fact {
  readonly type: 'PlanChanged';
  readonly fromPlanId: string;
  readonly toPlanId: string;
  readonly oldPrice: Money;
  readonly newPrice: Money;
  readonly policy: ProrationPolicy;
  readonly timeZone: string;
  readonly periodStart: Instant;
  readonly periodEnd: Instant;
  readonly fraction: string;
  readonly fractionDecimal: string;
  readonly credit: Money;
  readonly charge: Money;
  readonly net: Money;
  readonly rounding: 'half-away-from-zero';
  /** A net charge is collected by an authorization now; a net credit is carried to the next period. */
  readonly settlement: 'ChargeNow' | 'CarryCredit' | 'NothingDue';
}

export type BillingAgreementEvent =
  | BillingAgreementCreated
  | BillingAgreementDetailsSet
  | BuyerConsentGiven
  | PaymentMethodSelected
  | AddressSelected
  | ConstraintReported
  | BillingAgreementConfirmed
  | PaymentMethodChanged
  | AddressChanged
  | BillingAgreementValidated
  | BillingAgreementSuspended
  | BillingAgreementReopened
  | BillingAgreementClosed
  | BillingAgreementCanceled
  | AmazonStatusObserved
  | MonthlyLimitChanged
  | AuthorizationRequested
  | AuthorizationApproved
  | AuthorizationDeclined
  | OneTimeOrderCreated
  | RecurringChargesPaused
  | RecurringChargesResumed
  | PlanSelected
  | PlanChanged;

export type BillingAgreementEventType = BillingAgreementEvent['type'];

