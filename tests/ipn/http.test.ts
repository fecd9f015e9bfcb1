import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createIpnReceiver } from '../../infrastructure/ipn/receiver.js';
import { KINDS, allEvents, withEngine } from '../engine/support.js';
import { testCertificates } from './certificates.js';
import { FIXTURES, amazonPayMessage, fixture, signedEnvelope } from './envelopes.js';
import { FIXTURE_BA, mirrorFixtureAgreement, refusals, startIpnServer, withIpnServer } from './http-support.js';

const certs = testCertificates();

for (const kind of KINDS) {
  const test = suite(`IPN over HTTP (${kind})`);

  test('the real BillingAgreementNotification closes the mirrored agreement with SellerClosed; posted again it changes nothing', () =>
    withIpnServer(kind, async (t, server, receiver) => {
      await mirrorFixtureAgreement(t.engine);
      assert.is((await server.post(fixture('billing-agreement-closed'))).status, 200);
      const agreement = await t.engine.billingAgreement(FIXTURE_BA);
      assert.equal([agreement?.status.state, agreement?.status.reasonCode, agreement?.amazonWatermark], ['Closed', 'SellerClosed', '2014-12-02T21:10:26.118Z']);
      const events = await allEvents(t.engine.deps.store);
      assert.is((await server.post(fixture('billing-agreement-closed'))).status, 200);
      assert.equal(await allEvents(t.engine.deps.store), events, 'nothing recorded the second time');
      const [entry, ...others] = await receiver.inbox.list();
      assert.equal([entry?.key, entry?.status, entry?.detail, others.length], ['e6e58141-dd8e-4544-ace9-de4af93eecc0', 'applied', 'RecordBillingAgreementStatus: BillingAgreementClosed', 0]);
      assert.is(entry?.body, fixture('billing-agreement-closed'), 'stored byte for byte');
    }));

  test.run();
}

const test = suite('IPN over HTTP: every notification kept, every bad input refused');

test('all six real notifications verify and are stored: the agreement applied, the test one ignored, the others unmatched', () =>
  withIpnServer('sqlite', async (t, server, receiver) => {
    await mirrorFixtureAgreement(t.engine);
    for (const name of FIXTURES) assert.is((await server.post(fixture(name))).status, 200, name);
    const statuses = (await receiver.inbox.list()).map((e) => [e.notificationType, e.objectId, e.status]);
    assert.equal(statuses, [
      ['BillingAgreementNotification', FIXTURE_BA, 'applied'],
      ['OrderReferenceNotification', 'S01-3736839-1925560', 'unmatched'],
      ['OrderReferenceNotification', 'P01-0000000-0000000-000000', 'ignored'],
      ['PaymentAuthorize', 'S01-0414412-1503685-A004044', 'unmatched'],
      ['PaymentCapture', 'S01-0414412-1503685-C004044', 'unmatched'],
      ['PaymentRefund', 'S01-0414412-1503685-R092574', 'unmatched'],
    ]);
  }));

test('a body that is not JSON is refused with 400 and a logged reason', () =>
  withIpnServer('sqlite', async (_t, server, receiver) => {
    assert.equal(await server.post('{"Type": "Notification",'), { status: 400, text: 'the body is not JSON' });
    assert.equal(refusals(server.logs), ['the body is not JSON']);
    assert.equal(await receiver.inbox.list(), []);
  }));

