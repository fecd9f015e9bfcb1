import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { parseStoreLocation } from '../../infrastructure/config/store-url.js';
import type { OpenedStore } from '../../infrastructure/event-store/open-store.js';
import { BA, KINDS, START, allEvents, jpy, openAgreement, withEngine, type TestEngine } from './support.js';
import { CrashingStore } from './store-wrappers.js';

/** The store of a test engine, opened once more with its next append to a matching stream failing. */
async function crashingOpened(t: TestEngine, crashOn: (streamId: string) => boolean): Promise<OpenedStore> {
  const base = t.store === 'memory:' ? t.engine.deps : await openStore(parseStoreLocation(t.store));
  return { store: new CrashingStore(base.store, crashOn), checkpoints: base.checkpoints };
}

for (const kind of KINDS) {
  const test = suite(`engine durability (${kind})`);

  test('a command resent with the same command id after success returns the first result and appends nothing, across a restart', () =>
    withEngine(kind, async (t) => {
    const create = { type: 'CreateBillingAgreement', billingAgreementId: BA, at: START, sellerId: 'A1SELLER', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'H', email: 'h@example.jp' } } as const;
    const first = await t.engine.execute(create, { commandId: 'create-1' });
    assert.is(first.kind === 'accepted' && first.duplicate, false);
    await t.engine.close();
    const restarted = await t.reopen();
    const again = await restarted.execute(create, { commandId: 'create-1' });
    assert.is(again.kind, 'accepted');
    assert.ok(again.kind === 'accepted' && again.duplicate, 'recognised as handled before');
    assert.equal(again.kind === 'accepted' && again.events, first.kind === 'accepted' && first.events);
    assert.is((await allEvents(restarted.deps.store)).length, 1);
    const other = await restarted.execute(create, { commandId: 'create-2' });
    assert.is(other.kind === 'rejected' && other.rejection.code, 'BillingAgreementAlreadyExists');
    }));

  test('a crash between the agreement write and the order write is repaired at the next start: nothing lost, nothing doubled', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    await t.engine.close();
    const crashing = await t.reopen({ opened: await crashingOpened(t, (s) => s.startsWith('OrderReference-')), follow: false });
    const input = { billingAgreementId: BA, authorizationReferenceId: 'nov', amount: jpy(1_000), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true } as const;
    let crashed = false;
    await crashing.authorizeOnBillingAgreement(input).catch(() => (crashed = true));
    assert.ok(crashed, 'the simulated crash interrupted the operation');
    const agreement = await crashing.billingAgreement(BA);
    const auth = agreement?.authorizations['nov'];
    assert.is(auth?.state, 'Open', 'the agreement write is durable');
    assert.is(await crashing.orderReference(auth?.orderReferenceId ?? ''), undefined, 'the order was never written');
    await crashing.close();

    const restarted = await t.reopen();
    const order = await restarted.orderReference(auth?.orderReferenceId ?? '');
    assert.is(order?.status.state, 'Closed', 'the start repaired the order');
    assert.is(order?.status.reasonCode, 'MaxAuthorizationsProcessed');
    const before = await allEvents(restarted.deps.store);
    await restarted.close();
    const again = await t.reopen();
    const after = await allEvents(again.deps.store);
    const processEvents = (events: typeof after) => events.filter((e) => e.streamId.startsWith('OrderReference-') || e.streamId.startsWith('BillingAgreement-'));
    assert.is(processEvents(after).length, processEvents(before).length, 'another start adds nothing');
    const requested = after.filter((e) => e.type === 'AuthorizationRequested');
    assert.is(requested.length, 1, 'the charge was recorded once');
    assert.is(after.filter((e) => e.type === 'OrderReferenceCreated').length, 1, 'the order was created once');
    }));

  test.run();
}
