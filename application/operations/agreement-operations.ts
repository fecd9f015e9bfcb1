/**
 * The billing agreement calls that need more than one command: set details (a sandbox note may
 * make Amazon report a constraint), validate (the payment processor's verdict is recorded), and
 * the plain ones (confirm, close) with the clock's time.
 */
import type { Agreement, BillingAgreementCommand, SellerBillingAgreementAttributes } from '../../domain/billing-agreement/index.js';
import type { Instant } from '../../domain/shared/time.js';
import type { ValidationOutcome } from '../ports/payment-processor.js';
import type { OperationContext, ExecuteOptions } from './context.js';
import { accepted, fromRejection, rejected, type OperationResult } from './result.js';

async function onAgreement(ctx: OperationContext, build: (at: Instant) => BillingAgreementCommand, options: ExecuteOptions): Promise<OperationResult<Agreement>> {
  const command = build(ctx.engine.deps.clock.now());
  const result = await ctx.engine.execute(command, options);
  if (result.kind === 'rejected') return fromRejection(result.rejection);
  const agreement = await ctx.engine.billingAgreement(command.billingAgreementId);
  if (agreement === undefined) throw new Error(`billing agreement '${command.billingAgreementId}' missing after an accepted command`);
  return accepted(agreement, result.events.length === 0);
}

const missing = <T>(id: string): OperationResult<T> =>
  rejected('InvalidBillingAgreementId', `billing agreement '${id}' does not exist`, { billingAgreementId: id });

export const confirmAgreement = (ctx: OperationContext, billingAgreementId: string, options: ExecuteOptions = {}) =>
  onAgreement(ctx, (at) => ({ type: 'ConfirmBillingAgreement', billingAgreementId, at }), options);

export const closeAgreement = (ctx: OperationContext, input: { readonly billingAgreementId: string; readonly closureReason?: string }, options: ExecuteOptions = {}) =>
  onAgreement(ctx, (at) => ({ ...input, type: 'CloseBillingAgreement', at }), options);

export interface AgreementDetailsInput {
  readonly billingAgreementId: string;
  readonly sellerNote?: string;
  readonly platformId?: string;
  readonly sellerBillingAgreementAttributes?: SellerBillingAgreementAttributes;
}

export async function setAgreementDetails(ctx: OperationContext, input: AgreementDetailsInput, options: ExecuteOptions = {}): Promise<OperationResult<Agreement>> {
  const set = await onAgreement(ctx, (at) => ({ ...input, type: 'SetBillingAgreementDetails', at }), options);
  if (set.kind === 'rejected') return set;
  const request = { releaseEnvironment: set.value.releaseEnvironment, ...(input.sellerNote === undefined ? {} : { sellerNote: input.sellerNote }) };
  const constraints = await ctx.engine.deps.payments.constraintsAfterDetails(request);
  let latest: OperationResult<Agreement> = set;
  for (const constraintId of constraints) {
    const metadata = ctx.engine.commandMetadata(options);
    latest = await onAgreement(ctx, (at) => ({ type: 'ReportConstraint', billingAgreementId: input.billingAgreementId, constraintId, at }), {
      ...metadata,
      commandId: `${metadata.commandId}>constraint-${constraintId}`,
    });
    if (latest.kind === 'rejected') return latest;
  }
  return latest;
}

export interface Validation {
  readonly agreement: Agreement;
  readonly outcome: ValidationOutcome;
}

/** ValidateBillingAgreement: the processor's verdict is recorded (a failure for InvalidPaymentMethod suspends). */
export async function validateAgreement(ctx: OperationContext, billingAgreementId: string, options: ExecuteOptions = {}): Promise<OperationResult<Validation>> {
  const before = await ctx.engine.billingAgreement(billingAgreementId);
  if (before === undefined) return missing(billingAgreementId);
  const outcome = await ctx.engine.deps.payments.validate({ billingAgreementId, releaseEnvironment: before.releaseEnvironment });
  const result = await onAgreement(ctx, (at) => ({ type: 'ValidateBillingAgreement', billingAgreementId, at, outcome }), options);
  if (result.kind === 'rejected') return result;
  return accepted({ agreement: result.value, outcome });
}
