/**
 * `billing-engine demo-data` and `report …` against a temporary database: as subprocesses (the
 * real `bin.mjs`) for the main paths and exit codes, in process for the many variations.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cli, cliInProcess } from './run-cli.js';

const test = suite('billing-engine demo-data and report');
let dir = '';
let store = '';

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-reports-'));
  store = `sqlite:${join(dir, 'demo.db')}`;
  const run = await cli(['demo-data', '--store', store]);
  assert.is(run.code, 0, run.stderr);
  assert.match(run.stdout, /^demo-data: wrote \d+ events \(8 billing agreements, 3 months\)/);
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

const REN = 'C03-1000001-0000007';
const KEN = 'C03-1000001-0000004';

test('demo-data refuses a store that already holds events (exit 2), and a report of a missing file creates nothing (exit 2)', async () => {
  const missing = join(dir, 'nowhere', 'missing.db');
  const [again, report] = await Promise.all([cli(['demo-data', '--store', store]), cli(['report', 'spending', '--month', '2026-11', '--store', `sqlite:${missing}`])]);
  assert.equal([again.code, report.code], [2, 2]);
  assert.match(again.stderr, /already holds events/);
  assert.match(report.stderr, /no database at '.*missing\.db'/);
  assert.not.ok(existsSync(missing));
  assert.not.ok(existsSync(join(dir, 'nowhere')));
});

test('report spending prints one row per agreement with the month’s totals, as a table, CSV or JSON', async () => {
  const table = await cli(['--store', store, 'report', 'spending', '--month', '2026-11']);
  const csv = await cliInProcess(['--store', store, 'report', 'spending', '--month', '2026-11', '--format', 'csv']);
  const json = await cliInProcess(['--store', store, 'report', 'spending', '--month', '2026-11', '--format', 'json']);
  assert.equal([table?.code, csv?.code, json?.code], [0, 0, 0]);
  assert.match(table?.stdout ?? '', new RegExp(`${REN} │ JPY +│ +50,000 │ +45,000 │ +90% │ +5,000 │ +45,000 │`));
  assert.match(table?.stdout ?? '', /total \(7\) +│ JPY +│ +│ +58,120 │/);
  const [header, ...lines] = (csv?.stdout ?? '').trim().split('\n');
  assert.is(header, 'billing_agreement_id,month,window_start,window_end,currency,limit_amount,authorized_amount,authorization_count,declined_amount,declined_count,captured_amount,capture_count,refunded_amount,refund_count,remaining_balance,updated_at');
  assert.is(lines.length, 7);
  assert.ok(lines.some((line) => line.startsWith(`${REN},2026-11,2026-11-01T00:00:00.000Z,2026-12-01T00:00:00.000Z,JPY,50000,45000,2,0,0,45000,2,0,0,5000,`)));
  const rows = JSON.parse(json?.stdout ?? '[]') as Record<string, unknown>[];
  assert.equal(rows.find((r) => r['billing_agreement_id'] === KEN), { ...rows.find((r) => r['billing_agreement_id'] === KEN), authorized_amount: 0, declined_count: 1, declined_amount: 1_980, remaining_balance: 50_000 });
});

test('report near-limit, agreements, proration and totals answer the analysts’ questions about the demo', async () => {
  const runs = [
    await cliInProcess(['--store', store, 'report', 'near-limit', '--month', '2026-11', '--format', 'csv']),
    await cliInProcess(['--store', store, 'report', 'agreements', '--state', 'Suspended', '--format', 'json']),
    await cliInProcess(['--store', store, 'report', 'proration', '--month', '2026-10', '--format', 'json']),
    await cliInProcess(['--store', store, 'report', 'totals']),
  ];
  assert.equal(runs.map((r) => r.code), [0, 0, 0, 0]);
  const [near, suspended, proration, totals] = runs.map((r) => r.stdout);
  assert.equal((near ?? '').trim().split('\n').slice(1).map((line) => line.split(',')[0]), [REN]);
  assert.equal((JSON.parse(suspended ?? '[]') as { billing_agreement_id: string; reason_code: string }[]).map((r) => [r.billing_agreement_id, r.reason_code]), [[KEN, 'InvalidPaymentMethod']]);
  const lines = JSON.parse(proration ?? '[]') as { settlement: string; credit_amount: number; charge_amount: number; net_amount: number }[];
  assert.equal(lines.map((l) => l.settlement), ['ChargeNow', 'CarryCredit']);
  for (const l of lines) assert.is(l.credit_amount + l.charge_amount, l.net_amount);
  assert.match(totals ?? '', /2026-09 │ JPY +│ +7 │ +36,100 │ +0 │ +44,900 │ +1,200 │ +43,700 │/);
});

test('--pictures draws the limit as bars and the last six months as sparklines; off a terminal and in CSV/JSON the output stays plain', async () => {
  const pictured = await cliInProcess(['--store', store, 'report', 'spending', '--month', '2026-11', '--pictures']);
  assert.is(pictured.code, 0, pictured.stderr);
  const row = (id: string) => pictured.stdout.split('\n').find((line) => line.includes(id)) ?? '';
  assert.match(pictured.stdout, /│ 2026-06…2026-11 │/, 'a column of the six months up to the report month');
  assert.match(row(KEN), /│ ·{12} {3}0% │/, 'nothing authorized: an empty bar');
  assert.match(row('C03-1000001-0000001'), /│ █▎·{10} {3}9% │ .* │ ▁▁▁▄▆█ +│/, '4,980 of 50,000: a bar of 9 %, and the amounts of September to November rising');
  const plain = await cliInProcess(['--store', store, 'report', 'spending', '--month', '2026-11']);
  assert.not.match(plain.stdout, /[█▁·]/, 'not a terminal: no pictures');
  const csv = await cliInProcess(['--store', store, 'report', 'spending', '--month', '2026-11', '--format', 'csv', '--pictures']);
  assert.not.match(csv.stdout, /[█▁·]/, 'CSV stays data');
  const near = await cliInProcess(['--store', store, 'report', 'near-limit', '--month', '2026-11', '--threshold', '5', '--pictures']);
  assert.match(near.stdout, /█/);
  const totals = await cliInProcess(['--store', store, 'report', 'totals', '--pictures']);
  assert.match(totals.stdout, /\nJPY 2026-09…2026-11 {2}authorized [▁-█]{3} {2}revenue [▁-█]{3}\n$/);
  assert.not.match((await cliInProcess(['--store', store, 'report', 'totals', '--no-pictures'])).stdout, /authorized [▁-█]/);
});

test('wrong invocations end with exit code 2 and say what is wrong', async () => {
  const runs = [
    await cliInProcess(['--store', store, 'report', 'spending', '--month', '2026-13']),
    await cliInProcess(['--store', store, 'report', 'agreements', '--state', 'Paused']),
    await cliInProcess(['--store', 'memory:', 'report', 'totals']),
    await cliInProcess(['--store', store, 'report', 'near-limit', '--month', '2026-11', '--threshold', '120']),
  ];
  assert.equal(runs.map((r) => r.code), [2, 2, 2, 2]);
  assert.match(runs[0]?.stderr ?? '', /'2026-13' is not a month: use YYYY-MM/);
  assert.match(runs[1]?.stderr ?? '', /Allowed choices are Draft, Open, Suspended, Canceled, Closed/);
  assert.match(runs[2]?.stderr ?? '', /holds nothing between runs/);
  assert.match(runs[3]?.stderr ?? '', /not a whole percentage/);
});

test.run();
