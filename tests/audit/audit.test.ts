import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Audit } from '../../application/audit/audit.js';
import { auditOf } from '../../infrastructure/audit/audit-of.js';
import { DEMO, DEMO_GRINDER_ORDER } from '../../infrastructure/demo-data/demo-history.js';
import { compareEsdbPositions } from '../../infrastructure/event-store/eventstoredb/esdb-position-order.js';
import { openStore, type OpenedStore } from '../../infrastructure/event-store/open-store.js';
import { writeDemoFile, type DemoFile } from './demo-store.js';

const test = suite('audit: history, state as of, verify');
let demo: DemoFile;

test.before(async () => {
  demo = await writeDemoFile();
});
test.after(() => demo.remove());

async function withAudit(file: string, body: (audit: Audit, opened: OpenedStore) => Promise<void>, readonly = true): Promise<void> {
  const opened = await openStore({ kind: 'sqlite', path: file }, { readonly });
  try {
    await body(auditOf(opened), opened);
  } finally {
    await opened.store.close();
  }
}

const YUKI = DEMO.yuki.billingAgreementId;

test('the history of an agreement holds its events and its orders’ in global order, each with who, through which door, why and when', () =>
  withAudit(demo.file, async (audit) => {
    const history = await audit.history(YUKI);
    assert.ok(history);
    if (!history) return;
    assert.is(history.kind, 'BillingAgreement');
    assert.is(history.orderReferenceIds.length, 4);
    const positions = history.entries.map((e) => Number(e.position));
    assert.equal(positions, [...positions].sort((a, b) => a - b));
    assert.ok(history.entries.some((e) => e.streamId.startsWith('OrderReference-')));
    const [first] = history.entries;
    assert.equal([first?.type, first?.actor, first?.source, first?.correlationId, first?.recordedAt], ['BillingAgreementCreated', 'buyer', 'http', `checkout-${YUKI}`, '2026-09-03T05:00:00.000Z']);
    const ipn = history.entries.find((e) => e.type === 'BillingAgreementReopened');
    assert.equal([ipn?.actor, ipn?.source, ipn?.correlationId], ['amazon-ipn', 'ipn', 'ipn-2026-10-03-yuki']);
    const byId = new Map(history.entries.map((e) => [e.eventId, e]));
    const created = history.entries.find((e) => e.type === 'OrderReferenceCreated');
    assert.equal([created?.actor, created?.source, byId.get(created?.causationId ?? '')?.type], ['engine', 'process-manager', 'AuthorizationRequested']);
  }));

test('the history of an order reference is its own stream; an unknown id has none', () =>
  withAudit(demo.file, async (audit) => {
    const history = await audit.history(DEMO_GRINDER_ORDER);
    assert.equal(history?.entries.map((e) => e.type).slice(0, 2), ['OrderReferenceCreated', 'OrderReferenceConfirmed']);
    assert.ok(history?.entries.some((e) => e.type === 'RefundCompleted'));
    assert.is(await audit.history('C03-0000000-0000000'), undefined);
  }));

test('the state as of an instant counts the events recorded at or before it', () =>
  withAudit(demo.file, async (audit) => {
    const at = async (instant: string) => (await audit.stateAsOf(YUKI, { kind: 'instant', instant }))?.agreement?.status.state;
    assert.is(await at('2026-09-03T04:59:59.999Z'), undefined);
    assert.is(await at('2026-09-30T23:59:59.000Z'), 'Open');
    assert.is(await at('2026-10-01T15:00:00.000Z'), 'Suspended');
    assert.is(await at('2026-10-03T08:59:59.999Z'), 'Suspended');
    assert.is(await at('2026-10-03T09:00:00.000Z'), 'Open');
    const october = await audit.stateAsOf(YUKI, { kind: 'instant', instant: '2026-10-02T00:00:00.000Z' });
    assert.equal(october?.orders.map((o) => o.status.state), ['Closed', 'Closed']);
    assert.is(await audit.stateAsOf('C03-0000000-0000000', { kind: 'instant', instant: '2026-10-02T00:00:00.000Z' }), undefined);
  }));

test('the state as of a global position counts the events at or before it', () =>
  withAudit(demo.file, async (audit) => {
    const history = await audit.history(YUKI);
    const suspended = history?.entries.find((e) => e.type === 'BillingAgreementSuspended')?.position ?? '';
    const state = async (position: string) => (await audit.stateAsOf(YUKI, { kind: 'position', position }))?.agreement?.status.state;
    assert.is(await state(suspended), 'Suspended');
    assert.is(await state(String(Number(suspended) - 1)), 'Open');
  }));

test('verify finds an untouched file intact and its projections equal to a fresh replay', () =>
  withAudit(demo.file, async (audit) => {
    const report = await audit.verify();
    assert.ok(report.ok);
    assert.equal([report.chain.kind, report.projections.kind], ['intact', 'match']);
  }));

test('verify names the position of a row changed directly in the file, and the projection rows it no longer explains', async () => {
  const file = demo.copy('tampered.db');
  const raw = new Database(file);
  const position = raw.prepare("SELECT position FROM events WHERE type = 'AuthorizationRequested' ORDER BY position LIMIT 1 OFFSET 5").pluck().get() as number;
  raw.prepare("UPDATE events SET data = replace(data, '\"amount\":1980', '\"amount\":980') WHERE position = ?").run(position);
  raw.close();
  await withAudit(file, async (audit) => {
    const report = await audit.verify();
    assert.is(report.ok, false);
    assert.equal(report.chain.kind === 'broken' && report.chain.position, String(position));
    assert.ok(report.projections.kind === 'mismatch' && report.projections.differences.some((d) => d.table === 'spending' && d.fields.includes('authorizedAmount')));
  });
});

test('verify says so when stored projections no longer match, even with an intact chain', async () => {
  const file = demo.copy('projections-edited.db');
  const raw = new Database(file);
  raw.prepare("UPDATE agreement_status SET state = 'Open' WHERE state = 'Suspended'").run();
  raw.close();
  await withAudit(file, async (audit) => {
    const report = await audit.verify();
    assert.equal([report.ok, report.chain.kind, report.projections.kind], [false, 'intact', 'mismatch']);
    assert.ok(report.projections.kind === 'mismatch' && report.projections.differences[0]?.fields.includes('state'));
  });
});

test('on the memory store the per-stream chain verifies, and verify says the projections are not stored rather than pretend', async () => {
  const opened = await openStore({ kind: 'memory' });
  const report = await auditOf(opened).verify();
  assert.equal([report.ok, report.chain.kind, report.projections.kind], [false, 'intact', 'not-stored']);
});

test('EventStoreDB positions are ordered by commit, then prepare position', () => {
  assert.ok(compareEsdbPositions('9:9', '10:0') < 0);
  assert.ok(compareEsdbPositions('10:5', '10:4') > 0);
  assert.is(compareEsdbPositions('7:7', '7:7'), 0);
});

test.run();
