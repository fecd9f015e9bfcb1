import type { AuthorizationDeclineReason, AuthorizationOutcome, ReleaseEnvironment } from '../../domain/shared/amazon.js';
import type { Money } from '../../domain/shared/money.js';

export interface AuthorizationRequest {
  readonly billingAgreementId: string;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly amount: Money;
  readonly transactionTimeout: number;
  readonly sellerAuthorizationNote?: string;
}

export type ValidationOutcome = { readonly result: 'Success' } | { readonly result: 'Failure'; readonly failureReasonCode: AuthorizationDeclineReason };

/**
 * Who answers an authorization: Amazon in production, the sandbox simulator in the engine. Its
 * answer is recorded in events, so a replay never asks it again.
 */
export interface PaymentProcessor {
  authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome>;
  validate(request: { readonly billingAgreementId: string; readonly releaseEnvironment: ReleaseEnvironment }): Promise<ValidationOutcome>;
}