test('a bad signature, or any signed field changed, is refused with 403 and nothing is stored or applied', () =>
  withIpnServer('sqlite', async (t, server, receiver) => {
    await mirrorFixtureAgreement(t.engine);
    const events = await allEvents(t.engine.deps.store);
    const original = JSON.parse(fixture('billing-agreement-closed')) as Record<string, string>;
    const changes: Record<string, string> = {
      Signature: original['Signature']!.replace('Opao', 'Opap'),
      Message: original['Message']!.replace('SellerClosed', 'BuyerClosed'),
      MessageId: original['MessageId']!.replace('36a4', '36a5'),
      Timestamp: original['Timestamp']!.replace('30.377', '30.378'),
      TopicArn: original['TopicArn']!.replace('598607868003', '598607868004'),
      Type: 'SubscriptionConfirmation',
    };
    for (const [field, value] of Object.entries(changes)) {
      const response = await server.post(JSON.stringify({ ...original, [field]: value, ...(field === 'Type' ? { SubscribeURL: 'https://x', Token: 't' } : {}) }));
      assert.is(response.status, 403, field);
      assert.is(response.text, 'the signature does not match the signed fields', field);
    }
    assert.is(refusals(server.logs).length, Object.keys(changes).length, 'each refusal logged');
    assert.equal(await receiver.inbox.list(), []);
    assert.equal(await allEvents(t.engine.deps.store), events);
    assert.is((await t.engine.billingAgreement(FIXTURE_BA))?.status.state, 'Open');
  }));

test('a certificate URL on another host is refused with 403', () =>
  withIpnServer('sqlite', async (_t, server, receiver) => {
    const original = JSON.parse(fixture('payment-refund')) as Record<string, string>;
    const response = await server.post(JSON.stringify({ ...original, SigningCertURL: 'https://evil.example.com/SimpleNotificationService-d6d679a1d18e95c2f9ffcf11f4f9e198.pem' }));
    assert.is(response.status, 403);
    assert.match(refusals(server.logs)[0] ?? '', /not on an Amazon SNS host/);
    assert.equal(await receiver.inbox.list(), []);
  }));

test('an oversized body is refused with 413 before it is read whole', () =>
  withIpnServer('sqlite', async (_t, server, receiver) => {
    const response = await server.post(fixture('payment-refund').replace('"Type"', `"Padding": "${'x'.repeat(300 * 1024)}", "Type"`));
    assert.is(response.status, 413);
    assert.match(refusals(server.logs)[0] ?? '', /too large/i);
    assert.equal(await receiver.inbox.list(), []);
  }));

test('a signed notification whose XML declares a DOCTYPE (billion laughs) is refused with 400; nothing expands', () =>
  withIpnServer('sqlite', async (_t, server, receiver) => {
    const xml = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><BillingAgreementNotification><BillingAgreement><AmazonBillingAgreementId>&c;</AmazonBillingAgreementId></BillingAgreement></BillingAgreementNotification>';
    const body = signedEnvelope({ Message: amazonPayMessage('BillingAgreementNotification', 'lol-1', xml), MessageId: 'lol-msg', Timestamp: '2026-11-10T00:00:00.000Z' }, certs.valid);
    const response = await server.post(body);
    assert.is(response.status, 400);
    assert.match(response.text, /DOCTYPE or an entity/);
    assert.match(refusals(server.logs)[0] ?? '', /DOCTYPE/);
    assert.equal(await receiver.inbox.list(), []);
  }));

test('a certificate the directory does not have is a 503: nothing stored, Amazon retries', () =>
  withIpnServer('sqlite', async (_t, server, receiver) => {
    const original = JSON.parse(fixture('payment-refund')) as Record<string, string>;
    const response = await server.post(JSON.stringify({ ...original, SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-rotated.pem' }));
    assert.is(response.status, 503);
    assert.equal(await receiver.inbox.list(), []);
  }));

test('notifications sent as application/json are read as text too, on a configured path', () =>
  withEngine('memory', async (t) => {
    const server = await startIpnServer(createIpnReceiver({ engine: t.engine, certDir: certs.dir, maxAgeSeconds: 0 }), { path: '/amazon/ipn' });
    try {
      assert.match(server.url, /\/amazon\/ipn$/);
      assert.is((await server.post(fixture('order-reference'), 'application/json')).status, 200);
    } finally {
      await server.close();
    }
  }));

test.run();
