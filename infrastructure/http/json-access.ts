/**
 * Authentication of the JSON API: every call carries `Authorization: Bearer <API key>`; the key
 * names its seller, and the routes act only on that seller's agreements. Refusals are 401 (429
 * once an address failed too often), logged with their reason and the key id, never the secret.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRecord } from '../../application/access/api-keys.js';
import type { ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import type { FailedAuthLimiter } from '../auth/failed-auth-limiter.js';
import { noteRequest } from './request-notes.js';

export interface JsonAccess {
  readonly authenticator: ApiKeyAuthenticator;
  readonly limiter: FailedAuthLimiter;
}

const callers = new WeakMap<object, ApiKeyRecord>();

/** The key the request was authenticated with (only on routes behind `requireApiKey`). */
export function callerOf(request: FastifyRequest): ApiKeyRecord {
  const key = callers.get(request);
  if (key === undefined) throw new Error(`${request.method} ${request.url} reached a route without an authenticated key`);
  return key;
}

/** An onRequest hook: the request goes on only with a valid, unrevoked key from an address not locked out. */
export function requireApiKey(access: JsonAccess) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const address = request.ip;
    const wait = access.limiter.retryAfterSeconds(address);
    if (wait > 0) {
      request.log.warn({ auth: { refused: 'too many failed authentications', address } }, 'authentication refused');
      noteRequest(request, { outcome: 'TooManyFailedAuthentications' });
      return reply
        .code(429)
        .header('Retry-After', String(wait))
        .send({ error: 'TooManyFailedAuthentications', message: `too many failed authentications from ${address}: try again in ${wait} s`, retryAfterSeconds: wait });
    }
    const check = await access.authenticator.check(request.headers.authorization);
    if (check.ok) {
      callers.set(request, check.key);
      return undefined;
    }
    access.limiter.fail(address);
    request.log.warn({ auth: { refused: check.reason, address, ...(check.keyId === undefined ? {} : { keyId: check.keyId }) } }, 'authentication refused');
    noteRequest(request, { outcome: 'Unauthorized' });
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer realm="billing-engine"')
      .send({ error: 'Unauthorized', message: `${check.reason}: send "Authorization: Bearer <API key>" (billing-engine keys create --seller <SellerId>)` });
  };
}
