/**
 * The partitioned build (application/projections/partitions.ts, partitioned-build.ts) against the
 * runner's replay in global order: for any history the engine makes, and for the histories it
 * cannot make but a store may hold (orders of unknown agreements, orders without one, a second
 * `OrderReferenceCreated`), the same rows; a corrupt event is named, never skipped.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoredEvent } from '../../application/ports/event-store.js';
import { PROJECTIONS } from '../../application/projections/index.js';
import { AGREEMENT_PARTITIONS } from '../../application/projections/partitions.js';
import { unreadTypes } from '../../application/projections/projection.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { anchorPlacementSql, anchorTargetSql } from '../../infrastructure/event-store/sqlite/partition-reading.js';
import { CREATE_ANCHOR_INDEX } from '../../infrastructure/event-store/sqlite/sql.js';
import { rebuildInScratch } from '../../infrastructure/projections/sqlite/partitioned-build.js';
import { check } from '../support/properties.js';
import { generate, steps } from './histories.js';
import { copyInto, dump, projectFromZero } from './support.js';

const test = suite('projections: the partitioned build equals the replay in global order');
// Appends fsync: on tmpfs where there is one, the copies cost little.
const root = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
let dir = '';
let files = 0;
test.before(() => void (dir = mkdtempSync(join(root, 'partitioned-'))));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The tables a rebuild of a SQLite store holding `events` leaves. */
async function rebuilt(events: readonly StoredEvent[]): Promise<Awaited<ReturnType<typeof dump>>> {
  const file = join(dir, `history-${files++}.db`);
  const opened = await openStore({ kind: 'sqlite', path: file });
  try {
    if (opened.sqlite === undefined || opened.projections === undefined) throw new Error('not a SQLite store');
    await copyInto(opened.store, events);
    await rebuildInScratch(opened.sqlite);
    return await dump(opened.projections);
  } finally {
    await opened.store.close();
    rmSync(file, { force: true });
  }
}

test('for any history of the engine, a rebuild partition by partition gives the rows of the replay in global order', () =>
  check(
    fc.asyncProperty(steps, async (history) => {
      const { engine, events } = await generate(history);
      await engine.close();
      assert.equal(await rebuilt(events), await dump(await projectFromZero(events, 7, 3)));
    }),
  ));

let seq = 0;
function stored(streamId: string, data: Record<string, JsonValue>): StoredEvent {
  seq += 1;
  const metadata = { commandId: `c${seq}`, correlationId: `c${seq}`, causationId: `c${seq}`, actor: 'engine', source: 'library', recordedAt: String(data['at']) } as const;
  return { eventId: `e${seq}`, streamId, revision: 0, position: String(seq), type: String(data['type']), data, metadata };
}

const AT = '2026-11-02T00:00:00.000Z';
const created = (orderReferenceId: string, parent?: { type: string; id: string }): StoredEvent =>
  stored(`OrderReference-${orderReferenceId}`, {
    type: 'OrderReferenceCreated',
    orderReferenceId,
    at: AT,
    sellerId: 'A1SELLER',
    marketplace: 'JP',
    releaseEnvironment: 'Sandbox',
    amount: { amount: 1000, currency: 'JPY' },
    ...(parent === undefined ? {} : { parent }),
  });
const capture = (orderReferenceId: string, captureId: string): StoredEvent[] => [
  stored(`OrderReference-${orderReferenceId}`, { type: 'CaptureRequested', orderReferenceId, captureId, at: AT, amount: { amount: 700, currency: 'JPY' } }),
  stored(`OrderReference-${orderReferenceId}`, { type: 'CaptureCompleted', orderReferenceId, captureId, at: AT }),
];

test('orders of an agreement the history never created, orders without an agreement and a second OrderReferenceCreated give the rows of the replay', async () => {
  const events = [
    created('S03-0000009-0000001', { type: 'BillingAgreement', id: 'C03-0000009-0000009' }),
    ...capture('S03-0000009-0000001', 'S03-0000009-0000001-C000001'),
    created('S03-0000009-0000002'),
    ...capture('S03-0000009-0000002', 'S03-0000009-0000002-C000001'),
    created('S03-0000009-0000003', { type: 'BillingAgreement', id: 'C03-0000009-0000009' }),
    created('S03-0000009-0000003', { type: 'BillingAgreement', id: 'C03-0000009-0000008' }),
    ...capture('S03-0000009-0000003', 'S03-0000009-0000003-C000001'),
  ];
  const expected = await dump(await projectFromZero(events));
  assert.ok((expected['spending_captures'] ?? []).length >= 2, 'the replay counts captures of orders whose agreement it never saw');
  assert.equal(await rebuilt(events), expected);
});

test('the rebuild passes over the known event types no projection reads, and no other', () => {
  const unread = unreadTypes(PROJECTIONS);
  assert.ok(unread.has('OrderReferenceConfirmed') && !unread.has('OrderReferenceCreated') && !unread.has('BillingAgreementTeleported'));
});

test('an event of an unknown type is not passed over: the rebuild stops on it, naming it', async () => {
  const events = [created('S03-0000009-0000010', { type: 'BillingAgreement', id: 'C03-0000009-0000010' }), stored('BillingAgreement-C03-0000009-0000010', { type: 'BillingAgreementTeleported', at: AT })];
  const error = await rebuilt(events).then(() => undefined, (e: unknown) => e);
  assert.match(String(error), /unknown BillingAgreement event type 'BillingAgreementTeleported'/);
});

test('the streams of orders are placed from the anchor index of the schema, not from a scan of every event', async () => {
  // Its expression is the one the placement computes: SQLite reads it from the index, not from each event's data.
  const { anchor } = AGREEMENT_PARTITIONS;
  assert.ok(CREATE_ANCHOR_INDEX.includes(`(${anchorTargetSql(anchor)})`), 'the index holds the anchor expression of the rule');
  assert.ok(CREATE_ANCHOR_INDEX.includes(`WHERE type = '${anchor.type}'`), 'the index holds the anchors of the rule');
  const file = join(dir, `history-${files++}.db`);
  const opened = await openStore({ kind: 'sqlite', path: file });
  await opened.store.close();
  const database = new Database(file, { readonly: true });
  try {
    database.exec('CREATE TEMP TABLE partition_members (stream_id TEXT PRIMARY KEY, partition TEXT NOT NULL) WITHOUT ROWID');
    const plan = database.prepare<[Record<string, string | number>], { detail: string }>(`EXPLAIN QUERY PLAN ${anchorPlacementSql(anchor)}`).all({ partitionPrefix: '', until: 0, streamPrefix: '' }).map((row) => row.detail);
    assert.ok(plan.some((detail) => /USING (COVERING )?INDEX events_anchors\b/.test(detail)), plan.join('; '));
  } finally {
    database.close();
  }
});

test.run();
