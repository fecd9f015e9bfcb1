/**
 * Tamper evidence on the stores without a global SQLite position: each event's link (the hash of
 * its content and of its stream's previous link), written at append time, verified in one pass.
 * On the memory store and on EventStoreDB (the stand-in, over gRPC): an untouched history
 * verifies; an event whose data was changed on the server, and an event written past the engine
 * (no metadata of ours, no link), break it where they are.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EsdbEventStore } from '../../infrastructure/event-store/eventstoredb/esdb-event-store.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { StreamChainEvidence } from '../../infrastructure/event-store/shared/stream-chain.js';
import { newEvents, withStandIn } from './esdb-fixtures.js';

const test = suite('per-stream hash chain (memory, EventStoreDB)');

test('the memory store links every event to its stream’s previous one; checkpoint streams carry none', async () => {
  const opened = await openStore({ kind: 'memory' });
  await opened.store.append('BillingAgreement-C1', newEvents('a', 2), 'no_stream');
  await opened.store.append('OrderReference-S1', newEvents('b', 1), 'no_stream');
  await opened.store.append('BillingAgreement-C1', newEvents('c', 1), 1);
  await opened.store.append('Checkpoint-x', newEvents('d', 1), 'any');
  const report = await opened.tamperEvidence?.verify();
  assert.is(report?.kind, 'intact');
  assert.is(report?.kind === 'intact' && report.events, 4, 'the checkpoint event is not part of the history');
  await opened.store.close();
});

test('on EventStoreDB an untouched history verifies; a rewritten payload and an event appended past the engine are named', async () => {
  await withStandIn(async (store, standIn) => {
    await store.append('BillingAgreement-C2', newEvents('e', 3), 'no_stream');
    await store.append('OrderReference-S2', newEvents('f', 2), 'no_stream');
    await store.append('BillingAgreement-C2', newEvents('g', 1), 2);
    const evidence = new StreamChainEvidence(() => (store as EsdbEventStore).chainedRecords());
    const intact = await evidence.verify();
    assert.equal([intact.kind, intact.kind === 'intact' && intact.events], ['intact', 6]);

    standIn.rewrite('BillingAgreement-C2', 1, { type: 'AgreementNoted', note: 'changed later' });
    const rewritten = await evidence.verify();
    assert.is(rewritten.kind, 'broken');
    if (rewritten.kind !== 'broken') return;
    assert.equal([rewritten.streamId, rewritten.events], ['BillingAgreement-C2', 1]);
    assert.match(rewritten.reason, /content does not match its link/);
  });
  await withStandIn(async (store, standIn) => {
    await store.append('BillingAgreement-C3', newEvents('h', 1), 'no_stream');
    standIn.appendDirectly('BillingAgreement-C3', 'AgreementNoted', { forged: true });
    const forged = await new StreamChainEvidence(() => (store as EsdbEventStore).chainedRecords()).verify();
    assert.equal([forged.kind, forged.kind === 'broken' && forged.streamId], ['broken', 'BillingAgreement-C3']);
    assert.match(forged.kind === 'broken' ? forged.reason : '', /BillingAgreement-C3@1\): metadata is not a JSON object/);
  });
  await withStandIn(async (store) => {
    // Only checkpoint streams are appended at any revision; an event of the history written so has no link, and says so.
    await store.append('BillingAgreement-C4', newEvents('i', 1), 'any');
    const unlinked = await new StreamChainEvidence(() => (store as EsdbEventStore).chainedRecords()).verify();
    assert.match(unlinked.kind === 'broken' ? unlinked.reason : unlinked.kind, /carries no chain link/);
  });
});

test.run();
