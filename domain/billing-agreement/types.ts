/** Value types of the billing agreement, shared by its commands, events and state. */

export type AgreementState = 'Draft' | 'Open' | 'Suspended' | 'Canceled' | 'Closed';
export const AGREEMENT_STATES: readonly AgreementState[] = ['Draft', 'Open', 'Suspended', 'Canceled', 'Closed'];

/** Canceled and Closed absorb everything: nothing leaves them. */
export const isTerminal = (state: AgreementState): boolean => state === 'Canceled' || state === 'Closed';

export type ConstraintId =
  | 'BuyerConsentNotSet'
  | 'PaymentPlanNotSet'
  | 'ShippingAddressNotSet'
  | 'BuyerEqualsSeller'
  | 'PaymentMethodNotAllowed'
  | 'PaymentMethodDeleted'
  | 'PaymentMethodExpired'
  | 'BillingAddressDeleted'
  | 'InvalidPaymentPlan';

/** Constraints Amazon (or the sandbox simulator) reports, as opposed to those the widgets clear. */
export type ReportedConstraintId = Exclude<ConstraintId, 'BuyerConsentNotSet' | 'PaymentPlanNotSet' | 'ShippingAddressNotSet' | 'BuyerEqualsSeller'>;
export const REPORTED_CONSTRAINT_IDS: readonly ReportedConstraintId[] = [
  'PaymentMethodNotAllowed',
  'PaymentMethodDeleted',
  'PaymentMethodExpired',
  'BillingAddressDeleted',
  'InvalidPaymentPlan',
];

export interface Constraint {
  readonly constraintId: ConstraintId;
  readonly description: string;
}

export interface SellerBillingAgreementAttributes {
  readonly sellerBillingAgreementId?: string;
  readonly storeName?: string;
  readonly customInformation?: string;
}

/** A recurring (subscription) charge is refused while the seller has paused service; a one-off is not. */
export type ChargeType = 'Recurring' | 'OneOff';
