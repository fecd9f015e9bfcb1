/** Why an order reference command is refused: Amazon's codes (DOMAIN.md §6) and one of the engine's own. */
export type OrderReferenceErrorCode =
  | 'InvalidOrderReferenceId'
  | 'InvalidTransactionId'
  | 'InvalidOrderReferenceStatus'
  | 'OrderReferenceNotModifiable'
  | 'ConstraintsExist'
  | 'PaymentMethodNotUpdated'
  | 'TransactionAmountExceeded'
  | 'TransactionCountExceeded'
  | 'InvalidAuthorizationStatus'
  | 'CaptureNotRefundable'
  | 'DuplicateRequest'
  | 'DuplicateReferenceId'
  | 'CurrencyMismatch'
  | 'InvalidParameterValue'
  /** engine: Create for an id that exists with other parameters (an identical repeat is accepted with nothing) */
  | 'OrderReferenceAlreadyExists';
