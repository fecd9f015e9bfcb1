/**
 * API key tokens: `bek_<keyId>_<secret>`, the key id 12 lower-case hex digits (public: listings and
 * logs show it), the secret 64 (256 random bits, shown once). The registry keeps the secret's
 * SHA-256 only: a secret of 256 random bits needs no slow hash.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyOrigin, ApiKeyRecord } from '../../application/access/api-keys.js';

const TOKEN = /^bek_([0-9a-f]{12})_([0-9a-f]{64})$/;
export const SELLER_ID = /^[A-Z0-9]{1,32}$/;

export interface ParsedToken {
  readonly keyId: string;
  readonly secret: string;
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

export function parseToken(token: string): ParsedToken | undefined {
  const match = TOKEN.exec(token);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { keyId: match[1], secret: match[2] };
}

/** The key id of something that looks like a token, for a log line (never the secret). */
export const keyIdOf = (token: string): string | undefined => /^bek_([0-9a-f]{12})_/.exec(token)?.[1];

/** Whether `secret` is the one whose hash the record keeps (constant time). */
export function secretMatches(record: ApiKeyRecord, secret: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const kept = Buffer.from(record.secretHash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}

/** A new key: the token to hand out once, and the record to keep. */
export function newApiKey(sellerId: string, label: string, origin: ApiKeyOrigin, createdAt: string): { readonly token: string; readonly record: Omit<ApiKeyRecord, 'revokedAt'> } {
  if (!SELLER_ID.test(sellerId)) throw new RangeError(`seller id '${sellerId}' must be 1 to 32 characters of A-Z 0-9`);
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('hex');
  return { token: `bek_${keyId}_${secret}`, record: { keyId, sellerId, label, origin, secretHash: hashSecret(secret), createdAt } };
}
