/**
 * Projections in PostgreSQL are the SQLite ones: the demo history projected into a real
 * PostgreSQL gives the same rows in every table and the same checkpoint, the tables have the
 * documented columns, and every analysts' query of the README gives the same answer on both.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECTION_TABLES, PROJECTIONS, ProjectionRunner, columnName } from '../../application/projections/index.js';
import { parseProjectionLocation } from '../../infrastructure/config/store-url.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { cliInProcess } from '../cli/run-cli.js';
import { BA, START, jpy, openAgreement } from '../engine/support.js';
import { PostgresProjectionStore } from '../../infrastructure/projections/postgres/postgres-projection-store.js';
import { writeDemoFile, type DemoFile } from '../audit/demo-store.js';
import { postgresMissing, postgresSchema } from '../support/postgres.js';

const test = suite('projections in PostgreSQL');
const missing = postgresMissing();
let demo: DemoFile;
let schema: Awaited<ReturnType<typeof postgresSchema>>;
let store: PostgresProjectionStore;

test.before(async () => {
  if (missing !== undefined) return;
  demo = await writeDemoFile();
  schema = await postgresSchema();
  store = new PostgresProjectionStore(schema.url);
  const opened = await openStore({ kind: 'sqlite', path: demo.file }, { readonly: true });
  try {
    await new ProjectionRunner(opened.store, store, PROJECTIONS, { batchSize: 50 }).catchUp();
  } finally {
    await opened.store.close();
  }
});
test.after(async () => {
  if (missing !== undefined) return;
  await store.close();
  await schema.drop();
  demo.remove();
});

/** A number as text (PostgreSQL's bigint and numeric) is the number; floats compared to 9 digits. */
const normal = (value: unknown): unknown => {
  const n = typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && !Number.isInteger(n) ? Number(n.toPrecision(9)) : n;
};
const normalRows = (rows: readonly Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normal(v)])));

test('the demo history gives the same rows in every table, and the same checkpoint', async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const opened = await openStore({ kind: 'sqlite', path: demo.file }, { readonly: true });
  try {
    const sqlite = opened.projections;
    if (sqlite === undefined) throw new Error('no SQLite projections');
    assert.is(await store.checkpoint(), await sqlite.checkpoint());
    for (const table of PROJECTION_TABLES) {
      const [inPostgres, inSqlite] = await Promise.all([store.rows(table), sqlite.rows(table)]);
      assert.equal(inPostgres, inSqlite, table.name);
      const scanned = [];
      for await (const row of store.scan(table)) scanned.push(row);
      assert.equal(scanned, inSqlite, `${table.name} scanned`);
    }
  } finally {
    await opened.store.close();
  }
});

test('every table has the documented columns, NOT NULL unless nullable, and the view exists', async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    for (const table of PROJECTION_TABLES) {
      const { rows } = await client.query<{ column_name: string; is_nullable: string }>(
        'SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position',
        [table.name],
      );
      const expected = Object.entries(table.columns).map(([field, type]) => [columnName(field), type.endsWith('?') && !table.key.includes(field) ? 'YES' : 'NO']);
      assert.equal(rows.map((c) => [c.column_name, c.is_nullable]), expected, table.name);
    }
    assert.ok((await client.query('SELECT * FROM spending_monthly_totals')).rows.length > 0);
  } finally {
    await client.end();
  }
});

test("every README query for analysts runs unchanged on both and gives the same rows", async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const readme = readFileSync(resolve(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
  const queries = [...readme.slice(readme.indexOf('### Queries'), readme.indexOf('## Performance')).matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  assert.ok(queries.length >= 4, `${queries.length} queries`);
  const sqlite = new Database(demo.file, { readonly: true });
  const client = new pg.Client({ connectionString: schema.url });
  await client.connect();
  try {
    for (const query of queries) {
      const fromSqlite = sqlite.prepare(query).all() as Record<string, unknown>[];
      const fromPostgres = (await client.query<Record<string, unknown>>(query)).rows;
      assert.ok(fromSqlite.length > 0, query);
      assert.equal(normalRows(fromPostgres), normalRows(fromSqlite), query);
    }
  } finally {
    sqlite.close();
    await client.end();
  }
});

test('audit verify compares the tables kept in PostgreSQL with a fresh replay, and names a row changed there', async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const own = await postgresSchema();
  const tables = new PostgresProjectionStore(own.url);
  try {
    const opened = await openStore({ kind: 'sqlite', path: demo.file }, { readonly: true });
    try {
      await new ProjectionRunner(opened.store, tables, PROJECTIONS).catchUp();
    } finally {
      await opened.store.close();
    }
    const verify = () => cliInProcess(['audit', 'verify', '--store', `sqlite:${demo.file}`, '--projections', own.url]);
    const clean = await verify();
    assert.is(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /projections: match a fresh replay at position \d+/);
    const client = new pg.Client({ connectionString: own.url });
    await client.connect();
    await client.query("UPDATE agreement_status SET state = 'Open' WHERE state = 'Suspended'");
    await client.end();
    const planted = await verify();
    assert.is(planted.code, 1);
    assert.match(planted.stdout, /agreement_status: 1 row differ; the first, \["C03-1000001-0000004"\], differs in state/);
  } finally {
    await tables.close();
    await own.drop();
  }
});

test('an engine on memory: with --projections postgres:// keeps its tables in PostgreSQL, and report reads them there', async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const own = await postgresSchema();
  try {
    const opened = await openStore({ kind: 'memory' }, { projections: parseProjectionLocation(own.url) });
    const engine = await createBillingEngine({ opened, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
    try {
      await openAgreement(engine, START);
      const charged = await engine.authorizeOnBillingAgreement({ billingAgreementId: BA, authorizationReferenceId: 'nov', amount: jpy(1_980), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true });
      assert.is(charged.kind, 'accepted');
      assert.equal((await engine.projections.spending('2026-11')).map((r) => [r.billingAgreementId, r.authorizedAmount]), [[BA, 1_980]]);
    } finally {
      await engine.close();
    }
    const report = await cliInProcess(['report', 'spending', '--month', '2026-11', '--format', 'json', '--projections', own.url]);
    assert.is(report.code, 0, report.stderr);
    assert.equal((JSON.parse(report.stdout) as { billing_agreement_id: string; authorized_amount: number }[]).map((r) => [r.billing_agreement_id, r.authorized_amount]), [[BA, 1_980]]);
    const unreachable = await cliInProcess(['report', 'totals', '--projections', 'postgres://nobody:secret@127.0.0.1:1/none']);
    assert.is(unreachable.code, 1);
    assert.match(unreachable.stderr, /the projections' PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none cannot be reached/);
    assert.not.match(unreachable.stderr, /secret/, 'the password is not printed');
  } finally {
    await own.drop();
  }
});

test.run();
