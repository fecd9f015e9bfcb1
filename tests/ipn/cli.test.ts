import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { registerIpnCommands } from '../../infrastructure/cli/commands/ipn.js';
import { createProgram, runProgram } from '../../infrastructure/cli/program.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { FIXTURE_DIR, FIXTURES, fixture } from './envelopes.js';
import { FIXTURE_BA, mirrorFixtureAgreement } from './http-support.js';

const test = suite('billing-engine ipn list / replay');
const ROOT = join(import.meta.dirname, '../..');

async function cli(argv: readonly string[]): Promise<{ readonly code: number; readonly out: string }> {
  const program = createProgram();
  const written: string[] = [];
  registerIpnCommands(program, { write: (text) => written.push(text) });
  const saved = process.exitCode;
  process.exitCode = undefined;
  try {
    return { code: await runProgram(program, argv), out: written.join('') };
  } finally {
    process.exitCode = saved;
  }
}

async function withFiles(body: (dir: string, store: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ipn-cli-'));
  try {
    await body(dir, `sqlite:${join(dir, 'billing.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const replay = (store: string, path: string) => cli(['--store', store, 'ipn', 'replay', path, '--cert-dir', FIXTURE_DIR]);

test('replaying the archive stores every notification once; replaying it again stores nothing new', () =>
  withFiles(async (_dir, store) => {
    const first = await replay(store, FIXTURE_DIR);
    assert.is(first.code, 0);
    assert.match(first.out, /6 file\(s\): 5 unmatched, 1 ignored\n$/);
    const second = await replay(store, FIXTURE_DIR);
    assert.match(second.out, /payment-refund\.json: unmatched \(stored before\)/);
    const listed = JSON.parse((await cli(['--store', store, 'ipn', 'list', '--json'])).out) as { key: string; status: string }[];
    assert.is(listed.length, FIXTURES.length);
    assert.ok(listed.every((e) => !('body' in e)), 'bodies are left out');
  }));

test('an unmatched notification applies when replayed after its agreement was mirrored', () =>
  withFiles(async (_dir, store) => {
    await replay(store, join(FIXTURE_DIR, 'billing-agreement-closed.json'));
    const engine = await createBillingEngine({ store });
    await mirrorFixtureAgreement(engine);
    await engine.close();
    const again = await replay(store, join(FIXTURE_DIR, 'billing-agreement-closed.json'));
    assert.match(again.out, /applied \(stored before\): RecordBillingAgreementStatus: BillingAgreementClosed/);
    const reopened = await createBillingEngine({ store, follow: false });
    assert.is((await reopened.billingAgreement(FIXTURE_BA))?.status.reasonCode, 'SellerClosed');
    await reopened.close();
  }));

test('ipn retry applies the stored unmatched notifications whose objects exist by now, and leaves the others', () =>
  withFiles(async (_dir, store) => {
    await replay(store, FIXTURE_DIR);
    const engine = await createBillingEngine({ store });
    await mirrorFixtureAgreement(engine);
    await engine.close();
    const retried = await cli(['--store', store, 'ipn', 'retry']);
    assert.match(retried.out, /e6e58141-dd8e-4544-ace9-de4af93eecc0: applied: RecordBillingAgreementStatus: BillingAgreementClosed/);
    assert.match(retried.out, /5 notification\(s\) tried again: 1 applied, 4 still unmatched or ignored, 0 failed\n$/);
    const unmatched = JSON.parse((await cli(['--store', store, 'ipn', 'list', '--status', 'unmatched', '--json'])).out) as unknown[];
    assert.is(unmatched.length, 4);
  }));

test('ipn list filters: --unmatched shows unmatched and ignored, --status one status; a bad status is a usage error', () =>
  withFiles(async (_dir, store) => {
    await replay(store, FIXTURE_DIR);
    const rows = (argv: string[]) => cli(['--store', store, 'ipn', 'list', ...argv]);
    assert.match((await rows(['--unmatched'])).out, /6 notification\(s\)/);
    const ignored = await rows(['--status', 'ignored']);
    assert.match(ignored.out, /1111111-1111-11111-1111-11111EXAMPLE.*ignored/);
    assert.match(ignored.out, /1 notification\(s\)/);
    assert.is((await rows(['--status', 'applied'])).out, 'no notifications\n');
    assert.is((await rows(['--status', 'lost'])).code, 2);
  }));

test('a tampered archived notification is refused, the others are stored, and the replay ends with exit code 1', () =>
  withFiles(async (dir, store) => {
    const archive = join(dir, 'archive');
    mkdirSync(join(archive, '2014-12'), { recursive: true });
    writeFileSync(join(archive, '2014-12', 'tampered.json'), fixture('order-reference').replace('79.30', '7.93'));
    copyFileSync(join(FIXTURE_DIR, 'payment-capture.json'), join(archive, 'capture.json'));
    writeFileSync(join(archive, 'notes.txt'), 'not a notification');
    const result = await replay(store, archive);
    assert.is(result.code, 1);
    assert.match(result.out, /tampered\.json: refused \(403\): the signature does not match/);
    assert.match(result.out, /2 file\(s\): 1 refused, 1 unmatched\n$/);
    const listed = JSON.parse((await cli(['--store', store, 'ipn', 'list', '--json'])).out) as { notificationType: string }[];
    assert.equal(listed.map((e) => e.notificationType), ['PaymentCapture']);
  }));

test('ipn list on a database file that does not exist is a usage error', async () => {
  assert.is((await cli(['--store', `sqlite:${join(tmpdir(), 'no-such-dir-ipn', 'none.db')}`, 'ipn', 'list'])).code, 2);
});

test('the billing-engine command has the ipn commands registered', () =>
  withFiles(async (_dir, store) => {
    await replay(store, join(FIXTURE_DIR, 'order-reference-2.json'));
    const { stdout } = await promisify(execFile)('node', [join(ROOT, 'infrastructure/cli/bin.mjs'), '--store', store, 'ipn', 'list', '--status', 'ignored'], { cwd: ROOT });
    assert.match(stdout, /IsSample: a test notification from Seller Central/);
  }));

test.run();
