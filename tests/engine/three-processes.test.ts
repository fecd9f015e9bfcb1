/**
 * The at-scale setup for real: three `billing-engine serve` processes on one EventStoreDB (the
 * in-process stand-in, over gRPC) and one PostgreSQL. Concurrent charges on one agreement spread
 * over the three never exceed its monthly limit; the process running the followers is killed
 * (SIGKILL) and another takes over; afterwards no order was created twice and the projection
 * tables in PostgreSQL equal a fresh replay of the history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MwsClient } from '../../infrastructure/mws/client.js';
import { BIN, cliInProcess } from '../cli/run-cli.js';
import { eventually } from '../http/support.js';
import { startEsdbStandIn } from '../support/esdb-server/index.js';
import { postgresMissing, postgresSchema } from '../support/postgres.js';

const test = suite('three engine processes, one EventStoreDB, one PostgreSQL');
const missing = postgresMissing();

interface Engine {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<unknown>;
}

async function serve(env: NodeJS.ProcessEnv): Promise<Engine> {
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise((done) => child.on('exit', done));
  let said = '';
  child.stderr?.on('data', (chunk: Buffer) => (said += chunk.toString()));
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    const url = /serving on (http:\/\/\S+)/.exec(said)?.[1];
    if (url !== undefined) return { child, url, exited };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`serve did not start:\n${said}`);
}

const health = async (e: Engine): Promise<string> => ((await (await fetch(`${e.url}/health`)).json()) as { followers: string }).followers;

test('charges spread over three processes stay within the limit; the followers move when their process is killed; nothing doubled or missing', async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const esdb = await startEsdbStandIn();
  const schema = await postgresSchema();
  const dir = mkdtempSync(join(tmpdir(), 'three-'));
  const env = { BILLING_STORE: esdb.connectionString, BILLING_PROJECTIONS: schema.url, BILLING_DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'warn' };
  const engines: Engine[] = [];
  const admin = new pg.Client({ connectionString: schema.url });
  try {
    for (let i = 0; i < 3; i++) engines.push(await serve(env));
    await admin.connect();
    const { sandbox, apiKey } = JSON.parse(readFileSync(join(dir, 'data', 'sandbox-credentials.json'), 'utf8')) as { sandbox: { accessKeyId: string; secretKey: string; sellerId: string }; apiKey: string };
    const [one, two, three] = engines as [Engine, Engine, Engine];
    const json = async (e: Engine, path: string, body: unknown) => {
      const response = await fetch(`${e.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.ok(response.ok, `${path}: ${response.status} ${await response.clone().text()}`);
      return (await response.json()) as Record<string, unknown>;
    };
    const mws = (e: Engine) => new MwsClient({ endpoint: `${e.url}/OffAmazonPayments_Sandbox/2013-01-01`, credential: sandbox });

    const id = String((await json(one, '/v1/billing-agreements', { marketplace: 'JP', buyer: { name: 'Hanako', email: 'h@example.jp' }, requiresShipping: false }))['amazonBillingAgreementId']);
    await json(two, `/v1/billing-agreements/${id}/consent`, {});
    await json(three, `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' });
    const confirmed = await mws(one).call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
    assert.ok(confirmed.ok, confirmed.ok ? '' : confirmed.message);

    // The followers run on exactly one process.
    const states = await Promise.all(engines.map(health));
    assert.is(states.filter((s) => s === 'running').length, 1, JSON.stringify(states));
    const holder = engines[states.indexOf('running')] as Engine;
    const survivors = engines.filter((e) => e !== holder);

    // Nine charges of 6,000 JPY at once on the other two (54,000 asked, 50,000 the limit), and the
    // holder killed while the followers are working through what they record.
    const charge = (e: Engine, n: number) =>
      mws(e).call('AuthorizeOnBillingAgreement', { AmazonBillingAgreementId: id, AuthorizationReferenceId: `c${n}`, 'AuthorizationAmount.Amount': '6000', 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0', CaptureNow: 'true' });
    const charging = Promise.all(Array.from({ length: 9 }, (_, n) => charge(survivors[n % 2] as Engine, n)));
    await new Promise((r) => setTimeout(r, 60));
    holder.child.kill('SIGKILL');
    await holder.exited;
    const answers = await charging;
    const accepted = answers.filter((a) => a.ok).length;
    const refused = answers.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.code));
    assert.equal([accepted, refused], [8, ['PeriodicAmountExceeded']], JSON.stringify(answers.map((a) => (a.ok ? 'ok' : `${a.code}: ${a.message}`))));
    await eventually(async () => (await Promise.all(survivors.map(health))).filter((s) => s === 'running').length === 1, 10_000, 'another process takes the followers');

    // After the failover: more work, followed by the new holder.
    await json(survivors[0] as Engine, `/v1/billing-agreements/${id}/pause`, { reason: 'after failover' });
    const spent = async () => Number((await admin.query<{ n: string }>('SELECT coalesce(sum(authorized_amount), 0) AS n FROM spending WHERE billing_agreement_id = $1', [id])).rows[0]?.n ?? -1);
    const paused = async () => (await admin.query<{ paused: number }>('SELECT paused FROM agreement_status WHERE billing_agreement_id = $1', [id])).rows[0]?.paused === 1;
    await eventually(async () => (await spent()) === 48_000 && (await paused()), 10_000, 'the projections follow on in PostgreSQL');

    // No order twice: one implicit order reference per accepted charge, each created once.
    const created = esdb.recorded().filter((e) => e.streamId.startsWith('OrderReference-') && e.type === 'OrderReferenceCreated');
    assert.is(created.length, 8);
    assert.is(new Set(created.map((e) => e.streamId)).size, 8);
    // No projection row doubled or missing: the PostgreSQL tables equal a fresh replay.
    const verify = await cliInProcess(['audit', 'verify', '--store', esdb.connectionString, '--projections', schema.url]);
    assert.match(verify.stdout, /projections: match a fresh replay at position/, verify.stdout + verify.stderr);
    assert.match(verify.stdout, /hash chain: {2}intact: \d+ events/, 'and the per-stream chain of the EventStoreDB history holds');
    assert.is(verify.code, 0, verify.stdout);
  } finally {
    for (const e of engines) e.child.kill('SIGKILL');
    await Promise.all(engines.map((e) => e.exited));
    await admin.end().catch(() => undefined);
    await schema.drop();
    await esdb.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
