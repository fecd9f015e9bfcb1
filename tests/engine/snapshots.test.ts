import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { billingAgreements } from '../../application/aggregates/billing-agreement.js';
import { CommandHandler } from '../../application/command-handler.js';
import type { Snapshot, SnapshotStore } from '../../application/ports/snapshot-store.js';
import { decodeSnapshot, encodeSnapshot } from '../../application/snapshot-codec.js';
import type { BillingAgreementState } from '../../domain/billing-agreement/index.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { MemoryCheckpointStore } from '../../infrastructure/checkpoints/memory-checkpoint-store.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { answers, recordLongAgreement, snapshotsOf } from './snapshot-support.js';
import { BA, START, allEvents, jpy, openAgreement, withEngine } from './support.js';

const STREAM = billingAgreements.streamId(BA);

for (const kind of ['memory', 'sqlite'] as const) {
  const test = suite(`engine snapshots (${kind})`);

  test('deleting every snapshot changes no answer: the same states and the same command results, with or without snapshots', () =>
    withEngine(kind, async (t) => {
      const sent = await recordLongAgreement(t.engine, t.clock);
      const snapshot = await snapshotsOf(t.engine).get(STREAM);
      assert.ok(snapshot !== undefined && snapshot.revision > 10, 'the agreement has a recent snapshot');
      const count = (await allEvents(t.engine.deps.store)).length;
      const withSnapshots = await answers(t.engine, sent);
      await snapshotsOf(t.engine).clear();
      t.engine.handler.forgetRecent();
      assert.equal(await answers(t.engine, sent), withSnapshots, 'the same answers once every snapshot (stored and in memory) is deleted');
      const without = await t.reopen({ snapshots: false });
      assert.equal(await answers(without, sent), withSnapshots, 'the same answers from an engine that keeps none');
      const eager = await t.reopen({ snapshots: { every: 1 } });
      assert.equal(await answers(eager, sent), withSnapshots, 'the same answers with a snapshot after every event');
      assert.is((await allEvents(t.engine.deps.store)).length, count, 'resending every command appended nothing');
    }));

  test('a state kept in memory is a cache too: what another engine appends meanwhile is folded in before answering or deciding', () =>
    withEngine(kind, async (t) => {
      await openAgreement(t.engine, START);
      assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Open', 'loaded, so kept in memory');
      const other = await t.reopen();
      const close = { billingAgreementId: BA, at: START, type: 'CloseBillingAgreement', closureReason: 'Moved' } as const;
      const closed = await other.execute(close, { commandId: 'close-elsewhere' });
      assert.is(closed.kind, 'accepted');
      assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Closed', 'the other engine\'s event is seen');
      const pause = await t.engine.execute({ billingAgreementId: BA, at: START, type: 'PauseRecurringCharges' });
      assert.ok(pause.kind === 'rejected' && pause.rejection.code === 'InvalidBillingAgreementStatus', 'decided on the closed state');
      const again = await t.engine.execute(close, { commandId: 'close-elsewhere' });
      assert.ok(again.kind === 'accepted' && again.duplicate, 'the command id recorded by the other engine is recognised');
    }));

  test('a command resent by its id long after its events (behind several snapshots) returns its first events and appends nothing', () =>
    withEngine(kind, async (t) => {
      const sent = await recordLongAgreement(t.engine, t.clock);
      const confirm = sent.find((s) => s.command.type === 'ConfirmBillingAgreement');
      assert.ok(confirm !== undefined);
      const before = await allEvents(t.engine.deps.store);
      const first = before.filter((e) => e.metadata.commandId === confirm.commandId);
      assert.ok(first.length > 0 && (await snapshotsOf(t.engine).get(STREAM))!.revision > first.at(-1)!.revision, 'the snapshot is after the command');
      const again = await t.engine.execute(confirm.command, { commandId: confirm.commandId });
      assert.ok(again.kind === 'accepted' && again.duplicate, 'recognised as handled before');
      assert.equal(again.kind === 'accepted' && again.events, first.map((e) => e.data));
      assert.is((await allEvents(t.engine.deps.store)).length, before.length);
    }));

  test('a snapshot written under another snapshotVersion is ignored, then replaced (the same text under the current version would be used)', () =>
    withEngine(kind, async (t) => {
      await recordLongAgreement(t.engine, t.clock, 4);
      const store = snapshotsOf(t.engine);
      const current = (await store.get(STREAM))!;
      const decoded = decodeSnapshot(STREAM, current.revision, current.state)!;
      const state = decoded.state as Extract<BillingAgreementState, { exists: true }>;
      const forged = { ...state, agreement: { ...state.agreement, status: { state: 'Closed', lastUpdatedTimestamp: START } } };
      const text = encodeSnapshot(STREAM, current.revision, decoded.lastEventId, forged)!;
      const old = billingAgreements.snapshotVersion - 1;
      await store.put(STREAM, current.revision, text, old);
      t.engine.handler.forgetRecent();
      assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Open', 'the old version is ignored');
      assert.is((await store.get(STREAM))?.version, billingAgreements.snapshotVersion, 'and replaced by the full fold');
      await store.put(STREAM, current.revision, text, billingAgreements.snapshotVersion);
      t.engine.handler.forgetRecent();
      assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Closed', 'under the current version it is trusted');
      // Without the process manager's follower, whose loads would write snapshots of their own meanwhile.
    }, { follow: false }));

  test('reference ids such as __proto__ and constructor survive a snapshot as own keys, and their repeats still answer the first result', () =>
    withEngine(kind, async (t) => {
      await openAgreement(t.engine, START);
      const charge = (ref: string) => ({ billingAgreementId: BA, authorizationReferenceId: ref, amount: jpy(500), chargeType: 'OneOff', transactionTimeout: 0, captureNow: false }) as const;
      const first = await t.engine.authorizeOnBillingAgreement(charge('__proto__'));
      await t.engine.authorizeOnBillingAgreement(charge('constructor'));
      await t.engine.authorizeOnBillingAgreement(charge('hasOwnProperty'));
      assert.ok((await snapshotsOf(t.engine).get(STREAM)) !== undefined);
      const agreement = await t.engine.billingAgreement(BA);
      assert.ok(agreement !== undefined && Object.hasOwn(agreement.authorizations, '__proto__') && Object.hasOwn(agreement.authorizations, 'constructor'));
      assert.is(Object.getPrototypeOf(agreement.authorizations), Object.prototype);
      const full = await new CommandHandler(t.engine.deps.store, t.clock).load(billingAgreements, BA);
      assert.is(JSON.stringify(agreement), JSON.stringify(full.state.exists && full.state.agreement));
      const again = await t.engine.authorizeOnBillingAgreement(charge('__proto__'));
      assert.ok(again.kind === 'accepted' && again.repeated);
      assert.equal(again.kind === 'accepted' && again.authorization, first.kind === 'accepted' && first.authorization);
    }));

  test.run();
}

