/** What the demo talks with: our signing MWS client and the JSON API, printing each step. */
import type { ManualClock } from '../runtime/clock.js';
import { MwsClient, type MwsAnswer } from '../mws/client.js';

export interface Printer {
  write(text: string): void;
}

/** A nested element of a parsed MWS result: at(result, 'A.B.C'). */
export function at(value: unknown, path: string): string {
  const found = path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
  return typeof found === 'object' || found === undefined ? JSON.stringify(found ?? null) : String(found);
}

export class DemoClient {
  readonly mws: MwsClient;
  /** Starts every reference id of this run: they are the seller's forever, so a kept store needs new ones. */
  readonly tag = `demo${Date.now().toString(36)}`;

  constructor(
    readonly url: string,
    readonly credential: { readonly accessKeyId: string; readonly secretKey: string; readonly sellerId: string },
    /** The seller's JSON API key. */
    private readonly apiKey: string,
    readonly clock: ManualClock,
    private readonly out: Printer,
  ) {
    this.mws = new MwsClient({ endpoint: `${url}/OffAmazonPayments_Sandbox/2013-01-01`, credential, now: () => clock.now() });
  }

  say(text: string): void {
    this.out.write(`${text}\n`);
  }

  /** One MWS call, printed as `Action → outcome (detail)`. */
  async call(action: string, params: Readonly<Record<string, string>>, detail: (result: Record<string, unknown>) => string = () => ''): Promise<MwsAnswer> {
    const answer = await this.mws.call(action, params);
    const shown = answer.ok ? `${answer.status} ${detail(answer.result)}`.trimEnd() : `${answer.status} ${answer.code}: ${answer.message}`;
    this.say(`    MWS  ${action.padEnd(28)} → ${shown}`);
    return answer;
  }

  /** One JSON API call, printed as `METHOD path → status`. */
  async json(method: 'GET' | 'POST', path: string, body?: unknown, detail: (body: Record<string, unknown>) => string = () => ''): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await fetch(`${this.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const parsed = (await response.json()) as Record<string, unknown>;
    const shown = response.ok ? detail(parsed) : `${String(parsed['error'])}: ${String(parsed['message'])}`;
    this.say(`    HTTP ${`${method} ${path.replace(/C0\d-\d{7}-\d{7}/, '{id}')}`.padEnd(45)} → ${response.status} ${shown}`.trimEnd());
    return parsed;
  }

  /** A Draft agreement for digital goods, created as the widgets would. */
  async signUp(name: string): Promise<string> {
    const created = await this.json('POST', '/v1/billing-agreements', {
      sellerId: this.credential.sellerId,
      marketplace: 'JP',
      buyer: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.jp` },
      requiresShipping: false,
    }, (b) => String(b['amazonBillingAgreementId']));
    return String(created['amazonBillingAgreementId']);
  }

  /** Consent and a payment method in the widgets, then ConfirmBillingAgreement. */
  async signUpAndConfirm(name: string): Promise<string> {
    const id = await this.signUp(name);
    await this.json('POST', `/v1/billing-agreements/${id}/consent`);
    await this.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' });
    await this.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
    return id;
  }

  charge(id: string, reference: string, amount: string, extra: Record<string, string> = {}): Promise<MwsAnswer> {
    return this.call(
      'AuthorizeOnBillingAgreement',
      { AmazonBillingAgreementId: id, AuthorizationReferenceId: reference, 'AuthorizationAmount.Amount': amount, 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0', CaptureNow: 'true', ...extra },
      (r) => `${at(r, 'AuthorizationDetails.AuthorizationStatus.State')} ${amount} JPY ${at(r, 'AuthorizationDetails.AuthorizationStatus.ReasonCode')}`,
    );
  }

  state(id: string): Promise<MwsAnswer> {
    return this.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }, (r) => {
      const d = 'BillingAgreementDetails';
      return `${at(r, `${d}.BillingAgreementStatus.State`)}, ${at(r, `${d}.BillingAgreementLimits.CurrentRemainingBalance.Amount`)} JPY left this month`;
    });
  }
}
