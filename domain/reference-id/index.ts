/**
 * The seller's namespace of reference ids (DOMAIN.md §1, §2.6): AuthorizationReferenceId,
 * CaptureReferenceId and RefundReferenceId share one namespace per seller, across all
 * agreements and orders. One tiny stream per (seller, reference id) holds the first claim; the
 * application claims before it performs a money operation.
 */
import { accept, assertNever, nothing, type Decider, type Decision } from '../shared/decision.js';
import { checkReference, type ReferenceKind, type ReferenceRecord } from '../shared/reference-ids.js';
import type { Instant } from '../shared/time.js';
import type { ReferenceIdErrorCode } from './errors.js';

export type { ReferenceIdErrorCode } from './errors.js';

export interface ClaimReferenceId {
  readonly type: 'ClaimReferenceId';
  readonly sellerId: string;
  readonly referenceId: string;
  readonly kind: ReferenceKind;
  /** Canonical parameters of the operation (`fingerprint` in domain/shared/reference-ids.ts). */
  readonly fingerprint: string;
  /** The object the operation creates (authorization, capture or refund id). */
  readonly objectId: string;
  readonly at: Instant;
}

export interface ReferenceIdClaimed extends Omit<ClaimReferenceId, 'type'> {
  readonly type: 'ReferenceIdClaimed';
}

export type ReferenceIdCommand = ClaimReferenceId;
export type ReferenceIdEvent = ReferenceIdClaimed;
export type ReferenceIdState = { readonly claimed: false } | { readonly claimed: true; readonly record: ReferenceRecord };
export const REFERENCE_ID_EVENT_TYPES = ['ReferenceIdClaimed'] as const;

const initialState: ReferenceIdState = { claimed: false };

/** Same kind and parameters: the first claim stands (a repeat); otherwise Amazon's duplicate codes. */
function decide(command: ReferenceIdCommand, state: ReferenceIdState): Decision<ReferenceIdEvent, ReferenceIdErrorCode> {
  switch (command.type) {
    case 'ClaimReferenceId': {
      const check = checkReference(command.referenceId, state.claimed ? state.record : undefined, command.kind, command.fingerprint);
      if (check.kind === 'rejected') return check.decision;
      if (check.kind === 'repeat') return nothing;
      const { type: _type, ...claim } = command;
      return accept({ ...claim, type: 'ReferenceIdClaimed' });
    }
    default:
      return assertNever(command.type);
  }
}

function evolve(state: ReferenceIdState, event: ReferenceIdEvent): ReferenceIdState {
  if (state.claimed) return state;
  return { claimed: true, record: { kind: event.kind, fingerprint: event.fingerprint, objectId: event.objectId } };
}

export const referenceIdDecider: Decider<ReferenceIdCommand, ReferenceIdEvent, ReferenceIdState, ReferenceIdErrorCode> = { initialState, decide, evolve };
