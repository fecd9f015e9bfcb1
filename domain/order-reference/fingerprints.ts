/**
 * The parameters that define each request, in canonical form: the same text means an exact
 * repeat (DOMAIN.md §2.6). Decisions and `evolve` both build them here, so they always agree.
 * Object ids and processor outcomes are left out: a retry gets a fresh id from the generator
 * and must still be recognised as the same request.
 */
import type { Money } from '../shared/money.js';
import { fingerprint } from '../shared/reference-ids.js';

export function creationFingerprint(p: {
  readonly orderReferenceId: string;
  readonly sellerId: string;
  readonly releaseEnvironment: string;
  readonly orderTotal: Money | undefined;
  readonly parentId: string | undefined;
}): string {
  return fingerprint({ ...p });
}

export function authorizationFingerprint(p: {
  readonly amount: Money;
  readonly sellerAuthorizationNote?: string | undefined;
  readonly softDescriptor?: string | undefined;
  readonly transactionTimeout: number;
  readonly captureNow: boolean;
}): string {
  return fingerprint({
    amount: p.amount,
    sellerAuthorizationNote: p.sellerAuthorizationNote,
    softDescriptor: p.softDescriptor,
    transactionTimeout: p.transactionTimeout,
    captureNow: p.captureNow,
  });
}

export function captureFingerprint(p: {
  readonly authorizationId: string;
  readonly amount: Money;
  readonly sellerCaptureNote?: string | undefined;
  readonly softDescriptor?: string | undefined;
}): string {
  return fingerprint({
    authorizationId: p.authorizationId,
    amount: p.amount,
    sellerCaptureNote: p.sellerCaptureNote,
    softDescriptor: p.softDescriptor,
  });
}

export function refundFingerprint(p: {
  readonly captureId: string;
  readonly amount: Money;
  readonly sellerRefundNote?: string | undefined;
  readonly softDescriptor?: string | undefined;
}): string {
  return fingerprint({
    captureId: p.captureId,
    amount: p.amount,
    sellerRefundNote: p.sellerRefundNote,
    softDescriptor: p.softDescriptor,
  });
}
