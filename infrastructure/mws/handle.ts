/**
 * One MWS request, from bytes to Amazon's XML: parameters → signature and common checks →
 * throttle → the operation's DTO → the engine → a response document. Every failure is an
 * ErrorResponse with its status; only a bug answers InternalError.
 */
import type { Clock } from '../../application/ports/clock.js';
import type { FailedAuthLimiter } from '../auth/failed-auth-limiter.js';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import type { BillingEngine } from '../../application/engine.js';
import type { BillingOperations } from '../../application/operations/index.js';
import type { ReleaseEnvironment } from '../../domain/shared/amazon.js';
import type { RequestNote } from '../http/request-notes.js';
import { actionNamed } from './actions/index.js';
import type { ActionOutcome, MwsContext } from './actions/context.js';
import { MWS_VERSION, authenticate } from './authenticate.js';
import type { CredentialStore } from './credentials.js';
import { problemWith, toDto } from './dto/validation.dto.js';
import { MwsError } from './errors.js';
import { parseForm } from './form.js';
import type { SignedRequest } from './signature.js';
import type { Throttle } from './throttle.js';
import { errorDocument, successDocument } from './xml/document.js';

export interface MwsDependencies {
  readonly engine: BillingEngine;
  readonly operations: BillingOperations;
  readonly credentials: CredentialStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Absent: no throttling (the default). */
  readonly throttle?: Throttle;
  /** Locks out an address after too many failed authentications; absent: no lockout. */
  readonly failedAuth?: FailedAuthLimiter;
  /** Called with a bug's error before InternalError is answered. */
  readonly onInternalError?: (error: unknown) => void;
}

export interface MwsHttpRequest extends Omit<SignedRequest, 'params'> {
  readonly environment: ReleaseEnvironment;
  readonly version: string;
  /** Form-encoded sources: the body (POST) and the query string. */
  readonly sources: readonly Uint8Array[];
  /** The client's address (failed authentications are counted per address). */
  readonly address: string;
  /** Given the request's parameters once they are read (a debug log: the Signature among them is redacted). */
  readonly onParams?: (params: ReadonlyMap<string, string>) => void;
}

export interface MwsReply {
  readonly status: number;
  readonly xml: string;
  readonly note: RequestNote;
  /** Why the caller was not let in (for the log; never a secret). */
  readonly refusal?: string;
}

/** The answers that mean "not who they say they are"; each counts against the caller's address. */
const AUTHENTICATION_FAILURES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch']);

function reply(requestId: string, outcome: ActionOutcome, action: string | undefined, sellerId?: string): MwsReply {
  const base = { ...(action === undefined ? {} : { action }), ...(sellerId === undefined ? {} : { sellerId }), ids: outcome.ids };
  if (outcome.ok) return { status: 200, xml: successDocument(action ?? 'Unknown', outcome.result, requestId), note: { ...base, outcome: 'Success' } };
  return { status: outcome.error.status, xml: errorDocument(outcome.error, requestId), note: { ...base, outcome: outcome.error.code } };
}

const failure = (error: MwsError) => ({ ok: false as const, error, ids: {} });

export async function handleMws(deps: MwsDependencies, request: MwsHttpRequest): Promise<MwsReply> {
  const requestId = deps.ids.uniqueId();
  if (request.version !== MWS_VERSION) return reply(requestId, failure(new MwsError('InvalidAddress', `Version '${request.version}' is not served here.`)), undefined);
  const form = parseForm(...request.sources);
  if (!form.ok) return reply(requestId, failure(new MwsError('InvalidParameterValue', form.message)), undefined);
  request.onParams?.(form.params);
  const wait = deps.failedAuth?.retryAfterSeconds(request.address) ?? 0;
  if (wait > 0) {
    const error = new MwsError('RequestThrottled', `Too many failed authentications from this address: try again in ${wait} seconds.`);
    return { ...reply(requestId, failure(error), form.params.get('Action')), refusal: 'too many failed authentications' };
  }
  const now = deps.clock.now();
  const auth = authenticate({ ...request, params: form.params }, deps.credentials, now, (name) => actionNamed(name) !== undefined);
  if (!auth.ok) {
    if (AUTHENTICATION_FAILURES.has(auth.error.code)) deps.failedAuth?.fail(request.address);
    return { ...reply(requestId, failure(auth.error), auth.action), refusal: `${auth.error.code}: ${auth.error.message}` };
  }
  const { action, credential } = auth;
  if (deps.throttle && !deps.throttle.take(credential.sellerId, action)) {
    return reply(requestId, failure(new MwsError('RequestThrottled', `Request is throttled: ${action} is over its quota for this seller.`)), action, credential.sellerId);
  }
  const operation = actionNamed(action);
  if (operation === undefined) throw new Error(`action '${action}' passed authentication but is not registered`);
  const dto = toDto(operation.dto, form.params);
  const problem = problemWith(dto);
  if (problem) return reply(requestId, failure(new MwsError(problem.code, problem.message)), action, credential.sellerId);
  const ctx: MwsContext = {
    engine: deps.engine,
    operations: deps.operations,
    sellerId: credential.sellerId,
    environment: request.environment,
    now,
    options: { correlationId: requestId, actor: 'seller', source: 'mws' },
  };
  try {
    return reply(requestId, await operation.run(ctx, dto), action, credential.sellerId);
  } catch (error) {
    deps.onInternalError?.(error);
    return reply(requestId, failure(new MwsError('InternalError', 'We encountered an internal error. Please try again.')), action, credential.sellerId);
  }
}
