/** `billing-engine audit …`, `replay` and `rebuild` against a temporary copy of the demo data. */
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { DEMO } from '../../infrastructure/demo-data/demo-history.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { writeDemoFile, type DemoFile } from '../audit/demo-store.js';
import { cli, cliInProcess } from './run-cli.js';

const test = suite('billing-engine audit, replay and rebuild');
let demo: DemoFile;
let store = '';

test.before(async () => {
  demo = await writeDemoFile();
  store = `sqlite:${demo.file}`;
});
test.after(() => demo.remove());

const YUKI = DEMO.yuki.billingAgreementId;

test('verify names a row changed in the file (exit 1), rebuild shows its progress (exit 0), both as subprocesses; state reads a JST instant', async () => {
  const tampered = demo.copy('tampered.db');
  const raw = new Database(tampered);
  raw.prepare("UPDATE events SET data = json_set(data, '$.at', '2020-01-01T00:00:00.000Z') WHERE position = 40").run();
  raw.close();
  const [verify, rebuild] = await Promise.all([cli(['audit', 'verify', '--store', `sqlite:${tampered}`]), cli(['rebuild', '--store', `sqlite:${demo.copy('rebuilt.db')}`])]);
  const state = await cliInProcess(['audit', 'state', YUKI, '--as-of', '2026-10-02T00:00:00+09:00', '--store', store]);
  assert.is(verify.code, 1, verify.stderr);
  assert.match(verify.stdout, /^hash chain: {2}BROKEN at position 40 \(stream [^)]+\): the stored hash does not match the row/);
  assert.match(verify.stdout, /\nFAILED\n$/);
  assert.match(verify.stderr, /verification failed/);
  assert.is(state.code, 0, state.stderr);
  assert.match(state.stdout, new RegExp(`^Billing agreement ${YUKI} as of 2026-10-01T15:00:00.000Z \\(events recorded at or before it\\): \\d+ events\\n  state +Suspended \\(InvalidPaymentMethod\\)`));
  assert.is(rebuild.code, 0, rebuild.stderr);
  assert.match(rebuild.stderr, /^rebuild: (\d+)\/\1 events \(100%\), [\d,]+ events\/s, ETA 0s\n$/);
  assert.match(rebuild.stdout, /^rebuild: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\); projections at position \d+\n$/);
});

test('rebuild on two threads builds what one builds; a thread count that is not 1 to 16 is refused with exit code 2', async () => {
  const one = demo.copy('one-thread.db');
  const two = demo.copy('two-threads.db');
  assert.is((await cliInProcess(['rebuild', '--threads', '1', '--store', `sqlite:${one}`])).code, 0);
  const rebuilt = await cliInProcess(['rebuild', '--threads', '2', '--store', `sqlite:${two}`, '--json']);
  assert.is(rebuilt.code, 0, rebuilt.stderr);
  assert.ok((JSON.parse(rebuilt.stdout) as { events: number }).events > 0);
  const tables = (file: string): string => {
    const database = new Database(file, { readonly: true });
    const text = JSON.stringify(['spending', 'agreement_status', 'proration_lines', 'spending_captures'].map((t) => database.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all()));
    database.close();
    return text;
  };
  assert.is(tables(two), tables(one));
  for (const threads of ['0', '17', 'two', '1.5']) {
    const refused = await cliInProcess(['rebuild', '--threads', threads, '--store', `sqlite:${two}`]);
    assert.is(refused.code, 2, threads);
    assert.match(refused.stderr, new RegExp(`--threads '${threads.replace('.', '\\.')}': a whole number from 1 to 16`));
  }
});

