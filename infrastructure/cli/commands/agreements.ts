/**
 * `billing-engine agreements create|show|consent|select-payment|select-address|confirm|charge|
 * pause|resume|close`: drives billing agreements on the running service as a seller's backend
 * would, the widget steps over the JSON API (with an API key) and Amazon's calls over MWS (signed),
 * and shows the agreement after each step (`--json`: the service's JSON as it is).
 */
import type { Command } from 'commander';
import { MwsClient, type MwsAnswer } from '../../mws/client.js';
import { CliError, EXIT } from '../program.js';
import { stdoutOutput, type CliOutput } from '../support/io.js';
import { moneyOfJson } from '../../http/json-views.js';
import { showAmount, toJson } from '../support/output.js';
import { usageBar } from '../support/pictures.js';
import { apiKeyFor, MWS_SANDBOX_PATH, reaching, serviceTarget, signingCredential, targetOptions, type TargetFlags } from '../support/service-target.js';

interface Flags extends TargetFlags {
  readonly json?: boolean;
}

type Json = Record<string, unknown>;

/** The service, as one command talks to it: the JSON API with a key, MWS with a signature. */
class Service {
  constructor(
    readonly url: string,
    private readonly apiKey: string,
    private readonly mwsClient: MwsClient | undefined,
  ) {}

  static open(flags: Flags, needs: { readonly mws: boolean }): Service {
    const target = serviceTarget(flags);
    const mws = needs.mws ? new MwsClient({ endpoint: `${target.url}${MWS_SANDBOX_PATH}`, credential: signingCredential(target) }) : undefined;
    return new Service(target.url, apiKeyFor(target, flags), mws);
  }