const test = suite('engine snapshots: a cache that fails');

class FailingSnapshots implements SnapshotStore {
  async get(): Promise<Snapshot | undefined> {
    throw new Error('snapshot table unreadable');
  }
  async put(): Promise<void> {
    throw new Error('disk full');
  }
  async delete(): Promise<void> {}
  async clear(): Promise<void> {}
}

test('a snapshot store that cannot be read or written changes no answer', async () => {
  const store = new MemoryEventStore();
  const failing = { store, checkpoints: new MemoryCheckpointStore(), snapshots: { store: new FailingSnapshots(), locator: store } };
  const engine = await createBillingEngine({ opened: failing, follow: false, snapshots: { every: 1 } });
  await openAgreement(engine, START);
  const closed = await engine.execute({ type: 'CloseBillingAgreement', billingAgreementId: BA, at: START });
  assert.is(closed.kind, 'accepted');
  assert.is((await engine.billingAgreement(BA))?.status.state, 'Closed');
  await engine.close();
});

test('the SQLite file holds the snapshots in table snapshots (migration 6), beside the events', () =>
  withEngine('sqlite', async (t) => {
    await openAgreement(t.engine, START);
    const store = t.engine.deps.store;
    assert.instance(store, SqliteEventStore);
    const rows = (store as SqliteEventStore).database.prepare('SELECT stream_id, version FROM snapshots').all();
    assert.equal(rows, [{ stream_id: STREAM, version: billingAgreements.snapshotVersion }]);
  }));

/** The streams read from `store` from now on (its stream reads spied on). */
function streamsRead(store: SqliteEventStore): string[] {
  const read: string[] = [];
  const pages = store.readStreamPages.bind(store);
  const events = store.readStream.bind(store);
  Object.assign(store, {
    readStreamPages: (streamId: string, options?: { fromRevision?: number }) => (read.push(streamId), pages(streamId, options)),
    readStream: (streamId: string, options?: { fromRevision?: number }) => (read.push(streamId), events(streamId, options)),
  });
  return read;
}

test('a stream this engine wrote last, nothing else having written since, is decided on from memory without reading it', () =>
  withEngine('sqlite', async (t) => {
    await openAgreement(t.engine, START);
    const store = t.engine.deps.store as SqliteEventStore;
    const read = streamsRead(store);
    const pause = { billingAgreementId: BA, at: START, type: 'PauseRecurringCharges' } as const;
    assert.is((await t.engine.execute(pause)).kind, 'accepted');
    assert.equal(read.filter((id) => id === STREAM), [], 'the state kept in memory, nothing read');
    const other = await t.reopen();
    assert.is((await other.execute({ billingAgreementId: BA, at: START, type: 'ResumeRecurringCharges' })).kind, 'accepted');
    const again = await t.engine.execute(pause);
    assert.is(again.kind, 'accepted', 'decided on the state with the other engine\'s resume');
    assert.ok(read.includes(STREAM), 'read after another connection wrote');
  }));

test('after a restart, an agreement whose snapshot is at the stream\'s head is decided on from it without reading the stream', () =>
  withEngine('sqlite', async (t) => {
    const eager = await t.reopen({ snapshots: { every: 1 } });
    await openAgreement(eager, START);
    const restarted = await t.reopen();
    const store = restarted.deps.store as SqliteEventStore;
    const read = streamsRead(store);
    const pause = { billingAgreementId: BA, at: START, type: 'PauseRecurringCharges' } as const;
    assert.is((await restarted.execute(pause)).kind, 'accepted');
    assert.equal(read.filter((id) => id === STREAM), [], 'the snapshot at the head, nothing read');
  }));

test.run();
