/**
 * The audit path on a history larger than the runner's row cache (60,000 events, more than 5,000
 * rows in several tables): `audit verify` finds a planted difference in every projection table and
 * a planted edit of the chain; `rebuild` builds in a scratch file and swaps the tables in at once,
 * so a rebuild killed half-way (SIGKILL) leaves the old tables as they were, and readers during a
 * rebuild see the old complete tables or the new ones, nothing in between.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECTION_TABLES, PROJECTIONS, ProjectionRunner } from '../../application/projections/index.js';
import { columnName, type Table } from '../../application/projections/tables.js';
import { generate } from '../../bench/tasks/generate.js';
import { auditOf } from '../../infrastructure/audit/audit-of.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { rebuildInScratch } from '../../infrastructure/projections/sqlite/partitioned-build.js';
import { CorruptEventError } from '../../application/ports/event-store.js';
import { BIN } from '../cli/run-cli.js';
import { eventually } from '../contract/contract-support.js';

const test = suite('audit and rebuild at scale');
const EVENTS = 60_000;
let dir = '';
let original = '';

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-scale-'));
  original = join(dir, 'history.db');
  await generate(original, EVENTS, 7, () => undefined);
  const opened = await openStore({ kind: 'sqlite', path: original });
  try {
    if (opened.projections === undefined) throw new Error('no projections');
    await new ProjectionRunner(opened.store, opened.projections, PROJECTIONS).catchUp();
  } finally {
    await opened.store.close();
  }
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

function copy(name: string): string {
  const file = join(dir, name);
  copyFileSync(original, file);
  return file;
}

const keyColumns = (table: Table): string => table.key.map(columnName).join(', ');

/** Every projection table's rows and the checkpoint, as one text (for "equal to what they were"). */
function dump(database: Database.Database): string {
  const tables = PROJECTION_TABLES.map((t) => JSON.stringify(database.prepare(`SELECT * FROM ${t.name} ORDER BY ${keyColumns(t)}`).raw().all()));
  return JSON.stringify([database.prepare("SELECT position FROM checkpoints WHERE name = 'projections:v1'").pluck().get(), ...tables]);
}