  async json(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Json> {
    const response = await reaching(this.url, () =>
      fetch(`${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      throw new CliError(`${method} ${this.url}${path} answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`, EXIT.failure);
    }
    if (!response.ok) {
      const field = parsed['field'] === undefined ? '' : ` (${String(parsed['field'])})`;
      const hint = response.status === 401 ? ': pass --api-key or BILLING_API_KEY, or --data-dir of the service whose sandbox key to use' : '';
      throw new CliError(`${response.status} ${String(parsed['error'])}${field}: ${String(parsed['message'])}${hint}`, EXIT.failure);
    }
    return parsed;
  }

  async mws(action: string, params: Readonly<Record<string, string>>): Promise<MwsAnswer & { readonly ok: true }> {
    if (this.mwsClient === undefined) throw new Error(`${action}: this command was opened without MWS`);
    const client = this.mwsClient;
    const answer = await reaching(this.url, () => client.call(action, params));
    if (!answer.ok) throw new CliError(`${action}: ${answer.status} ${answer.code}: ${answer.message}`, EXIT.failure);
    return answer;
  }

  agreement(id: string): Promise<Json> {
    return this.json('GET', `/v1/billing-agreements/${encodeURIComponent(id)}`);
  }
}

const money = (m: unknown): { amount: string; currency: string } => (typeof m === 'object' && m !== null ? (m as { amount: string; currency: string }) : { amount: '?', currency: '' });
/** Minor units of a JSON amount ("19.80" USD → 1980), NaN when it is not one. */
const minor = (m: unknown): number => moneyOfJson(money(m))?.amount ?? Number.NaN;
const shown = (m: unknown): string => `${Number.isNaN(minor(m)) ? money(m).amount : showAmount(minor(m), money(m).currency)} ${money(m).currency}`;

/** The agreement as a person reads it: state, buyer, what is still missing, the month's usage of the limit. */
export function agreementText(a: Json): string {
  const status = (a['status'] ?? {}) as { state?: string; reasonCode?: string };
  const buyer = (a['buyer'] ?? null) as { name?: string; email?: string } | null;
  const constraints = (a['constraints'] ?? []) as { constraintId: string }[];
  const limit = money(a['monthlyLimit']);
  const remaining = a['remainingBalance'];
  const used = minor(limit) - minor(remaining);
  const plan = a['plan'] as { planId: string; price: unknown; anchorDay: number } | null;
  const address = a['address'] as { city?: string; countryCode?: string } | null;
  const lines = [
    `${String(a['amazonBillingAgreementId'])}  ${status.state ?? '?'}${status.reasonCode ? ` (${status.reasonCode})` : ''}${a['paused'] === true ? '  paused' : ''}   seller ${String(a['sellerId'])}, ${String(a['marketplace'])}, ${String(a['releaseEnvironment'])}`,
    `  buyer        ${buyer?.name ?? '—'}${buyer?.email ? ` <${buyer.email}>` : ''}`,
    `  consent      ${a['consent'] === true ? 'given' : 'not given'}`,
    `  payment      ${String(a['paymentMethod'] ?? a['pendingPaymentMethod'] ?? '—')}${a['paymentMethod'] == null && a['pendingPaymentMethod'] != null ? ' (until confirmed)' : ''}`,
    `  address      ${address ? `${address.city ?? ''}, ${address.countryCode ?? ''}` : '—'}`,
    `  constraints  ${constraints.length === 0 ? 'none' : constraints.map((c) => c.constraintId).join(', ')}`,
    `  this month   ${usageBar(used, minor(limit))} ${showAmount(used, limit.currency)} of ${shown(limit)} used, ${shown(remaining)} remaining`,
    `  plan         ${plan ? `${plan.planId}: ${shown(plan.price)} on day ${plan.anchorDay}` : '—'}`,
  ];
  const authorizations = (a['authorizations'] ?? []) as { authorizationReferenceId: string; amount: unknown; state: string; requestedAt: string }[];
  for (const auth of authorizations.slice(-5)) lines.push(`  charge       ${auth.requestedAt}  ${auth.authorizationReferenceId}  ${shown(auth.amount)}  ${auth.state}`);
  return `${lines.join('\n')}\n`;
}

function print(out: CliOutput, flags: Flags, agreement: Json, extra: Json = {}): void {
  out.write(flags.json === true ? toJson({ ...extra, agreement }) : agreementText(agreement));
}

const BA_ID = /^[A-Z]\d{2}-\d{7}-\d{7}$/;

function agreementId(id: string): string {
  if (!BA_ID.test(id)) throw new CliError(`'${id}' is not a billing agreement id (like C03-1234567-1234567)`);
  return id;
}

function option(command: Command, flags: string, description: string, fallback?: string): Command {
  return fallback === undefined ? command.option(flags, description) : command.option(flags, description, fallback);
}

export function registerAgreementsCommands(program: Command, out: CliOutput = stdoutOutput): void {
  const agreements = program.command('agreements').description('drive billing agreements on the running service: the buyer’s steps, confirm, charge, pause, close');
  /** A subcommand with the options every one has: where the service is, the API key, --json. */
  const sub = (name: string, description: string): Command =>
    targetOptions(agreements.command(name).description(description))
      .option('--api-key <token>', "the seller's API key (env BILLING_API_KEY; default the sandbox seller's, from the data directory)")
      .option('--json', "print the service's JSON instead of a summary");

  /** A step on the JSON API, then the agreement as it is after it. */
  const step = (name: string, description: string, path: string, body: (flags: Json) => unknown, configure: (c: Command) => Command = (c) => c) =>
    configure(sub(name, description).argument('<id>', 'the billing agreement id')).action(async (id: string, flags: Flags & Json) => {
      const service = Service.open(flags, { mws: false });
      const answer = await service.json('POST', `/v1/billing-agreements/${agreementId(id)}/${path}`, body(flags));
      print(out, flags, answer['agreement'] as Json, { events: answer['events'] });
    });

  sub('create', 'a buyer signs up: a Draft agreement of the key’s seller')
    .option('--marketplace <code>', 'JP, US, EU or UK', 'JP')
    .option('--name <name>', "the buyer's name", 'Hanako Yamada')
    .option('--email <email>', "the buyer's email", 'hanako@example.jp')
    .option('--shipping', 'physical goods: the buyer must also select an address')
    .option('--id <amazonBillingAgreementId>', 'mirror an agreement that exists at Amazon under its id')
    .action(async (flags: Flags & { marketplace: string; name: string; email: string; shipping?: boolean; id?: string }) => {
      const service = Service.open(flags, { mws: false });
      const created = await service.json('POST', '/v1/billing-agreements', {
        marketplace: flags.marketplace,
        buyer: { name: flags.name, email: flags.email },
        requiresShipping: flags.shipping === true,
        ...(flags.id === undefined ? {} : { amazonBillingAgreementId: agreementId(flags.id) }),
      });
      print(out, flags, await service.agreement(String(created['amazonBillingAgreementId'])));
    });

  sub('show', 'the agreement: state, constraints, this month’s usage of the limit, recent charges')
    .argument('<id>', 'the billing agreement id')
    .action(async (id: string, flags: Flags) => print(out, flags, await Service.open(flags, { mws: false }).agreement(agreementId(id))));

  step('consent', 'the buyer gives consent (the consent widget)', 'consent', () => ({}));
  step('select-payment', 'the buyer selects a payment method (the wallet widget)', 'payment-method', (f) => ({ descriptor: f['descriptor'] }), (c) =>
    option(c, '--descriptor <text>', 'how the payment method is shown', 'Visa ****1111'),
  );
  step(
    'select-address',
    'the buyer selects a shipping address (the address widget)',
    'address',
    (f) => ({ addressLine1: f['line1'], city: f['city'], postalCode: f['postalCode'], countryCode: f['country'], ...(f['name'] === undefined ? {} : { name: f['name'] }) }),
    (c) =>
      c
        .requiredOption('--line1 <text>', 'first address line')
        .requiredOption('--city <city>', 'city')
        .requiredOption('--postal-code <code>', 'postal code')
        .requiredOption('--country <CC>', 'ISO 3166 country code, e.g. JP')
        .option('--name <name>', 'the recipient'),
  );
  step('pause', 'pause recurring charges (the seller’s own concept)', 'pause', (f) => (f['reason'] === undefined ? {} : { reason: f['reason'] }), (c) => option(c, '--reason <text>', 'why'));
  step('resume', 'resume recurring charges', 'resume', () => ({}));

  sub('confirm', 'the seller confirms the agreement (MWS ConfirmBillingAgreement): Open once no constraint is left')
    .argument('<id>', 'the billing agreement id')
    .action(async (id: string, flags: Flags) => {
      const service = Service.open(flags, { mws: true });
      await service.mws('ConfirmBillingAgreement', { AmazonBillingAgreementId: agreementId(id) });
      print(out, flags, await service.agreement(id));
    });

  sub('charge', 'charge the agreement (MWS AuthorizeOnBillingAgreement, captured at once unless --no-capture)')
    .argument('<id>', 'the billing agreement id')
    .requiredOption('--amount <decimal>', 'the amount in the agreement’s currency, e.g. 1980 (JPY) or 19.80 (USD)')
    .option('--reference <id>', 'the seller’s AuthorizationReferenceId: the same one again is the same charge (default: charge-<time>)')
    .option('--no-capture', 'authorize only')
    .action(async (id: string, flags: Flags & { amount: string; reference?: string; capture: boolean }) => {
      const service = Service.open(flags, { mws: true });
      const before = await service.agreement(agreementId(id));
      const reference = flags.reference ?? `charge-${Date.now().toString(36)}`;
      const answer = await service.mws('AuthorizeOnBillingAgreement', {
        AmazonBillingAgreementId: id,
        AuthorizationReferenceId: reference,
        'AuthorizationAmount.Amount': flags.amount,
        'AuthorizationAmount.CurrencyCode': money(before['monthlyLimit']).currency,
        TransactionTimeout: '0',
        CaptureNow: String(flags.capture),
      });
      const details = (answer.result['AuthorizationDetails'] ?? {}) as { AmazonAuthorizationId?: string; AuthorizationStatus?: { State?: string; ReasonCode?: string } };
      const after = await service.agreement(id);
      if (flags.json === true) return void out.write(toJson({ authorization: answer.result, agreement: after }));
      const status = details.AuthorizationStatus;
      out.write(`charge ${reference}: ${details.AmazonAuthorizationId ?? '?'} ${status?.State ?? '?'}${status?.ReasonCode ? ` (${status.ReasonCode})` : ''}\n${agreementText(after)}`);
      if (status?.State === 'Declined') process.exitCode = EXIT.failure;
    });

  sub('close', 'close the agreement for good (MWS CloseBillingAgreement)')
    .argument('<id>', 'the billing agreement id')
    .option('--reason <text>', 'the closure reason')
    .action(async (id: string, flags: Flags & { reason?: string }) => {
      const service = Service.open(flags, { mws: true });
      await service.mws('CloseBillingAgreement', { AmazonBillingAgreementId: agreementId(id), ...(flags.reason === undefined ? {} : { ClosureReason: flags.reason }) });
      print(out, flags, await service.agreement(id));
    });
}
