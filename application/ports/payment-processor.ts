import type { AuthorizationDeclineReason, AuthorizationOutcome, ReleaseEnvironment } from '../../domain/shared/amazon.js';
import type { ReportedConstraintId } from '../../domain/billing-agreement/types.js';
import type { CaptureOutcome, RefundOutcome } from '../../domain/order-reference/commands.js';
import type { Money } from '../../domain/shared/money.js';

export interface AuthorizationRequest {
  readonly billingAgreementId?: string;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly amount: Money;
  readonly transactionTimeout: number;
  readonly sellerAuthorizationNote?: string;
}

export interface CaptureRequest {
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly amount: Money;
  readonly sellerCaptureNote?: string;
}

export interface RefundRequest {
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly amount: Money;
  readonly sellerRefundNote?: string;
}

export type ValidationOutcome = { readonly result: 'Success' } | { readonly result: 'Failure'; readonly failureReasonCode: AuthorizationDeclineReason };

type Settled<O> = Exclude<O, { readonly state: 'Pending' }>;

/**
 * Who answers money requests: Amazon in production, the sandbox simulator in the engine. Every
 * answer is recorded in events, so a replay never asks again. A request answered `Pending` is
 * settled later through the `settle…` methods (by the engine's settlement follower).
 */
export interface PaymentProcessor {
  authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome>;
  capture(request: CaptureRequest): Promise<CaptureOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
  settleAuthorization(request: AuthorizationRequest): Promise<Settled<AuthorizationOutcome>>;
  settleCapture(request: CaptureRequest): Promise<Settled<CaptureOutcome>>;
  settleRefund(request: RefundRequest): Promise<Settled<RefundOutcome>>;
  validate(request: { readonly billingAgreementId: string; readonly releaseEnvironment: ReleaseEnvironment }): Promise<ValidationOutcome>;
  /** Constraints Amazon reports once the seller's note is set (the sandbox's `{"SandboxSimulation":{"Constraint":…}}`). */
  constraintsAfterDetails(request: { readonly releaseEnvironment: ReleaseEnvironment; readonly sellerNote?: string }): Promise<readonly ReportedConstraintId[]>;
}
