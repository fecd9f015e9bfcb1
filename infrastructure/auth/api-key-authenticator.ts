/**
 * Checks a bearer token against the API key registry. The registry is read again at most once a
 * second (so a key revoked by another process stops working within a second), and at once for a
 * key id it does not know yet (a key created a moment ago works at once).
 */
import type { ApiKeyRecord, ApiKeyRegistry } from '../../application/access/api-keys.js';
import { keyIdOf, parseToken, secretMatches } from './api-key-tokens.js';

export type KeyCheck = { readonly ok: true; readonly key: ApiKeyRecord } | { readonly ok: false; readonly reason: string; readonly keyId?: string };

export interface ApiKeyAuthenticatorOptions {
  /** Default 1,000 ms. */
  readonly refreshAfterMs?: number;
  /** Milliseconds of a monotonic clock; default performance.now. */
  readonly now?: () => number;
}

export class ApiKeyAuthenticator {
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private readonly refreshAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly registry: ApiKeyRegistry,
    options: ApiKeyAuthenticatorOptions = {},
  ) {
    this.refreshAfterMs = options.refreshAfterMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /** `authorization` is the request's Authorization header, if any. */
  async check(authorization: string | undefined): Promise<KeyCheck> {
    if (authorization === undefined || authorization === '') return { ok: false, reason: 'no Authorization header' };
    const bearer = /^Bearer (\S+)$/i.exec(authorization)?.[1];
    if (bearer === undefined) return { ok: false, reason: 'the Authorization header is not "Bearer <API key>"' };
    const parsed = parseToken(bearer);
    const keyId = keyIdOf(bearer);
    if (parsed === undefined) return { ok: false, reason: 'the bearer token is not an API key (bek_…)', ...(keyId === undefined ? {} : { keyId }) };
    if (this.now() - this.refreshedAt >= this.refreshAfterMs || this.registry.get(parsed.keyId) === undefined) await this.refresh();
    const key = this.registry.get(parsed.keyId);
    if (key === undefined) return { ok: false, reason: 'unknown API key', keyId: parsed.keyId };
    if (!secretMatches(key, parsed.secret)) return { ok: false, reason: 'wrong secret for this API key', keyId: parsed.keyId };
    if (key.revokedAt !== undefined) return { ok: false, reason: `API key revoked at ${key.revokedAt}`, keyId: parsed.keyId };
    return { ok: true, key };
  }

  /** One read of the registry at a time, however many requests wait for it. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.registry.refresh().then(
      () => {
        this.refreshedAt = this.now();
        this.refreshing = undefined;
      },
      (error: unknown) => {
        this.refreshing = undefined;
        throw error;
      },
    );
    return this.refreshing;
  }
}
