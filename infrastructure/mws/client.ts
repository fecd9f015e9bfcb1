/**
 * A small MWS client of our own: signs requests with Signature Version 2 exactly as §1.1 says and
 * posts them form-encoded. Used by the demo, the `mws-sign` command and the tests.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Credential } from './credentials.js';
import { canonicalQuery, rfc3986, sign, stringToSign, type SignatureMethod } from './signature.js';

export interface MwsClientOptions {
  /** The full endpoint, e.g. http://127.0.0.1:8080/OffAmazonPayments_Sandbox/2013-01-01 */
  readonly endpoint: string;
  readonly credential: Credential;
  readonly signatureMethod?: SignatureMethod;
  /** The Timestamp to send (default: the system clock). */
  readonly now?: () => string;
  readonly mwsAuthToken?: string;
}

export type MwsAnswer =
  | { readonly ok: true; readonly status: number; readonly action: string; readonly result: Record<string, unknown>; readonly requestId: string; readonly body: string }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly type: string; readonly message: string; readonly requestId: string; readonly body: string };

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'member' || name === 'Constraint' });

/** Amazon's response document as an answer: the …Result element, or the error's code and message. */
export function readMwsResponse(status: number, body: string): MwsAnswer {
  let document: Record<string, Record<string, unknown>> = {};
  try {
    document = parser.parse(body) as Record<string, Record<string, unknown>>;
  } catch {
    // Not XML: answered below as unreadable.
  }
  const [root = '', content = {}] = Object.entries(document).find(([name]) => name !== '?xml') ?? [];
  if (!root.endsWith('Response') || typeof content !== 'object') {
    return { ok: false, status, code: 'UnreadableResponse', type: '', message: body.slice(0, 200), requestId: '', body };
  }
  if (root === 'ErrorResponse') {
    const error = (content['Error'] ?? {}) as Record<string, string>;
    return { ok: false, status, code: error['Code'] ?? '', type: error['Type'] ?? '', message: error['Message'] ?? '', requestId: String(content['RequestId'] ?? ''), body };
  }
  const action = root.replace(/Response$/, '');
  const metadata = (content['ResponseMetadata'] ?? {}) as Record<string, string>;
  const result = content[`${action}Result`];
  return { ok: true, status, action, result: typeof result === 'object' && result !== null ? (result as Record<string, unknown>) : {}, requestId: metadata['RequestId'] ?? '', body };
}

export class MwsClient {
  private readonly url: URL;

  constructor(private readonly options: MwsClientOptions) {
    this.url = new URL(options.endpoint);
  }

  /** The access key id it signs with (public: logged and shown). */
  get accessKeyId(): string {
    return this.options.credential.accessKeyId;
  }

  /** Every parameter of the call, the common ones and Signature included. */
  signedParameters(action: string, params: Readonly<Record<string, string>>, method: 'POST' | 'GET' = 'POST'): Map<string, string> {
    const { credential } = this.options;
    const signatureMethod = this.options.signatureMethod ?? 'HmacSHA256';
    const all = new Map<string, string>(Object.entries({
      AWSAccessKeyId: credential.accessKeyId,
      Action: action,
      SellerId: credential.sellerId,
      SignatureMethod: signatureMethod,
      SignatureVersion: '2',
      Timestamp: this.options.now?.() ?? new Date().toISOString(),
      Version: '2013-01-01',
      ...(this.options.mwsAuthToken === undefined ? {} : { MWSAuthToken: this.options.mwsAuthToken }),
      ...params,
    }));
    // URL.host is lower case and leaves out the scheme's default port, as §1.1 wants.
    const text = stringToSign(method, this.url.host, this.url.pathname, canonicalQuery(all));
    all.set('Signature', sign(credential.secretKey, signatureMethod, text));
    return all;
  }

  /** The form-encoded body of a signed call. */
  signedBody(action: string, params: Readonly<Record<string, string>>): string {
    return [...this.signedParameters(action, params)].map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`).join('&');
  }

  async call(action: string, params: Readonly<Record<string, string>> = {}): Promise<MwsAnswer> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: this.signedBody(action, params),
    });
    return readMwsResponse(response.status, await response.text());
  }
}
