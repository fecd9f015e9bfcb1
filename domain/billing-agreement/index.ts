export type * from './commands.js';
export type * from './events.js';
export { BILLING_AGREEMENT_EVENT_TYPES } from './event-types.js';
export type { BillingAgreementErrorCode } from './errors.js';
export { billingAgreementDecider, decide } from './decide.js';
export { evolve, initialState, type Agreement, type AgreementAuthorization, type AgreementStatus, type BillingAgreementState, type Plan } from './state.js';
export { constraintsOf } from './constraints.js';
export { authorizationFingerprint, remainingBalance, remainingOf } from './decide-charges.js';
export * from './types.js';
