/**
 * Why a billing agreement command is refused. Amazon's codes (DOMAIN.md §6) where one exists;
 * the engine's own for the seller concepts Amazon has no call for (pause, plans).
 */
export type BillingAgreementErrorCode =
  | 'InvalidBillingAgreementId'
  | 'InvalidBillingAgreementStatus'
  | 'BillingAgreementNotModifiable'
  | 'BillingAgreementConstraintsExist'
  | 'PaymentMethodNotUpdated'
  | 'OrderReferenceCountExceeded'
  | 'PeriodicAmountExceeded'
  | 'DuplicateRequest'
  | 'CurrencyMismatch'
  | 'InvalidParameterValue'
  | 'InvalidTransactionId'
  /** engine: Create for an id that already exists */
  | 'BillingAgreementAlreadyExists'
  /** engine: a recurring charge while the seller has paused service */
  | 'RecurringChargesPaused'
  /** engine: ChangePlan before any plan was selected */
  | 'PlanNotSelected'
  /** engine: SelectPlan on a confirmed agreement that has a plan (use ChangePlan) */
  | 'PlanAlreadySelected';