test('audit history prints every event with who, through which door, when and why; CSV and JSON carry the same', async () => {
  const text = await cliInProcess(['--store', store, 'audit', 'history', YUKI]);
  assert.is(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^History of billing agreement ${YUKI} and its 4 order references: \\d+ events`));
  assert.match(text.stdout, /#\d+ {2}2026-10-03T09:00:00\.000Z {2}BillingAgreement-C03-1000001-0000003 r\d+ {2}BillingAgreementReopened\n {4}by amazon-ipn via ipn · at 2026-10-03T09:00:00\.000Z · command \S+ · correlation ipn-2026-10-03-yuki · causation \S+/);
  const csv = await cliInProcess(['--store', store, 'audit', 'history', YUKI, '--format', 'csv']);
  const [header, ...lines] = csv.stdout.trim().split('\n');
  assert.is(header, 'position,recorded_at,stream_id,revision,event_id,type,at,actor,source,command_id,correlation_id,causation_id');
  const json = JSON.parse((await cliInProcess(['--store', store, 'audit', 'history', YUKI, '--format', 'json'])).stdout) as { entries: { type: string; data: { type: string } }[] };
  assert.is(json.entries.length, lines.length);
  assert.ok(json.entries.every((e) => e.data.type === e.type));
});

test('unknown ids, bad instants and a missing cut-off are refused with exit code 2', async () => {
  const runs = [
    await cliInProcess(['--store', store, 'audit', 'history', 'C03-0000000-0000000']),
    await cliInProcess(['--store', store, 'audit', 'state', YUKI, '--as-of', '2026-02-30T00:00:00Z']),
    await cliInProcess(['--store', store, 'audit', 'state', YUKI, '--as-of', '2026-03-31']),
    await cliInProcess(['--store', store, 'audit', 'state', YUKI]),
    await cliInProcess(['--store', store, 'audit', 'state', YUKI, '--at-position', 'x7']),
  ];
  assert.equal(runs.map((r) => r.code), [2, 2, 2, 2, 2]);
  assert.match(runs[0]?.stderr ?? '', /no billing agreement or order reference 'C03-0000000-0000000'/);
  assert.match(runs[1]?.stderr ?? '', /'2026-02-30T00:00:00Z' is not an instant: use ISO-8601 with a zone/);
  assert.match(runs[2]?.stderr ?? '', /is not an instant/);
  assert.match(runs[3]?.stderr ?? '', /give exactly one of --as-of <instant> and --at-position <position>/);
  assert.match(runs[4]?.stderr ?? '', /'x7' is not a position of this store/);
});

test('state before the agreement existed says so; state at a position counts up to it', async () => {
  const before = await cliInProcess(['--store', store, 'audit', 'state', YUKI, '--as-of', '2026-09-01T00:00:00Z']);
  assert.equal([before.code, before.stdout], [0, `Billing agreement ${YUKI} did not exist yet as of 2026-09-01T00:00:00.000Z (events recorded at or before it).\n`]);
  const json = JSON.parse((await cliInProcess(['--store', store, 'audit', 'state', YUKI, '--at-position', '100000', '--format', 'json'])).stdout) as { agreement: { status: { state: string } } };
  assert.is(json.agreement.status.state, 'Open');
});

test('verify passes on untouched demo data; reports note projections that lag behind, and replay brings them up to date', async () => {
  const verify = await cliInProcess(['--store', store, 'audit', 'verify']);
  assert.is(verify.code, 0, verify.stdout);
  assert.match(verify.stdout, /^hash chain: {2}intact: \d+ events; head position \d+, hash [0-9a-f]{64}\nprojections: match a fresh replay at position \d+ \(\d+ rows\)\nOK\n$/);
  const lagging = demo.copy('lagging.db');
  const engine = await createBillingEngine({ store: `sqlite:${lagging}`, clock: new ManualClock('2026-11-25T00:00:00.000Z'), follow: false });
  await engine.execute({ type: 'CloseBillingAgreement', billingAgreementId: DEMO.ken.billingAgreementId, at: '2026-11-25T00:00:00.000Z' });
  await engine.close();
  const report = await cliInProcess(['--store', `sqlite:${lagging}`, 'report', 'agreements', '--state', 'Closed', '--format', 'csv']);
  assert.match(report.stderr, /^note: the projections are 1 events behind the event store; `billing-engine replay` brings them up to date\n$/);
  assert.not.match(report.stdout, new RegExp(DEMO.ken.billingAgreementId));
  const replay = await cliInProcess(['--store', `sqlite:${lagging}`, 'replay']);
  assert.match(replay.stdout, /^replay: 1 events in [\d.]+ s/);
  const after = await cliInProcess(['--store', `sqlite:${lagging}`, 'report', 'agreements', '--state', 'Closed', '--format', 'csv']);
  assert.equal([after.stderr, after.stdout.includes(DEMO.ken.billingAgreementId)], ['', true]);
  const again = await cliInProcess(['--store', `sqlite:${lagging}`, 'replay']);
  assert.match(again.stdout, /^replay: 0 events/);
});

test.run();
