/**
 * Who is calling and whether the request is theirs: the common parameters, the key, the
 * Signature Version 2 signature (§1.1), the Timestamp window (±15 minutes of the clock port), the
 * seller, the version and the action. Never skips the signature.
 */
import { toEpochMs, type Instant } from '../../domain/shared/time.js';
import type { Credential, CredentialStore } from './credentials.js';
import { MwsError, invalidParameter, missingParameter } from './errors.js';
import { SIGNATURE_METHODS, verifySignature, type SignatureMethod, type SignedRequest } from './signature.js';

export const MWS_VERSION = '2013-01-01';
const REQUIRED = ['AWSAccessKeyId', 'Action', 'SellerId', 'SignatureMethod', 'SignatureVersion', 'Timestamp', 'Version', 'Signature'] as const;
const WINDOW_MS = 15 * 60 * 1000;
/** ISO-8601 as clients write it: `…00.000Z`, `…00Z`, a lower-case `z`, or an offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export type Authentication =
  | { readonly ok: true; readonly credential: Credential; readonly action: string }
  | { readonly ok: false; readonly error: MwsError; readonly action?: string };

function timestampProblem(text: string, now: Instant): MwsError | undefined {
  const ms = TIMESTAMP.test(text) ? Date.parse(text.replace(/z$/, 'Z')) : Number.NaN;
  if (Number.isNaN(ms)) return invalidParameter('Timestamp', `'${text}' is not an ISO-8601 timestamp.`);
  if (Math.abs(ms - toEpochMs(now)) > WINDOW_MS) {
    return invalidParameter('Timestamp', `'${text}' is more than 15 minutes away from the server's time, ${now}.`);
  }
  return undefined;
}

export function authenticate(request: SignedRequest, credentials: CredentialStore, now: Instant, knownAction: (action: string) => boolean): Authentication {
  const { params } = request;
  const action = params.get('Action');
  const fail = (error: MwsError): Authentication => (action === undefined ? { ok: false, error } : { ok: false, error, action });
  const absent = REQUIRED.find((name) => params.get(name) === undefined || params.get(name) === '');
  if (absent !== undefined) return fail(missingParameter(absent));
  const get = (name: (typeof REQUIRED)[number]): string => params.get(name) ?? '';
  if (get('SignatureVersion') !== '2') return fail(invalidParameter('SignatureVersion', 'only Signature Version 2 is supported.'));
  const method = get('SignatureMethod') as SignatureMethod;
  if (!SIGNATURE_METHODS.includes(method)) return fail(invalidParameter('SignatureMethod', `use ${SIGNATURE_METHODS.join(' or ')}.`));
  const credential = credentials.get(get('AWSAccessKeyId'));
  if (credential === undefined) return fail(new MwsError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.'));
  if (!verifySignature(request, credential.secretKey, method, get('Signature'))) {
    return fail(new MwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.'));
  }
  const late = timestampProblem(get('Timestamp'), now);
  if (late) return fail(late);
  if (get('SellerId') !== credential.sellerId) return fail(invalidParameter('SellerId', `this AWSAccessKeyId does not act for seller '${get('SellerId')}'.`));
  if (get('Version') !== MWS_VERSION) return fail(new MwsError('InvalidAddress', `Version '${get('Version')}' is not served here; use ${MWS_VERSION}.`));
  if (!knownAction(get('Action'))) return fail(new MwsError('InvalidAddress', `Action '${get('Action')}' is not a known operation of OffAmazonPayments ${MWS_VERSION}.`));
  return { ok: true, credential, action: get('Action') };
}
