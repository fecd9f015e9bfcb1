/**
 * Idempotency of money operations (DOMAIN.md §2.6). Seller-chosen reference ids
 * (AuthorizationReferenceId, CaptureReferenceId, RefundReferenceId) share one namespace:
 * - same id, same kind, same parameters → an exact repeat: the original result, nothing new;
 * - same id, same kind, different parameters → DuplicateRequest;
 * - same id used by another kind of operation → DuplicateReferenceId.
 */
import { reject, type Decision } from './decision.js';

export type ReferenceKind = 'Authorization' | 'Capture' | 'Refund';

/** At most 32 characters of A-Z a-z 0-9 - _ (Amazon's rule for every reference id). */
export const REFERENCE_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export interface ReferenceRecord {
  readonly kind: ReferenceKind;
  /** Canonical text of the parameters that define the operation (see `fingerprint`). */
  readonly fingerprint: string;
  /** The id of the object the first request created (e.g. the Amazon authorization id). */
  readonly objectId: string;
}

export type ReferenceCheck =
  | { readonly kind: 'new' }
  | { readonly kind: 'repeat'; readonly objectId: string }
  | { readonly kind: 'rejected'; readonly decision: Decision<never, 'DuplicateRequest' | 'DuplicateReferenceId'> };

export function checkReference(
  referenceId: string,
  existing: ReferenceRecord | undefined,
  kind: ReferenceKind,
  fingerprint: string,
): ReferenceCheck {
  if (existing === undefined) return { kind: 'new' };
  if (existing.kind !== kind) {
    return {
      kind: 'rejected',
      decision: reject('DuplicateReferenceId', `reference id '${referenceId}' was already used by a ${existing.kind}`, {
        referenceId,
        usedBy: existing.kind,
      }),
    };
  }
  if (existing.fingerprint !== fingerprint) {
    return {
      kind: 'rejected',
      decision: reject('DuplicateRequest', `reference id '${referenceId}' was already used with other parameters`, { referenceId }),
    };
  }
  return { kind: 'repeat', objectId: existing.objectId };
}

type FingerprintValue = string | number | boolean | undefined | { readonly amount: number; readonly currency: string };

/** Canonical, order-independent text of an operation's parameters; undefined ones are left out. */
export function fingerprint(params: { readonly [name: string]: FingerprintValue }): string {
  const entries = Object.keys(params)
    .sort()
    .flatMap((name) => {
      const value = params[name];
      if (value === undefined) return [];
      return [[name, typeof value === 'object' ? `${value.amount} ${value.currency}` : value] as const];
    });
  return JSON.stringify(entries);
}
