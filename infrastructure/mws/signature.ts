/**
 * MWS Signature Version 2 (MWS-AND-IPN.md §1.1). The string to sign is four lines: method, host
 * (lower case, with :port only when it is not the scheme's default), path ("/" if empty) and the
 * canonical query (every parameter but Signature, sorted by name in byte order, RFC 3986 encoded
 * with upper-case hex). Real clients vary (host without its port, lower-case hex escapes), so the
 * verifier tries those few variants; it never skips verification.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureMethod = 'HmacSHA256' | 'HmacSHA1';
export const SIGNATURE_METHODS: readonly SignatureMethod[] = ['HmacSHA256', 'HmacSHA1'];

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** RFC 3986: A-Z a-z 0-9 - _ . ~ stay; every other UTF-8 byte becomes %XX (space is %20, never +). */
export function rfc3986(value: string, hex: 'upper' | 'lower' = 'upper'): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (byte < 0x80 && UNRESERVED.test(char)) out += char;
    else {
      const code = byte.toString(16).padStart(2, '0');
      out += `%${hex === 'upper' ? code.toUpperCase() : code}`;
    }
  }
  return out;
}

/** Sorted by the names' UTF-8 bytes (not JavaScript's UTF-16 order). */
export function canonicalQuery(params: ReadonlyMap<string, string>, hex: 'upper' | 'lower' = 'upper'): string {
  return [...params.entries()]
    .filter(([name]) => name !== 'Signature')
    .sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
    .map(([name, value]) => `${rfc3986(name, hex)}=${rfc3986(value, hex)}`)
    .join('&');
}

export function stringToSign(method: string, host: string, path: string, query: string): string {
  return [method.toUpperCase(), host.toLowerCase(), path === '' ? '/' : path, query].join('\n');
}

export function sign(secretKey: string, method: SignatureMethod, text: string): string {
  return createHmac(method === 'HmacSHA256' ? 'sha256' : 'sha1', secretKey).update(text, 'utf8').digest('base64');
}

export interface SignedRequest {
  readonly method: string;
  /** The Host header as sent (may carry a port). */
  readonly host: string;
  readonly path: string;
  readonly defaultPort: number;
  readonly params: ReadonlyMap<string, string>;
}

/** The host as the strict rule writes it, without the port, and as sent. */
export function hostVariants(host: string, defaultPort: number): string[] {
  const lower = host.toLowerCase();
  const match = /^(.*?)(?::(\d+))?$/.exec(lower);
  const name = match?.[1] ?? lower;
  const port = match?.[2];
  const strict = port === undefined || Number(port) === defaultPort ? name : `${name}:${port}`;
  return [...new Set([strict, name, lower])];
}

/** Every string to sign the verifier accepts, the strict one first. */
export function stringsToSign(request: SignedRequest): string[] {
  const queries = [canonicalQuery(request.params, 'upper'), canonicalQuery(request.params, 'lower')];
  const hosts = hostVariants(request.host, request.defaultPort);
  return [...new Set(hosts.flatMap((host) => queries.map((query) => stringToSign(request.method, host, request.path, query))))];
}

/** Constant-time comparison of the decoded signatures; a '+' turned into a space by form decoding is tolerated. */
export function verifySignature(request: SignedRequest, secretKey: string, method: SignatureMethod, signature: string): boolean {
  const given = Buffer.from(signature.replaceAll(' ', '+'), 'base64');
  return stringsToSign(request).some((text) => {
    const expected = Buffer.from(sign(secretKey, method, text), 'base64');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