/** Pids of the processes whose command line names `text` (Linux /proc). */
function processesNaming(text: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function runCli(args: readonly string[]): { readonly child: ReturnType<typeof spawn>; readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

test('the history is larger than the row cache: several tables hold more than 5,000 rows', () => {
  const database = new Database(original, { readonly: true });
  const counts = Object.fromEntries(PROJECTION_TABLES.map((t) => [t.name, database.prepare(`SELECT count(*) FROM ${t.name}`).pluck().get() as number]));
  database.close();
  assert.ok((counts['spending'] ?? 0) > 5_000 && (counts['spending_authorizations'] ?? 0) > 5_000, JSON.stringify(counts));
});

test('verify names the first differing row of every projection table and counts them all; a planted edit breaks the chain at its position', async () => {
  const file = copy('planted.db');
  const database = new Database(file);
  const planted = new Map<string, { key: unknown[]; kind: string }>();
  for (const table of PROJECTION_TABLES) {
    const keys = keyColumns(table);
    const second = database.prepare(`SELECT ${keys} FROM ${table.name} ORDER BY ${keys} LIMIT 1 OFFSET 1`).raw().get() as unknown[] | undefined;
    if (second === undefined) continue;
    database.prepare(`DELETE FROM ${table.name} WHERE (${keys}) = (${table.key.map(() => '?').join(', ')})`).run(...second);
    planted.set(table.name, { key: second, kind: 'missing' });
  }
  // An empty table gets a row the history never produced; spending a changed amount too.
  database.prepare("INSERT INTO spending_refunds VALUES ('S03-0000000-0000000-R000001', 'B03-0000000-0000000', 1, 1)").run();
  planted.set('spending_refunds', { key: ['S03-0000000-0000000-R000001'], kind: 'unexpected' });
  const changed = database.prepare(`SELECT billing_agreement_id, month FROM spending ORDER BY billing_agreement_id DESC, month DESC LIMIT 1`).raw().get() as unknown[];
  database.prepare('UPDATE spending SET authorized_amount = authorized_amount + 1 WHERE billing_agreement_id = ? AND month = ?').run(...changed);
  const position = database.prepare("SELECT position FROM events WHERE type = 'AuthorizationRequested' ORDER BY position LIMIT 1 OFFSET 3000").pluck().get() as number;
  database.prepare("UPDATE events SET metadata = replace(metadata, '\"actor\":\"seller\"', '\"actor\":\"buyer\"') WHERE position = ?").run(position);
  database.close();

  const opened = await openStore({ kind: 'sqlite', path: file }, { readonly: true });
  try {
    const report = await auditOf(opened).verify();
    assert.is(report.ok, false);
    assert.equal(report.chain.kind === 'broken' ? report.chain.position : report.chain.kind, String(position));
    const p = report.projections;
    if (p.kind !== 'mismatch') throw new Error(`expected a mismatch, got ${p.kind}`);
    assert.equal(p.byTable.map((t) => t.table).sort(), PROJECTION_TABLES.map((t) => t.name).sort(), 'every table is named');
    for (const t of p.byTable) {
      const expected = planted.get(t.table);
      assert.equal([t.first.key, t.first.kind], [expected?.key, expected?.kind], t.table);
      assert.is(t.count, t.table === 'spending' ? 2 : 1, t.table);
    }
    assert.is(p.total, PROJECTION_TABLES.length + 1);
    const different = p.differences.filter((d) => d.kind === 'different');
    assert.equal(different, [{ table: 'spending', key: changed, kind: 'different', fields: ['authorizedAmount'] }], 'the changed row, and the field that differs');
    assert.ok(p.rows > 20_000, `${p.rows} rows compared`);
  } finally {
    await opened.store.close();
  }
  assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'the scratch file of the replay is gone');
});

test('verify checks the chain on a thread of its own while it replays: the two progress at once, and the verdict is the same', async () => {
  const opened = await openStore({ kind: 'sqlite', path: original }, { readonly: true });
  try {
    const seen: string[] = [];
    const report = await auditOf(opened).verify({ onChainProgress: () => void seen.push('chain'), onReplayProgress: () => void seen.push('replay') });
    assert.equal([report.chain.kind, report.projections.kind], ['intact', 'match']);
    assert.ok(seen.indexOf('replay') < seen.lastIndexOf('chain'), `the replay progressed only after the chain check ended: ${seen.join(' ')}`);
  } finally {
    await opened.store.close();
  }
});

test('a chain check that fails ends verify with its error only once the replay beside it has ended', async () => {
  const opened = await openStore({ kind: 'sqlite', path: original }, { readonly: true });
  try {
    let replayed = 0;
    let reached = 0;
    const failing = { ...opened, tamperEvidence: { verify: () => Promise.reject(new Error('the chain cannot be read')) } };
    const error = await auditOf(failing)
      .verify({
        onReplayProgress: ({ events }) => {
          replayed++;
          reached = events;
        },
      })
      .then(() => undefined, (e: unknown) => e);
    assert.match(String(error), /the chain cannot be read/);
    const atFailure = replayed;
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.is(replayed, atFailure, 'nothing replays after verify has answered');
    assert.ok(atFailure >= 3, `the replay reported its progress on the way (${atFailure} reports)`);
    const database = new Database(original, { readonly: true });
    const events = database.prepare('SELECT count(*) FROM events').pluck().get();
    database.close();
    assert.is(reached, events, 'the replay ran to its end first');
    assert.equal(readdirSync(dir).filter((name) => name.includes('.verify-')), [], 'its scratch file is gone');
  } finally {
    await opened.store.close();
  }
});

test('a rebuild killed half-way (SIGKILL) leaves the old tables as they were; the next rebuild removes its scratch file and succeeds', async () => {
  const file = copy('killed.db');
  const clean = (() => {
    const database = new Database(original, { readonly: true });
    const text = dump(database);
    database.close();
    return text;
  })();
  const before = (() => {
    // Tables that differ from what a rebuild makes: a swap, had there been one, would show.
    const database = new Database(file);
    database.exec('UPDATE spending SET authorized_amount = authorized_amount + 1');
    const text = dump(database);
    database.close();
    return text;
  })();
  assert.is.not(before, clean);
  const { child, done } = runCli(['rebuild', '--store', `sqlite:${file}`]);
  // Half-way: once the scratch file holds the first committed batch (20,000 of 60,000 events).
  const scratch = () => readdirSync(dir).filter((name) => name.startsWith(`${basename(file)}.rebuild-`) && name.endsWith(".tmp"));
  const until = Date.now() + 30_000;
  while (Date.now() < until && !scratch().some((name) => statSync(join(dir, name)).size > 96 * 1024)) await new Promise((r) => setTimeout(r, 5));
  // Its own scratch file, and its helper thread's when the helper has started (partitioned-build.ts).
  const building = scratch().length;
  assert.ok(building >= 1 && building <= 2, `the rebuild was building in its scratch files: ${scratch().join(', ')}`);
  child.kill('SIGKILL');
  assert.equal((await done).signal, 'SIGKILL');
  // The command runs in a child of its own (a capped heap: bounded-heap.mjs), which dies with it.
  await eventually(() => processesNaming(file).length === 0, 'no process of the rebuild outliving the kill');
  const after = new Database(file, { readonly: true });
  assert.ok(after.pragma('quick_check', { simple: true }) === 'ok');
  assert.is(dump(after), before, 'the tables and checkpoint are exactly as before');
  after.close();
  assert.ok(scratch().length >= 1, 'its scratch files are left behind');
  const again = runCli(['rebuild', '--store', `sqlite:${file}`]);
  const result = await again.done;
  assert.is(result.code, 0, result.stderr);
  assert.is(scratch().length, 0, `the next rebuild removed it: ${scratch().join(', ')} ${result.stderr.slice(-300)}`);
  const rebuilt = new Database(file, { readonly: true });
  assert.is(dump(rebuilt), clean, 'and built the tables the history makes');
  rebuilt.close();
});

test('a rebuild on two threads makes the tables of the replay; a corrupt event stops it, named, the old tables kept and no scratch file left', async () => {
  const clean = (() => {
    const database = new Database(original, { readonly: true });
    const text = dump(database);
    database.close();
    return text;
  })();
  const scratchFiles = () => readdirSync(dir).filter((name) => name.endsWith('.tmp'));
  for (const threads of [2, 1]) {
    const file = copy(`threads-${threads}.db`);
    const database = new Database(file);
    database.exec('DELETE FROM spending_captures; UPDATE agreement_status SET state = 0');
    const position = database.prepare("SELECT position FROM events WHERE type = 'CaptureRequested' ORDER BY position LIMIT 1 OFFSET 2000").pluck().get() as number;
    database.close();
    const opened = await openStore({ kind: 'sqlite', path: file });
    try {
      if (opened.sqlite === undefined) throw new Error('not a SQLite store');
      await rebuildInScratch(opened.sqlite, { threads });
      // Compared as equal or not: a diff of two dumps this size would take minutes to print.
      assert.ok(dump(opened.sqlite.database) === clean, `${threads} thread(s): the tables the history makes`);
      opened.sqlite.database.prepare("UPDATE events SET data = '{\"type\": \"CaptureRequested\"' WHERE position = ?").run(position);
      opened.sqlite.database.exec('UPDATE spending SET updated_at = 0');
      const before = dump(opened.sqlite.database);
      const error = await rebuildInScratch(opened.sqlite, { threads }).then(() => undefined, (e: unknown) => e);
      assert.instance(error, CorruptEventError, `${threads} thread(s): ${String(error)}`);
      assert.match(String(error), new RegExp(`position ${position}\\b`));
      assert.ok(dump(opened.sqlite.database) === before, 'the tables as they were');
    } finally {
      await opened.store.close();
    }
    assert.equal(scratchFiles(), [], `${threads} thread(s): no scratch file left`);
  }
});

test('readers during a rebuild see the old complete tables, then the new ones, never a part', async () => {
  const file = copy('read-during.db');
  const database = new Database(file);
  // Make old and new differ: every spending row one yen more, a third of the statuses gone.
  database.exec('UPDATE spending SET authorized_amount = authorized_amount + 1');
  database.exec("DELETE FROM agreement_status WHERE substr(billing_agreement_id, 11, 1) IN ('1', '4', '7')");
  database.close();
  const reader = new Database(file, { readonly: true });
  const fingerprint = reader.prepare(
    "SELECT (SELECT count(*) FROM spending) || '/' || (SELECT sum(authorized_amount) FROM spending) || '/' || (SELECT count(*) FROM agreement_status) || '/' || (SELECT count(*) FROM spending_authorizations) || '/' || (SELECT position FROM checkpoints WHERE name = 'projections:v1')",
  ).pluck();
  const old = fingerprint.get() as string;
  const seen = new Map<string, number>();
  const { done } = runCli(['rebuild', '--store', `sqlite:${file}`]);
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    const now = fingerprint.get() as string;
    seen.set(now, (seen.get(now) ?? 0) + 1);
    await new Promise((r) => setImmediate(r));
  }
  const result = await done;
  assert.is(result.code, 0, result.stderr);
  const fresh = fingerprint.get() as string;
  reader.close();
  assert.is.not(fresh, old, 'the rebuild changed what is read');
  assert.equal([...seen.keys()].filter((f) => f !== old && f !== fresh), [], `only the old or the new tables were seen: ${JSON.stringify([...seen])}`);
  assert.ok((seen.get(old) ?? 0) > 10, 'the old tables were read while the rebuild ran');
});

test.run();
