/**
 * The seller's reference ids (DOMAIN.md §2.6) are claimed in their own stream before a money
 * operation runs, so one id cannot serve two operations across kinds, orders or agreements. The
 * claim's fingerprint names the operation's target, so the same id and parameters on another
 * order is DuplicateRequest rather than a second charge.
 */
import type { Rejection } from '../../domain/shared/decision.js';
import type { ClaimReferenceId } from '../../domain/reference-id/index.js';
import { referenceIds } from '../aggregates/reference-id.js';
import type { CommandMetadata } from '../command-handler.js';
import type { BillingEngine } from '../engine.js';

/** What a money operation claims; `objectId` is the id the operation will give its object if the claim is new. */
export type Claim = Omit<ClaimReferenceId, 'type'>;

/** `objectId`: ours for a new claim, the first request's for a repeat (`repeated`: the id was claimed before, with these parameters). */
export type ClaimOutcome = { readonly kind: 'claimed'; readonly objectId: string; readonly repeated: boolean } | { readonly kind: 'rejected'; readonly rejection: Rejection };

export async function claimReference(engine: BillingEngine, claim: Claim, metadata: CommandMetadata): Promise<ClaimOutcome> {
  const result = await engine.handler.handle(referenceIds, { type: 'ClaimReferenceId', ...claim }, { ...metadata, commandId: `${metadata.commandId}>claim` });
  if (result.kind === 'rejected') return { kind: 'rejected', rejection: result.rejection };
  const objectId = result.state.claimed ? result.state.record.objectId : claim.objectId;
  return { kind: 'claimed', objectId, repeated: result.events.length === 0 || result.duplicate };
}

/** The claim already recorded for this seller's reference id, if it is this very request's (same kind and parameters); nothing is written. */
export async function earlierClaim(engine: BillingEngine, claim: Claim): Promise<string | undefined> {
  const { state } = await engine.handler.load(referenceIds, referenceIds.idOf({ type: 'ClaimReferenceId', ...claim }));
  if (!state.claimed || state.record.kind !== claim.kind || state.record.fingerprint !== claim.fingerprint) return undefined;
  return state.record.objectId;
}
