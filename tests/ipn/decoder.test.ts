import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecodeResult, DecodedNotification } from '../../application/ipn/notification.js';
import { normalizeInstant } from '../../infrastructure/ipn/instant.js';
import { AmazonNotificationDecoder } from '../../infrastructure/ipn/notification/decoder.js';
import { parseXml } from '../../infrastructure/ipn/notification/xml.js';
import { amazonPayMessage, billingAgreementXml, fixture } from './envelopes.js';

const test = suite('decoding notifications');
const decoder = new AmazonNotificationDecoder();

function decoded(result: DecodeResult): DecodedNotification {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.notification;
}

/** An envelope around an Amazon Pay message (the decoder does not verify: that came before). */
const body = (message: string, more: Record<string, string> = {}) =>
  JSON.stringify({ Type: 'Notification', MessageId: 'm-1', TopicArn: 't', Message: message, Timestamp: '2014-12-02T21:10:30.377Z', SignatureVersion: '1', Signature: 'AA==', SigningCertURL: 'https://sns.us-east-1.amazonaws.com/a.pem', ...more });

const baMessage = (data: string, more: Record<string, unknown> = {}) => amazonPayMessage('BillingAgreementNotification', 'n-1', data, { EventType: 'BillingAgreementStatusUpdated', ...more });
const baFact = { billingAgreementId: 'C01-1132127-4529483', state: 'Closed', reasonCode: 'SellerClosed', lastUpdateTimestamp: '2014-12-02T21:10:26.118Z' };

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<BillingAgreementNotification><BillingAgreement><AmazonBillingAgreementId>&lol9;</AmazonBillingAgreementId></BillingAgreement></BillingAgreementNotification>`;

test('the real billing agreement notification decodes with its status, limits and Amazon timestamp', () => {
  const n = decoded(decoder.decode(fixture('billing-agreement-closed')));
  assert.is(n.notificationReferenceId, 'e6e58141-dd8e-4544-ace9-de4af93eecc0');
  assert.is(n.snsTimestamp, '2014-12-02T21:10:30.377Z');
  assert.equal(n.content, {
    kind: 'BillingAgreement',
    billingAgreementId: 'C01-1132127-4529483',
    status: { state: 'Closed', lastUpdateTimestamp: '2014-12-02T21:10:26.118Z', reasonCode: 'SellerClosed' },
    limits: {
      amountLimitPerTimePeriod: { amount: 500_00, currency: 'USD' },
      currentRemainingBalance: { amount: 437_42, currency: 'USD' },
      timePeriodStartDate: '2014-12-01T00:00:00.000Z',
      timePeriodEndDate: '2015-01-01T00:00:00.000Z',
    },
    consent: true,
    eventType: 'BillingAgreementStatusUpdated',
  });
});

test('order reference, authorization, capture and refund notifications decode with their amounts', () => {
  const order = decoded(decoder.decode(fixture('order-reference'))).content;
  assert.equal(order, { kind: 'OrderReference', orderReferenceId: 'S01-3736839-1925560', status: { state: 'Closed', lastUpdateTimestamp: '2014-12-02T19:30:00.905Z', reasonCode: 'SellerClosed' }, orderTotal: { amount: 79_30, currency: 'USD' } });
  const auth = decoded(decoder.decode(fixture('payment-authorize'))).content;
  assert.equal(auth.kind === 'Authorization' && [auth.authorizationId, auth.status.state, auth.authorizationAmount], ['S01-0414412-1503685-A004044', 'Open', { amount: 133_60, currency: 'USD' }]);
  const capture = decoded(decoder.decode(fixture('payment-capture'))).content;
  assert.equal(capture.kind === 'Capture' && [capture.captureId, capture.status.state, capture.captureAmount], ['S01-0414412-1503685-C004044', 'Completed', { amount: 133_60, currency: 'USD' }]);
  const refund = decoded(decoder.decode(fixture('payment-refund'))).content;
  assert.equal(refund.kind === 'Refund' && [refund.refundId, refund.status.lastUpdateTimestamp, refund.refundAmount], ['S01-0414412-1503685-R092574', '2014-12-02T21:03:19.050Z', { amount: 10_00, currency: 'USD' }]);
});

test('a Seller Central test notification is marked IsSample', () => {
  assert.is(decoded(decoder.decode(fixture('order-reference-2'))).isSample, true);
  assert.is(decoded(decoder.decode(fixture('order-reference'))).isSample, false);
});

test('unknown notification types, unknown states and subscription messages decode as Unsupported, to be kept', () => {
  const chargeback = decoded(decoder.decode(body(amazonPayMessage('ChargebackDetailedNotification', 'n-2', '<ChargebackNotification/>'))));
  assert.equal(chargeback.content, { kind: 'Unsupported', reason: "NotificationType 'ChargebackDetailedNotification' is not acted on" });
  const odd = decoded(decoder.decode(body(baMessage(billingAgreementXml({ ...baFact, state: 'Frozen' })))));
  assert.equal(odd.content, { kind: 'Unsupported', reason: "BillingAgreementStatus has the unknown State 'Frozen'", objectId: 'C01-1132127-4529483' });
  const subscription = decoded(decoder.decode(body('You have chosen to subscribe', { Type: 'SubscriptionConfirmation', SubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription', Token: 'tok' })));
  assert.equal([subscription.snsType, subscription.content.kind, subscription.notificationReferenceId], ['SubscriptionConfirmation', 'Unsupported', undefined]);
  const plain = decoded(decoder.decode(body('plain text, not Amazon Pay')));
  assert.is(plain.content.kind, 'Unsupported');
});

test('XML with a DOCTYPE is refused before parsing: the billion laughs expand nothing', () => {
  const started = performance.now();
  const result = decoder.decode(body(baMessage(BILLION_LAUGHS)));
  assert.is(result.ok, false);
  assert.match(result.ok ? '' : result.reason, /DOCTYPE or an entity/);
  assert.ok(performance.now() - started < 200, 'refused at once');
  assert.is(parseXml('<!-- --><A/><!ENTITY x "y">').ok, false);
  assert.is(parseXml('<?xml version="1.0"?><!doctype a SYSTEM "file:///etc/passwd"><a>&x;</a>').ok, false);
});

test('undeclared entities, malformed XML and several roots are refused', () => {
  for (const xml of ['<A>&xxe;</A>', '<A><B></A>', '<A/><B/>', '<__proto__/>', 'not xml at all']) {
    assert.is(parseXml(xml).ok, false, xml);
  }
});

test("XML's predefined entities and character references are decoded in text, once", () => {
  const n = decoded(decoder.decode(body(baMessage(billingAgreementXml({ ...baFact, reasonDescription: 'Fish &amp; chips &lt;3 &#x41;&#66; &amp;lt;' })))));
  assert.is(n.content.kind === 'BillingAgreement' && n.content.status.reasonDescription, 'Fish & chips <3 AB &lt;');
});

test('a body that is not JSON, or a NotificationData that is not XML, is refused', () => {
  assert.equal(decoder.decode('{"Type":'), { ok: false, reason: 'the body is not JSON' });
  assert.is(decoder.decode(body(baMessage('<BillingAgreementNotification>'))).ok, false);
});

test("Amazon's timestamps become the domain's instants: upper-case Z, milliseconds", () => {
  assert.is(normalizeInstant('2014-12-02T21:10:26.118Z'), '2014-12-02T21:10:26.118Z');
  assert.is(normalizeInstant('2014-12-02T21:10:26z'), '2014-12-02T21:10:26.000Z');
  assert.is(normalizeInstant('2014-12-02T21:10:26.1189999Z'), '2014-12-02T21:10:26.118Z');
  assert.is(normalizeInstant('2014-12-03T06:10:26.1+09:00'), '2014-12-02T21:10:26.100Z');
  for (const bad of ['2014-02-30T00:00:00Z', '2014-12-02 21:10:26Z', '2014-12-02T21:10:26', '1969-12-31T23:59:59Z', '']) assert.is(normalizeInstant(bad), undefined, bad);
});

test('a BA notification without an EventType is a status update; amounts with a foreign currency are left out', () => {
  const message = JSON.stringify({ ...JSON.parse(baMessage(billingAgreementXml(baFact).replace('USD', 'XYZ'))), EventType: undefined });
  const n = decoded(decoder.decode(body(message)));
  assert.is(n.content.kind === 'BillingAgreement' && n.content.eventType, undefined);
  assert.equal(n.content.kind === 'BillingAgreement' && n.content.limits, {});
});

test.run();
