/**
 * Amazon's sandbox simulations (MWS-AND-IPN.md §2.3): a JSON string in a note field forces an
 * outcome, e.g. SellerAuthorizationNote =
 *   {"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod","SoftDecline":"true"}}
 * and SellerNote = {"SandboxSimulation":{"Constraint":"PaymentMethodNotAllowed"}}.
 * A note that mentions SandboxSimulation but does not ask for something this engine can
 * simulate is InvalidSandboxSimulationSpecified.
 */
import { REPORTED_CONSTRAINT_IDS, type ReportedConstraintId } from '../../domain/billing-agreement/types.js';
import type { CaptureOutcome, RefundOutcome } from '../../domain/order-reference/commands.js';
import { AUTHORIZATION_DECLINE_REASONS, type AuthorizationDeclineReason, type AuthorizationOutcome } from '../../domain/shared/amazon.js';

export class InvalidSandboxSimulationError extends Error {
  readonly code = 'InvalidSandboxSimulationSpecified';
  constructor(detail: string) {
    super(`invalid sandbox simulation: ${detail}`);
    this.name = 'InvalidSandboxSimulationError';
  }
}

/** Which note a simulation is read from: the request it belongs to. */
export type SimulationKind = 'Authorization' | 'Capture' | 'Refund' | 'Details';

type Simulation = Readonly<Record<string, unknown>>;

/** The `SandboxSimulation` object of a note, undefined when the note asks for none. */
function simulationIn(note: string | undefined): Simulation | undefined {
  if (note === undefined || !note.includes('SandboxSimulation')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(note);
  } catch {
    throw new InvalidSandboxSimulationError('the note is not JSON');
  }
  const simulation = typeof parsed === 'object' && parsed !== null ? (parsed as Simulation)['SandboxSimulation'] : undefined;
  if (typeof simulation !== 'object' || simulation === null || Array.isArray(simulation)) {
    throw new InvalidSandboxSimulationError('no SandboxSimulation object');
  }
  return simulation as Simulation;
}

function reasonAmong<R extends string>(simulation: Simulation, reasons: readonly R[]): R {
  const reason = simulation['ReasonCode'];
  if (reasons.includes(reason as R)) return reason as R;
  throw new InvalidSandboxSimulationError(`ReasonCode '${String(reason)}' is not one of ${reasons.join(', ')}`);
}

const unsupportedState = (simulation: Simulation, kind: SimulationKind): never => {
  throw new InvalidSandboxSimulationError(`State '${String(simulation['State'])}' cannot be simulated on a ${kind.toLowerCase()}`);
};

export function authorizationSimulation(note: string | undefined): AuthorizationOutcome | undefined {
  const simulation = simulationIn(note);
  if (simulation === undefined) return undefined;
  if (simulation['State'] === 'Open') return { state: 'Open' };
  if (simulation['State'] !== 'Declined') return unsupportedState(simulation, 'Authorization');
  const reasonCode: AuthorizationDeclineReason = reasonAmong(simulation, AUTHORIZATION_DECLINE_REASONS);
  const soft = simulation['SoftDecline'];
  if (soft !== undefined && soft !== 'true' && soft !== 'false' && typeof soft !== 'boolean') {
    throw new InvalidSandboxSimulationError(`SoftDecline '${String(soft)}' is neither true nor false`);
  }
  return { state: 'Declined', reasonCode, softDecline: soft === 'true' || soft === true };
}

const SETTLEMENT_DECLINES = ['AmazonRejected', 'ProcessingFailure'] as const;

export function captureSimulation(note: string | undefined): CaptureOutcome | undefined {
  const simulation = simulationIn(note);
  if (simulation === undefined) return undefined;
  if (simulation['State'] === 'Pending' || simulation['State'] === 'Completed') return { state: simulation['State'] };
  if (simulation['State'] !== 'Declined') return unsupportedState(simulation, 'Capture');
  return { state: 'Declined', reasonCode: reasonAmong(simulation, SETTLEMENT_DECLINES) };
}

export function refundSimulation(note: string | undefined): RefundOutcome | undefined {
  const simulation = simulationIn(note);
  if (simulation === undefined) return undefined;
  if (simulation['State'] === 'Completed') return { state: 'Completed' };
  if (simulation['State'] !== 'Declined') return unsupportedState(simulation, 'Refund');
  return { state: 'Declined', reasonCode: reasonAmong(simulation, SETTLEMENT_DECLINES) };
}

export function constraintSimulation(note: string | undefined): ReportedConstraintId | undefined {
  const simulation = simulationIn(note);
  if (simulation === undefined) return undefined;
  const constraint = simulation['Constraint'];
  if (REPORTED_CONSTRAINT_IDS.includes(constraint as ReportedConstraintId)) return constraint as ReportedConstraintId;
  throw new InvalidSandboxSimulationError(`Constraint '${String(constraint)}' is not one of ${REPORTED_CONSTRAINT_IDS.join(', ')}`);
}

const READERS: Readonly<Record<SimulationKind, (note: string | undefined) => unknown>> = {
  Authorization: authorizationSimulation,
  Capture: captureSimulation,
  Refund: refundSimulation,
  Details: constraintSimulation,
};

/** For adapters: why the note's simulation is invalid, or undefined when it is fine (or absent). */
export function simulationProblem(kind: SimulationKind, note: string | undefined): string | undefined {
  try {
    READERS[kind](note);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidSandboxSimulationError) return error.message;
    throw error;
  }
}

/** A recorded note read again when a pending request settles: it was checked when it came in. */
export function settledSimulation<T>(read: (note: string | undefined) => T | undefined, note: string | undefined): T | undefined {
  try {
    return read(note);
  } catch (error) {
    if (error instanceof InvalidSandboxSimulationError) return undefined;
    throw error;
  }
}
