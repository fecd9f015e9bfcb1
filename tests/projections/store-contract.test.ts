/** One contract for every projection store adapter (memory, SQLite, PostgreSQL), plus the SQLite schema. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProjectionCheckpointConflictError, type ProjectionStore } from '../../application/ports/projection-store.js';
import { agreementSnapshots } from '../../application/projections/agreement-status.js';
import { PROJECTION_TABLES, columnName, spending, type SpendingRow } from '../../application/projections/index.js';
import { monthlyTotals } from '../../application/projections/queries.js';
import { spendingAgreements, spendingAuthorizations } from '../../application/projections/spending-tables.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { MemoryProjectionStore } from '../../infrastructure/projections/memory/memory-projection-store.js';
import { SqliteProjectionStore } from '../../infrastructure/projections/sqlite/sqlite-projection-store.js';
import { PostgresProjectionStore } from '../../infrastructure/projections/postgres/postgres-projection-store.js';
import { postgresMissing, postgresSchema } from '../support/postgres.js';

type Open = () => Promise<{ store: ProjectionStore; sqlite?: SqliteEventStore; close: () => Promise<void> }>;

const openMemory: Open = async () => ({ store: new MemoryProjectionStore(), close: async () => {} });
const openSqlite: Open = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'projection-store-'));
  const sqlite = new SqliteEventStore(join(dir, 'billing.db'));
  return { store: new SqliteProjectionStore(sqlite.database), sqlite, close: async () => (await sqlite.close(), rmSync(dir, { recursive: true, force: true })) };
};

const row = (billingAgreementId: string, month: string, authorizedAmount: number): SpendingRow => ({
  billingAgreementId,
  month,
  windowStart: `${month}-01T00:00:00.000Z`,
  windowEnd: 'end',
  currency: 'JPY',
  limitAmount: 50_000,
  authorizedAmount,
  authorizationCount: 1,
  declinedAmount: 0,
  declinedCount: 0,
  capturedAmount: 7,
  captureCount: 1,
  refundedAmount: 0,
  refundCount: 0,
  remainingBalance: 50_000 - authorizedAmount,
  updatedAt: 'now',
});
const put = (rows: readonly SpendingRow[]) => rows.map((r) => ({ table: spending, row: r }));

const openPostgres: Open = async () => {
  const schema = await postgresSchema();
  const store = new PostgresProjectionStore(schema.url);
  return { store, close: async () => (await store.close(), await schema.drop()) };
};

const missing = postgresMissing();
if (missing !== undefined) console.log(`projection store contract (postgres) skipped: ${missing}`);

for (const [kind, open] of [['memory', openMemory], ['sqlite', openSqlite], ...(missing === undefined ? [['postgres', openPostgres] as const] : [])] as const) {
  const test = suite(`projection store contract (${kind})`);
  const withStore = (body: (store: ProjectionStore) => Promise<void>) => async () => {
    const opened = await open();
    try {
      await body(opened.store);
    } finally {
      await opened.close();
    }
  };

  test('a commit writes its rows and moves the checkpoint; rows come back by key, filtered, in key order', withStore(async (store) => {
    assert.is(await store.checkpoint(), undefined);
    await store.commit({ expected: undefined, position: '4', writes: put([row('B', '2026-11', 3), row('A', '2026-12', 2), row('A', '2026-11', 1)]) });
    assert.is(await store.checkpoint(), '4');
    assert.equal(await store.get(spending, ['A', '2026-12']), row('A', '2026-12', 2));
    assert.is(await store.get(spending, ['A', '2027-01']), undefined);
    assert.equal((await store.rows(spending)).map((r) => [r['billingAgreementId'], r['month']]), [['A', '2026-11'], ['A', '2026-12'], ['B', '2026-11']]);
    assert.equal((await store.rows(spending, { month: '2026-11' })).map((r) => r['billingAgreementId']), ['A', 'B']);
  }));

  test('scan gives every row in key order, text by its UTF-8 bytes as SQLite orders it', withStore(async (store) => {
    // 'Z' < 'a' < 'é' (U+00E9) < '' (U+E000, EE 80 80) < '𝒜' (U+1D49C, F0 …) in UTF-8; UTF-16 code units put '𝒜' (D835 …) before U+E000.
    const ids = ['a', 'Z', '\uE000', '\u{1D49C}', '\u00E9'];
    await store.commit({ expected: undefined, position: '1', writes: put(ids.map((id, i) => row(id, '2026-11', i))) });
    const scanned: string[] = [];
    for await (const r of store.scan(spending)) scanned.push(String(r['billingAgreementId']));
    assert.equal(scanned, ['Z', 'a', '\u00E9', '\uE000', '\u{1D49C}']);
    assert.equal(scanned, (await store.rows(spending)).map((r) => String(r['billingAgreementId'])), 'rows() and scan() agree');
  }));

  test('a commit from a checkpoint that moved meanwhile is refused and changes nothing', withStore(async (store) => {
    await store.commit({ expected: undefined, position: '4', writes: put([row('A', '2026-11', 1)]) });
    for (const expected of [undefined, '3']) {
      const refused = await store.commit({ expected, position: '9', writes: put([row('A', '2026-11', 999)]) }).then(() => undefined, (e: unknown) => e);
      assert.instance(refused, ProjectionCheckpointConflictError);
    }
    assert.is(await store.checkpoint(), '4');
    assert.equal(await store.get(spending, ['A', '2026-11']), row('A', '2026-11', 1));
  }));

  test('booleans, nulls and JSON values come back as they were written, and a later write replaces the row', withStore(async (store) => {
    const auth = { billingAgreementId: 'A', authorizationId: 'x', month: '2026-11', amount: 5, declined: true };
    const limits = { billingAgreementId: 'A', currency: 'JPY', limitAmount: 1, months: ['2026-11', '2026-12'] };
    const snapshot = { billingAgreementId: 'A', agreement: { nested: { list: [1, 'two', null] }, flag: false } };
    await store.commit({ expected: undefined, position: '1', writes: [{ table: spendingAuthorizations, row: auth }, { table: spendingAgreements, row: limits }, { table: agreementSnapshots, row: snapshot }] });
    await store.commit({ expected: '1', position: '2', writes: [{ table: spendingAuthorizations, row: { ...auth, declined: false } }] });
    assert.equal(await store.get(spendingAuthorizations, ['A', 'x']), { ...auth, declined: false });
    assert.equal(await store.get(spendingAgreements, ['A']), limits);
    assert.equal(await store.get(agreementSnapshots, ['A']), snapshot);
  }));

  test('reset deletes every row of the tables and the checkpoint', withStore(async (store) => {
    await store.commit({ expected: undefined, position: '4', writes: put([row('A', '2026-11', 1)]) });
    await store.reset(PROJECTION_TABLES);
    assert.equal([await store.checkpoint(), await store.rows(spending)], [undefined, []]);
  }));

  test.run();
}

const schema = suite('projection tables in the SQLite file');

schema('every projection table exists with exactly the documented columns, NOT NULL unless nullable, keyed as declared', async () => {
  const { sqlite, close } = await openSqlite();
  try {
    for (const table of PROJECTION_TABLES) {
      const info = sqlite!.database.prepare(`PRAGMA table_info(${table.name})`).all() as { name: string; notnull: number; pk: number }[];
      const expected = Object.entries(table.columns).map(([field, type]) => [columnName(field), type.endsWith('?') ? 0 : 1]);
      assert.equal(info.map((c) => [c.name, c.notnull || c.pk ? 1 : 0]), expected, table.name);
      assert.equal(info.filter((c) => c.pk > 0).sort((x, y) => x.pk - y.pk).map((c) => c.name), table.key.map(columnName), `${table.name} key`);
    }
  } finally {
    await close();
  }
});

schema('the view spending_monthly_totals adds up the same totals the reports show', async () => {
  const { store, sqlite, close } = await openSqlite();
  try {
    const rows = [row('A', '2026-11', 100), row('B', '2026-11', 250), row('A', '2026-12', 40)];
    await store.commit({ expected: undefined, position: '1', writes: put(rows) });
    const view = sqlite!.database.prepare('SELECT * FROM spending_monthly_totals ORDER BY month, currency').all();
    const expected = monthlyTotals(rows).map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [columnName(k), v])));
    assert.equal(view, expected);
  } finally {
    await close();
  }
});

schema('a commit skips its own fsync and leaves the connection durable for appends (synchronous FULL again), even when it fails', async () => {
  const { store, sqlite, close } = await openSqlite();
  try {
    const database = sqlite!.database;
    const synchronous = () => Number(database.pragma('synchronous', { simple: true }));
    assert.is(synchronous(), 2, 'FULL before');
    await store.commit({ expected: undefined, position: '1', writes: put([row('A', '2026-11', 1)]) });
    assert.is(synchronous(), 2, 'FULL after a commit');
    const conflict = await store.commit({ expected: '7', position: '8', writes: [] }).then(() => undefined, (error: unknown) => error);
    assert.instance(conflict, ProjectionCheckpointConflictError);
    assert.is(synchronous(), 2, 'FULL after a failed commit');
  } finally {
    await close();
  }
});

schema.run();
