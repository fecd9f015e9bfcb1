/** `billing-engine agreements …` and `events tail` against a real service: the whole life of an agreement from the command line. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { startService, type RunningService } from '../../infrastructure/http/service.js';
import { freePort } from '../support/free-port.js';
import { BIN, cliInProcess } from './run-cli.js';

const test = suite('billing-engine agreements and events');

async function withRunningService(body: (service: RunningService, run: (...args: string[]) => ReturnType<typeof cliInProcess>, store: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agreements-'));
  const store = `sqlite:${join(dir, 'billing.db')}`;
  const service = await startService(resolveServiceConfig({ host: '127.0.0.1', port: 0, store, dataDir: join(dir, 'data'), logLevel: 'silent' }), { log: false, plugins: [] });
  const target = ['--url', service.url, '--data-dir', dirname(service.sandbox.file)];
  try {
    await body(service, (...args) => cliInProcess([...args, ...(args[0] === 'agreements' ? target : [])]), store);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('create → consent → select-payment → confirm → charge → pause → resume → close, each showing the agreement', () =>
  withRunningService(async (_service, run) => {
    const created = await run('agreements', 'create', '--json');
    assert.is(created.code, 0, created.stderr);
    const id = (JSON.parse(created.stdout) as { agreement: { amazonBillingAgreementId: string } }).agreement.amazonBillingAgreementId;
    assert.match(id, /^C03-\d{7}-\d{7}$/);
    assert.match((await run('agreements', 'consent', id)).stdout, /consent {6}given/);
    const selected = await run('agreements', 'select-payment', id, '--descriptor', 'Mastercard ****4444');
    assert.match(selected.stdout, /payment {6}Mastercard \*\*\*\*4444 \(until confirmed\)/);
    assert.match(selected.stdout, /constraints {2}none/);
    const confirmed = await run('agreements', 'confirm', id);
    assert.is(confirmed.code, 0, confirmed.stderr);
    assert.match(confirmed.stdout, new RegExp(`^${id}  Open `));
    const charged = await run('agreements', 'charge', id, '--amount', '1980', '--reference', 'first');
    assert.is(charged.code, 0, charged.stderr);
    assert.match(charged.stdout, /^charge first: S03-\d{7}-\d{7}-A000001 Closed \(MaxCapturesProcessed\)/);
    assert.match(charged.stdout, /this month {3}▊·+ 1,980 of 50,000 JPY used, 48,020 JPY remaining/);
    const again = await run('agreements', 'charge', id, '--amount', '1980', '--reference', 'first', '--json');
    assert.match(again.stdout, /"AmazonAuthorizationId": "S03-\d{7}-\d{7}-A000001"/, 'the same reference is the same charge');
    const over = await run('agreements', 'charge', id, '--amount', '49000');
    assert.equal([over.code, over.stderr.trim()], [1, 'billing-engine: AuthorizeOnBillingAgreement: 400 PeriodicAmountExceeded: the authorization exceeds the monthly limit: 48020 JPY remain this month']);
    assert.match((await run('agreements', 'pause', id, '--reason', 'travel')).stdout, /Open {2}paused/);
    assert.not.match((await run('agreements', 'resume', id)).stdout, /paused/);
    assert.match((await run('agreements', 'close', id, '--reason', 'moved away')).stdout, new RegExp(`^${id}  Closed \\(SellerClosed\\)`));
    const shown = JSON.parse((await run('agreements', 'show', id, '--json')).stdout) as { agreement: { status: { state: string } } };
    assert.is(shown.agreement.status.state, 'Closed');
  }));

test('errors are one line with the exit code: unknown id 1, malformed id 2, unknown option first, a wrong key 1, nothing listening 1', () =>
  withRunningService(async (_service, run) => {
    const unknown = await run('agreements', 'show', 'C03-0000000-0000000');
    assert.equal([unknown.code, unknown.stderr.trim()], [1, "billing-engine: 404 InvalidBillingAgreementId: billing agreement 'C03-0000000-0000000' does not exist"]);
    const malformed = await run('agreements', 'consent', 'nonsense');
    assert.equal([malformed.code, malformed.stderr.trim()], [2, "billing-engine: 'nonsense' is not a billing agreement id (like C03-1234567-1234567)"]);
    const bogus = await run('agreements', 'charge', 'C03-0000000-0000000', '--bogus');
    assert.is(bogus.code, 2);
    assert.match(bogus.stderr, /unknown option '--bogus'/, 'named before the missing --amount');
    const key = await run('agreements', 'show', 'C03-0000000-0000000', '--api-key', `bek_000000000000_${'0'.repeat(64)}`);
    assert.is(key.code, 1);
    assert.match(key.stderr, /401 Unauthorized: unknown API key.*pass --api-key or BILLING_API_KEY/);
    const port = await freePort();
    const nothing = await cliInProcess(['agreements', 'show', 'C03-0000000-0000000', '--url', `http://127.0.0.1:${port}`, '--api-key', 'x']);
    assert.equal([nothing.code, nothing.stderr.trim()], [1, `billing-engine: cannot reach the service at http://127.0.0.1:${port} (ECONNREFUSED): start it with \`npm start\` (billing-engine serve), or name where it runs with --url or PORT`]);
  }));

test('events tail: the newest events, of one agreement with --stream, NDJSON with --json, and new ones with --follow', () =>
  withRunningService(async (_service, run, store) => {
    const id = (JSON.parse((await run('agreements', 'create', '--json')).stdout) as { agreement: { amazonBillingAgreementId: string } }).agreement.amazonBillingAgreementId;
    await run('agreements', 'consent', id);
    const tail = await run('events', 'tail', '--store', store);
    assert.is(tail.code, 0, tail.stderr);
    assert.match(tail.stdout, new RegExp(`BillingAgreement-${id}@0  BillingAgreementCreated  \\(buyer via http\\)\\n.*BillingAgreement-${id}@1  BuyerConsentGiven`));
    const json = (await run('events', 'tail', '--stream', id, '--limit', '1', '--json', '--store', store)).stdout.trim().split('\n');
    assert.is(json.length, 1);
    const [last] = json.map((line) => JSON.parse(line) as { type: string; streamId: string; metadata: { source: string } });
    assert.equal([last?.type, last?.streamId, last?.metadata.source], ['BuyerConsentGiven', `BillingAgreement-${id}`, 'http']);
    assert.equal((await run('events', 'tail', '--limit', 'many', '--store', store)).code, 2);
    // --follow in its own process: what is recorded after it started appears, then Ctrl-C ends it with 0.
    const follower = spawn(process.execPath, [BIN, 'events', 'tail', '--follow', '--limit', '0', '--stream', id, '--store', store], { stdio: ['ignore', 'pipe', 'pipe'] });
    let followed = '';
    let said = '';
    follower.stdout.on('data', (chunk: Buffer) => (followed += chunk.toString()));
    follower.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const exited = new Promise<number | null>((done) => follower.on('exit', (code) => done(code)));
    let until = Date.now() + 20_000;
    while (!said.includes('following new events') && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    assert.match(said, new RegExp(`following new events of BillingAgreement-${id} \\(Ctrl-C stops\\)`));
    await run('agreements', 'select-payment', id);
    until = Date.now() + 10_000;
    while (!followed.includes('PaymentMethodSelected') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    follower.kill('SIGINT');
    assert.is(await exited, 0, `${followed}${said}`);
    assert.match(followed, new RegExp(`^\\S+ +\\d+  BillingAgreement-${id}@2  PaymentMethodSelected  \\(buyer via http\\)\\n$`), followed);
  }));

test.run();
