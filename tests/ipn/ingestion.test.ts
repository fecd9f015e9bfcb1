import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingEngine } from '../../application/engine.js';
import type { ReceiveResult } from '../../application/ipn/ingestion.js';
import { BA, allEvents, openAgreement, START } from '../engine/support.js';
import { billingAgreementBody, fixture, type BillingAgreementFact } from './envelopes.js';
import { amazonAt, ingestionFor, withIngestion } from './ingestion-support.js';

const test = suite('IPN ingestion (below the signature)');

const fact = (n: number, overrides: Partial<BillingAgreementFact> = {}): BillingAgreementFact => ({
  notificationReferenceId: `ref-${n}`,
  billingAgreementId: BA,
  state: 'Open',
  lastUpdateTimestamp: amazonAt(n),
  ...overrides,
});

function statusOf(result: ReceiveResult): string {
  if (result.kind === 'refused') return `refused: ${result.reason}`;
  return result.entry.status;
}

test('a status notification is stored, applied and settled: Suspended, then PaymentMethodUpdated reopens', () =>
  withIngestion(async ({ t, ingestion, inbox }) => {
    await openAgreement(t.engine, START);
    assert.is(statusOf(await ingestion.receive(billingAgreementBody(fact(1, { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' })))), 'applied');
    assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Suspended');
    assert.is(statusOf(await ingestion.receive(billingAgreementBody(fact(2, { eventType: 'PaymentMethodUpdated' })))), 'applied');
    const agreement = await t.engine.billingAgreement(BA);
    assert.is(agreement?.status.state, 'Open');
    assert.is(agreement?.amazonWatermark, amazonAt(2));
    const events = (await allEvents(t.engine.deps.store)).filter((e) => e.metadata.source === 'ipn');
    assert.equal(events.map((e) => e.type), ['BillingAgreementSuspended', 'PaymentMethodChanged', 'BillingAgreementReopened']);
    assert.equal([events[0]?.metadata.commandId, events[0]?.metadata.actor, events[0]?.metadata.correlationId], ['ipn:ref-1', 'amazon-ipn', 'ref-1']);
    assert.equal((await inbox.list()).map((e) => e.detail), ['RecordBillingAgreementStatus: BillingAgreementSuspended', 'RecordPaymentMethodUpdate: PaymentMethodChanged, BillingAgreementReopened']);
  }));

test('AddressUpdated and AddressAndPaymentMethodUpdated record the changes Amazon reports', () =>
  withIngestion(async ({ t, ingestion }) => {
    await openAgreement(t.engine, START);
    const destination = '<Destination><DestinationType>Physical</DestinationType><PhysicalDestination><City>Tokyo</City><CountryCode>JP</CountryCode></PhysicalDestination></Destination>';
    const body = (n: number, eventType: string) => billingAgreementBody(fact(n, { eventType }), destination);
    assert.is(statusOf(await ingestion.receive(body(1, 'AddressUpdated'))), 'applied');
    assert.equal((await t.engine.billingAgreement(BA))?.address, { city: 'Tokyo', countryCode: 'JP' });
    const both = await ingestion.receive(body(2, 'AddressAndPaymentMethodUpdated'));
    assert.is(both.kind === 'stored' && both.entry.detail, 'RecordAddressUpdate: AddressChanged, PaymentMethodChanged');
    const unknown = await ingestion.receive(body(3, 'SomethingNew'));
    assert.equal([statusOf(unknown), unknown.kind === 'stored' && unknown.entry.detail], ['ignored', "BillingAgreementNotification with EventType 'SomethingNew' is not acted on"]);
  }));

test('a stale notification is kept, listed as unchanged, and rolls nothing back', () =>
  withIngestion(async ({ t, ingestion }) => {
    await openAgreement(t.engine, START);
    await ingestion.receive(billingAgreementBody(fact(5, { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' })));
    const stale = await ingestion.receive(billingAgreementBody(fact(4, { state: 'Open' })));
    assert.is(statusOf(stale), 'unchanged');
    assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Suspended');
  }));

test('a notification about an unknown agreement is unmatched, and applied when it arrives again once the agreement exists', () =>
  withIngestion(async ({ t, ingestion, inbox }) => {
    const body = billingAgreementBody(fact(1, { state: 'Closed', reasonCode: 'BuyerClosed' }));
    const first = await ingestion.receive(body);
    assert.equal([statusOf(first), first.kind === 'stored' && first.entry.detail], ['unmatched', `InvalidBillingAgreementId: billing agreement '${BA}' does not exist`]);
    await openAgreement(t.engine, START);
    const again = await ingestion.receive(body);
    assert.equal([statusOf(again), again.kind === 'stored' && again.duplicate], ['applied', true]);
    assert.is((await t.engine.billingAgreement(BA))?.status.reasonCode, 'BuyerClosed');
    assert.is((await inbox.list()).length, 1);
    const third = await ingestion.receive(body);
    assert.equal([statusOf(third), third.kind === 'stored' && third.duplicate], ['applied', true]);
  }));

test('test notifications, subscription messages and unknown types are kept as ignored, never dropped', () =>
  withIngestion(async ({ ingestion, inbox }) => {
    assert.is(statusOf(await ingestion.receive(fixture('order-reference-2'))), 'ignored');
    const subscription = JSON.stringify({ Type: 'SubscriptionConfirmation', MessageId: 'sub-1', TopicArn: 't', Message: 'confirm', Timestamp: amazonAt(0), SignatureVersion: '1', Signature: 'AA==', SigningCertURL: 'https://sns.us-east-1.amazonaws.com/a.pem', SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription', Token: 't' });
    assert.is(statusOf(await ingestion.receive(subscription)), 'ignored');
    const chargeback = billingAgreementBody(fact(9)).replace('BillingAgreementNotification\\",', 'ChargebackDetailedNotification\\",');
    assert.is(statusOf(await ingestion.receive(chargeback)), 'ignored');
    assert.equal((await inbox.list()).map((e) => [e.key, e.snsType, e.status]), [
      ['1111111-1111-11111-1111-11111EXAMPLE', 'Notification', 'ignored'],
      ['sns:sub-1', 'SubscriptionConfirmation', 'ignored'],
      ['ref-9', 'Notification', 'ignored'],
    ]);
  }));

test('order reference and payment notifications become the order facts; an id naming no order is unmatched', () =>
  withIngestion(async ({ ingestion }) => {
    for (const name of ['order-reference', 'payment-authorize', 'payment-capture', 'payment-refund'] as const) {
      const result = await ingestion.receive(fixture(name));
      assert.is(statusOf(result), 'unmatched', name);
      assert.match(result.kind === 'stored' ? (result.entry.detail ?? '') : '', /InvalidOrderReferenceId: order reference 'S01-(3736839-1925560|0414412-1503685)'/);
    }
    const odd = fixture('payment-refund').replace('S01-0414412-1503685-R092574', 'R-0000');
    const result = await ingestion.receive(odd.replace('02bb8cfa', '02bb8cfb').replace('d450114d', 'd450114e'));
    assert.match(result.kind === 'stored' ? (result.entry.detail ?? '') : '', /refund id 'R-0000' names no order reference/);
  }));

test('what cannot be decoded is refused and nothing is stored', () =>
  withIngestion(async ({ ingestion, inbox }) => {
    assert.is(statusOf(await ingestion.receive('not json')), 'refused: the body is not JSON');
    assert.is((await inbox.list()).length, 0);
  }));

test('a crash between storing and applying leaves the notification pending; the next start applies it once', () =>
  withIngestion(async ({ t, inbox }) => {
    await openAgreement(t.engine, START);
    const crashing = { execute: () => Promise.reject(new Error('simulated crash')) };
    const received = await ingestionFor(crashing, inbox, t.clock).receive(billingAgreementBody(fact(1, { state: 'Closed', reasonCode: 'AmazonClosed' })));
    assert.equal([statusOf(received), received.kind === 'stored' && received.failure], ['pending', 'simulated crash']);
    assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Open');
    const restarted = await t.reopen();
    const resumed = await ingestionFor(restarted, inbox, t.clock).resume();
    assert.equal(resumed.settled.map((e) => [e.key, e.status]), [['ref-1', 'applied']]);
    assert.is((await restarted.billingAgreement(BA))?.status.state, 'Closed');
    assert.equal(await ingestionFor(restarted, inbox, t.clock).resume(), { settled: [], failed: [] }, 'nothing left pending');
  }));

test('a crash after applying but before settling applies nothing twice at the next start', () =>
  withIngestion(async ({ t, inbox }) => {
    await openAgreement(t.engine, START);
    const forgetful = { ...inbox, list: inbox.list.bind(inbox), add: inbox.add.bind(inbox), settle: () => Promise.reject(new Error('crash before settling')) };
    await ingestionFor(t.engine, forgetful, t.clock).receive(billingAgreementBody(fact(1, { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' })));
    const before = await allEvents(t.engine.deps.store);
    const resumed = await ingestionFor(t.engine, inbox, t.clock).resume();
    assert.equal(resumed.settled.map((e) => [e.status, e.detail]), [['applied', 'RecordBillingAgreementStatus: BillingAgreementSuspended']]);
    assert.is((await allEvents(t.engine.deps.store)).length, before.length);
  }));

test('an entry that fails again at the start stays pending, is reported, and does not hold up the others', () =>
  withIngestion(async ({ t, inbox }) => {
    await openAgreement(t.engine, START);
    const crashing = { execute: () => Promise.reject(new Error('simulated crash')) };
    for (const n of [1, 2]) await ingestionFor(crashing, inbox, t.clock).receive(billingAgreementBody(fact(n, { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' })));
    let calls = 0;
    const execute = ((...args: Parameters<BillingEngine['execute']>) => (++calls === 1 ? Promise.reject(new Error('still broken')) : t.engine.execute(...args))) as BillingEngine['execute'];
    const failingOnce = { execute };
    const resumed = await ingestionFor(failingOnce, inbox, t.clock).resume();
    assert.equal(resumed.failed, [{ key: 'ref-1', reason: 'still broken' }]);
    assert.equal(resumed.settled.map((e) => e.key), ['ref-2']);
    assert.equal((await inbox.list({ statuses: ['pending'] })).map((e) => e.key), ['ref-1']);
  }));

test.run();
