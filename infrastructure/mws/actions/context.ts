/** What an MWS action works with, what it answers, and the checks every action shares. */
import type { BillingEngine, ExecuteOptions } from '../../../application/engine.js';
import type { BillingOperations, OperationResult } from '../../../application/operations/index.js';
import type { Agreement } from '../../../domain/billing-agreement/index.js';
import type { Order } from '../../../domain/order-reference/index.js';
import type { ReleaseEnvironment } from '../../../domain/shared/amazon.js';
import type { Rejection } from '../../../domain/shared/decision.js';
import { isCurrency, parseAmount, type Money } from '../../../domain/shared/money.js';
import type { Instant } from '../../../domain/shared/time.js';
import { simulationProblem, type SimulationKind } from '../../payments/sandbox-simulator.js';
import { MwsError } from '../errors.js';
import type { XmlElement } from '../xml/document.js';

export interface MwsContext {
  readonly engine: BillingEngine;
  readonly operations: BillingOperations;
  /** The authenticated seller: objects of other sellers do not exist for them. */
  readonly sellerId: string;
  /** From the endpoint's section: OffAmazonPayments_Sandbox → Sandbox. */
  readonly environment: ReleaseEnvironment;
  readonly now: Instant;
  /** Source `mws`, actor `seller`, the request id as correlation id: stored with every event the call records. */
  readonly options: ExecuteOptions;
}

/** The ids a call touched, for the request log. */
export type LoggedIds = Readonly<Record<string, string>>;

export type ActionOutcome =
  | { readonly ok: true; readonly result: XmlElement | undefined; readonly ids: LoggedIds }
  | { readonly ok: false; readonly error: MwsError; readonly ids: LoggedIds };

export interface Action<T extends object> {
  readonly dto: new () => T;
  readonly run: (ctx: MwsContext, request: T) => Promise<ActionOutcome>;
}

export const action = <T extends object>(dto: new () => T, run: (ctx: MwsContext, request: T) => Promise<ActionOutcome>): Action<T> => ({ dto, run });

export const ok = (result: XmlElement | undefined, ids: LoggedIds = {}): ActionOutcome => ({ ok: true, result, ids });
export const fail = (error: MwsError, ids: LoggedIds = {}): ActionOutcome => ({ ok: false, error, ids });
export const refused = (rejection: Rejection, ids: LoggedIds = {}): ActionOutcome => fail(new MwsError(rejection.code, rejection.message), ids);

/** Runs an operation and renders its value, or answers its rejection. */
export async function answer<T>(result: Promise<OperationResult<T>>, render: (value: T) => XmlElement | undefined, ids: LoggedIds): Promise<ActionOutcome> {
  const settled = await result;
  return settled.kind === 'accepted' ? ok(render(settled.value), ids) : refused(settled.rejection, ids);
}

/** Money from a validated amount and currency (the DTO has checked both). */
export function moneyOf(amountText: string, currencyText: string): Money {
  const parsed = isCurrency(currencyText) ? parseAmount(amountText, currencyText) : undefined;
  if (parsed === undefined || !parsed.ok) throw new Error(`amount '${amountText} ${currencyText}' passed validation but does not parse`);
  return parsed.value;
}

export const flag = (text: string | undefined, fallback: boolean): boolean => (text === undefined ? fallback : text === 'true');

/** In the sandbox section a note's SandboxSimulation must be one the simulator understands. */
export function simulationError(ctx: MwsContext, kind: SimulationKind, note: string | undefined): MwsError | undefined {
  if (ctx.environment !== 'Sandbox') return undefined;
  const problem = simulationProblem(kind, note);
  return problem === undefined ? undefined : new MwsError('InvalidSandboxSimulationSpecified', problem);
}

const visible = (ctx: MwsContext, o: { readonly sellerId: string; readonly releaseEnvironment: ReleaseEnvironment }): boolean =>
  o.sellerId === ctx.sellerId && o.releaseEnvironment === ctx.environment;

/** The seller's agreement in this section (sandbox ids are not found at the live endpoint, nor another seller's). */
export async function agreementOf(ctx: MwsContext, id: string): Promise<Agreement | MwsError> {
  const a = await ctx.engine.billingAgreement(id);
  return a !== undefined && visible(ctx, a) ? a : new MwsError('InvalidBillingAgreementId', `The billing agreement id '${id}' is invalid.`);
}

export async function orderOf(ctx: MwsContext, id: string, code = 'InvalidOrderReferenceId', what = 'order reference'): Promise<Order | MwsError> {
  const o = await ctx.engine.orderReference(id);
  return o !== undefined && visible(ctx, o) ? o : new MwsError(code, `The ${what} id '${id}' is invalid.`);
}

/** `{ key: value }`, or nothing when the parameter was not given (exactOptionalPropertyTypes). */
export function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
