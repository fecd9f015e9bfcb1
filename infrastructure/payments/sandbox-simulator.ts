/**
 * The engine's payment processor: approves, unless a sandbox simulation in the note asks for
 * another outcome (MWS-AND-IPN.md §2.3), e.g.
 *   {"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod","SoftDecline":"true"}}
 * Asynchronous requests (TransactionTimeout > 0) start Pending, as Amazon's do.
 */
import type { AuthorizationRequest, PaymentProcessor, ValidationOutcome } from '../../application/ports/payment-processor.js';
import { AUTHORIZATION_DECLINE_REASONS, type AuthorizationDeclineReason, type AuthorizationOutcome } from '../../domain/shared/amazon.js';

export class InvalidSandboxSimulationError extends Error {
  readonly code = 'InvalidSandboxSimulationSpecified';
  constructor(detail: string) {
    super(`invalid sandbox simulation: ${detail}`);
    this.name = 'InvalidSandboxSimulationError';
  }
}

/** The simulated outcome a note asks for, undefined when it asks for none. */
export function simulatedOutcome(note: string | undefined): AuthorizationOutcome | undefined {
  if (note === undefined || !note.includes('SandboxSimulation')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(note);
  } catch {
    throw new InvalidSandboxSimulationError('the note is not JSON');
  }
  const simulation = (parsed as { SandboxSimulation?: Record<string, unknown> } | null)?.SandboxSimulation;
  if (typeof simulation !== 'object' || simulation === null) throw new InvalidSandboxSimulationError('no SandboxSimulation object');
  const { State: state, ReasonCode: reason, SoftDecline: soft } = simulation;
  if (state === 'Open') return { state: 'Open' };
  if (state !== 'Declined') throw new InvalidSandboxSimulationError(`State '${String(state)}' cannot be simulated`);
  if (!AUTHORIZATION_DECLINE_REASONS.includes(reason as AuthorizationDeclineReason)) {
    throw new InvalidSandboxSimulationError(`ReasonCode '${String(reason)}' is not a decline reason`);
  }
  return { state: 'Declined', reasonCode: reason as AuthorizationDeclineReason, softDecline: soft === 'true' || soft === true };
}

export class SandboxPaymentProcessor implements PaymentProcessor {
  async authorize(request: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const simulated = simulatedOutcome(request.sellerAuthorizationNote);
    if (request.transactionTimeout > 0) return { state: 'Pending' };
    return simulated ?? { state: 'Open' };
  }

  async validate(): Promise<ValidationOutcome> {
    return { result: 'Success' };
  }
}
