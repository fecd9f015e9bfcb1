import type { BillingAgreementEventType } from './events.js';

/** Every event type name, for decoders that must refuse unknown ones. */
export const BILLING_AGREEMENT_EVENT_TYPES = [
  'BillingAgreementCreated',
  'BillingAgreementDetailsSet',
  'BuyerConsentGiven',
  'PaymentMethodSelected',
  'AddressSelected',
  'ConstraintReported',
  'BillingAgreementConfirmed',
  'PaymentMethodChanged',
  'AddressChanged',
  'BillingAgreementValidated',
  'BillingAgreementSuspended',
  'BillingAgreementReopened',
  'BillingAgreementClosed',
  'BillingAgreementCanceled',
  'AmazonStatusObserved',
  'MonthlyLimitChanged',
  'AuthorizationRequested',
  'AuthorizationApproved',
  'AuthorizationDeclined',
  'OneTimeOrderCreated',
  'RecurringChargesPaused',
  'RecurringChargesResumed',
  'PlanSelected',
  'PlanChanged',
] as const satisfies readonly BillingAgreementEventType[];

/** Fails to compile when an event type is missing from the list above. */
export const billingAgreementEventTypesAreComplete: Exclude<BillingAgreementEventType, (typeof BILLING_AGREEMENT_EVENT_TYPES)[number]> extends never
  ? true
  : never = true;
