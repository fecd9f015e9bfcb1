/**
 * The engine's payment processor: approves, unless a sandbox simulation in the note asks for
 * another outcome (MWS-AND-IPN.md §2.3; only for Sandbox objects: in Live a note is just a note).
 * Asynchronous authorizations (TransactionTimeout > 0) start Pending, as Amazon's do, and so do
 * refunds; the settlement follower asks again later and the answer comes from the same note.
 */
import type {
  AuthorizationRequest,
  CaptureRequest,
  PaymentProcessor,
  RefundRequest,
  ValidationOutcome,
} from '../../application/ports/payment-processor.js';
import type { ReportedConstraintId } from '../../domain/billing-agreement/types.js';
import type { CaptureOutcome, RefundOutcome } from '../../domain/order-reference/commands.js';
import type { AuthorizationOutcome, ReleaseEnvironment } from '../../domain/shared/amazon.js';
import {
  authorizationSimulation,
  captureSimulation,
  constraintSimulation,
  refundSimulation,
  settledSimulation,
} from './sandbox-simulation.js';

export { InvalidSandboxSimulationError, simulationProblem, type SimulationKind } from './sandbox-simulation.js';

export interface SandboxOptions {
  /** How long a pending request takes to settle, in milliseconds (default 500). */
  readonly settleAfterMs?: number;
}

type Settled<O> = Exclude<O, { readonly state: 'Pending' }>;

const sandbox = (environment: ReleaseEnvironment, note: string | undefined): string | undefined => (environment === 'Sandbox' ? note : undefined);

export class SandboxPaymentProcessor implements PaymentProcessor {
  private readonly settleAfterMs: number;

  constructor(options: SandboxOptions = {}) {
    this.settleAfterMs = options.settleAfterMs ?? 500;
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const simulated = authorizationSimulation(sandbox(request.releaseEnvironment, request.sellerAuthorizationNote));
    if (request.transactionTimeout > 0) return { state: 'Pending' };
    return simulated ?? { state: 'Open' };
  }

  async capture(request: CaptureRequest): Promise<CaptureOutcome> {
    return captureSimulation(sandbox(request.releaseEnvironment, request.sellerCaptureNote)) ?? { state: 'Completed' };
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    refundSimulation(sandbox(request.releaseEnvironment, request.sellerRefundNote));
    return { state: 'Pending' };
  }

  async settleAuthorization(request: AuthorizationRequest): Promise<Settled<AuthorizationOutcome>> {
    await this.pause();
    const simulated = settledSimulation(authorizationSimulation, sandbox(request.releaseEnvironment, request.sellerAuthorizationNote));
    return simulated === undefined || simulated.state === 'Pending' ? { state: 'Open' } : simulated;
  }

  async settleCapture(request: CaptureRequest): Promise<Settled<CaptureOutcome>> {
    await this.pause();
    const simulated = settledSimulation(captureSimulation, sandbox(request.releaseEnvironment, request.sellerCaptureNote));
    return simulated === undefined || simulated.state === 'Pending' ? { state: 'Completed' } : simulated;
  }

  async settleRefund(request: RefundRequest): Promise<Settled<RefundOutcome>> {
    await this.pause();
    const simulated = settledSimulation(refundSimulation, sandbox(request.releaseEnvironment, request.sellerRefundNote));
    return simulated === undefined || simulated.state === 'Pending' ? { state: 'Completed' } : simulated;
  }

  async validate(): Promise<ValidationOutcome> {
    return { result: 'Success' };
  }

  async constraintsAfterDetails(request: { readonly releaseEnvironment: ReleaseEnvironment; readonly sellerNote?: string }): Promise<readonly ReportedConstraintId[]> {
    const constraint = constraintSimulation(sandbox(request.releaseEnvironment, request.sellerNote));
    return constraint === undefined ? [] : [constraint];
  }

  private pause(): Promise<void> {
    return this.settleAfterMs <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, this.settleAfterMs));
  }
}
