/**
 * AuthorizeOnBillingAgreement as one operation: claim the seller's reference id, ask the payment
 * processor, record the decision on the agreement; the process manager then creates, confirms,
 * authorizes and closes the implicit order reference. Resent with the same reference id and
 * parameters, it answers the first result and records nothing.
 */
import type { AuthorizeOnBillingAgreement } from '../domain/billing-agreement/commands.js';
import { authorizationById, authorizationFingerprint, type Agreement, type AgreementAuthorization } from '../domain/billing-agreement/index.js';
import { MARKETPLACE_POLICIES } from '../domain/policy.js';
import type { Rejection } from '../domain/shared/decision.js';
import { own } from '../domain/shared/records.js';
import { fingerprint } from '../domain/shared/reference-ids.js';
import { billingAgreements } from './aggregates/billing-agreement.js';
import { claimReference, earlierClaim } from './operations/reference-claim.js';
import type { BillingEngine, ExecuteOptions } from './engine.js';
import type { PaymentProcessor } from './ports/payment-processor.js';
import { transactionId } from './ports/id-generator.js';

export type AuthorizeInput = Omit<AuthorizeOnBillingAgreement, 'type' | 'at' | 'authorizationId' | 'orderReferenceId' | 'outcome'>;

export type AuthorizeResult =
  | { readonly kind: 'accepted'; readonly authorization: AgreementAuthorization; readonly repeated: boolean }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

/** The command with its ids: a known reference id keeps its first order and authorization ids. */
function commandFor(engine: BillingEngine, agreement: Agreement, input: AuthorizeInput, at: string): AuthorizeOnBillingAgreement {
  const known = own(agreement.authorizations, input.authorizationReferenceId);
  const region = MARKETPLACE_POLICIES[agreement.marketplace].regionCode;
  const orderReferenceId = known?.orderReferenceId ?? engine.deps.ids.orderReferenceId(region, agreement.releaseEnvironment);
  return {
    ...input,
    type: 'AuthorizeOnBillingAgreement',
    at,
    orderReferenceId,
    authorizationId: known?.authorizationId ?? transactionId(orderReferenceId, 'A', 1),
    outcome: { state: 'Pending' },
  };
}

export async function authorizeOnBillingAgreement(
  engine: BillingEngine,
  payments: PaymentProcessor,
  input: AuthorizeInput,
  options: ExecuteOptions = {},
): Promise<AuthorizeResult> {
  const { state } = await engine.handler.load(billingAgreements, input.billingAgreementId);
  if (!state.exists) {
    return { kind: 'rejected', rejection: { code: 'InvalidBillingAgreementId', message: `billing agreement '${input.billingAgreementId}' does not exist` } };
  }
  const { agreement } = state;
  const known = own(agreement.authorizations, input.authorizationReferenceId);
  const at = engine.deps.clock.now();
  const metadata = engine.commandMetadata(options);
  const command = commandFor(engine, agreement, input, at);
  // The agreement is part of the claim: the same id and parameters on another agreement is DuplicateRequest.
  const print = fingerprint({ billingAgreementId: input.billingAgreementId, request: authorizationFingerprint(command) });
  const claimed = { sellerId: agreement.sellerId, referenceId: input.authorizationReferenceId, kind: 'Authorization', fingerprint: print, objectId: command.authorizationId, at } as const;
  // Rehearsed first (the outcome cannot change a refusal): a request the agreement refuses claims no reference id.
  const rehearsal = billingAgreements.decider.decide({ ...command, outcome: { state: 'Open' } }, state);
  if (rehearsal.kind === 'rejected') {
    // Unless it is a resend of a request settled long ago (the state keeps only recent ones): the first result stands.
    const first = known === undefined ? await settledEarlier(engine, input, await earlierClaim(engine, claimed)) : undefined;
    return first === undefined ? { kind: 'rejected', rejection: rehearsal.rejection } : { kind: 'accepted', authorization: first, repeated: true };
  }
  const claim = await claimReference(engine, claimed, metadata);
  if (claim.kind === 'rejected') return { kind: 'rejected', rejection: claim.rejection };
  const first = known ?? (claim.repeated ? await settledEarlier(engine, input, claim.objectId) : undefined);
  if (first !== undefined) return { kind: 'accepted', authorization: first, repeated: true };
  const outcome = await payments.authorize({ ...input, releaseEnvironment: agreement.releaseEnvironment });
  const result = await engine.execute<AuthorizeOnBillingAgreement>({ ...command, outcome }, metadata);
  if (result.kind === 'rejected') return { kind: 'rejected', rejection: result.rejection };
  // The state just after this request's events: its authorization is the newest there, whatever others did since.
  const after = result.state.exists ? result.state.agreement : undefined;
  const authorization = after && own(after.authorizations, input.authorizationReferenceId);
  if (authorization === undefined) throw new Error(`authorization '${input.authorizationReferenceId}' missing after it was recorded`);
  return { kind: 'accepted', authorization, repeated: false };
}

/**
 * The authorization a claimed reference id created, from the agreement's ledger (its stream).
 * Undefined when the claim was recorded but the agreement never was (a crash in between): the
 * request then runs as new, under the claimed ids.
 */
async function settledEarlier(engine: BillingEngine, input: AuthorizeInput, authorizationId: string | undefined): Promise<AgreementAuthorization | undefined> {
  if (authorizationId === undefined) return undefined;
  const found = authorizationById(await engine.agreementLedger(input.billingAgreementId), authorizationId);
  return found?.authorizationReferenceId === input.authorizationReferenceId ? found : undefined;
}
