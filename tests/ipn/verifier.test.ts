import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { DirectoryCertificateStore } from '../../infrastructure/ipn/sns/certificate-store.js';
import { parseEnvelope, signedFields, type SnsEnvelope } from '../../infrastructure/ipn/sns/envelope.js';
import { SnsVerifier, type Verification } from '../../infrastructure/ipn/sns/verifier.js';
import { testCertificates } from './certificates.js';
import { FIXTURE_DIR, FIXTURES, fixture, signedEnvelope } from './envelopes.js';

const test = suite('SNS signature verification');

const clock = new ManualClock('2026-11-10T00:00:00.000Z');
const fixtureVerifier = new SnsVerifier({ certificates: new DirectoryCertificateStore(FIXTURE_DIR), clock, maxAgeSeconds: 0 });
const certs = testCertificates();
const testVerifier = (maxAgeSeconds = 0) => new SnsVerifier({ certificates: new DirectoryCertificateStore(certs.dir), clock, maxAgeSeconds });

function envelopeOf(body: string): SnsEnvelope {
  const parsed = parseEnvelope(body);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.envelope;
}

const reasonOf = (v: Verification): string => (v.ok ? 'verified' : v.reason);

/** One character changed, keeping the value's shape: its last digit, or else its last letter. */
function tamper(value: string): string {
  const digit = value.search(/[0-9](?=[^0-9]*$)/);
  const index = digit >= 0 ? digit : value.search(/[a-zA-Z](?=[^a-zA-Z]*$)/);
  const c = value[index] ?? 'x';
  const changed = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : 'a';
  return value.slice(0, index) + changed + value.slice(index + 1);
}

const sample = (overrides: Partial<{ Message: string; Timestamp: string; Subject: string }> = {}) => ({
  Message: '{"NotificationReferenceId":"n-1"}',
  MessageId: 'm-1',
  Timestamp: '2026-11-09T23:59:00.000Z',
  ...overrides,
});

for (const name of FIXTURES) {
  test(`the real notification ${name}.json verifies with the SNS certificate of the fixtures`, async () => {
    assert.equal(await fixtureVerifier.verify(envelopeOf(fixture(name))), { ok: true });
  });
}

test('changing any signed field of a real notification makes its verification fail', async () => {
  const envelope = envelopeOf(fixture('billing-agreement-closed'));
  const fields = signedFields('Notification').filter((f) => envelope[f] !== undefined);
  assert.equal(fields, ['Message', 'MessageId', 'Timestamp', 'TopicArn', 'Type']);
  for (const field of fields.filter((f) => f !== 'Type')) {
    const result = await fixtureVerifier.verify({ ...envelope, [field]: tamper(envelope[field] ?? '') });
    assert.is(reasonOf(result), 'the signature does not match the signed fields', field);
  }
  // Type is signed too; a Type that is not SNS's is refused before the signature is checked.
  const body = JSON.parse(fixture('billing-agreement-closed')) as Record<string, string>;
  assert.is(parseEnvelope(JSON.stringify({ ...body, Type: 'Notificatiom' })).ok, false);
});

test('a changed Signature, SignatureVersion or certificate URL fails verification', async () => {
  const envelope = envelopeOf(fixture('payment-refund'));
  assert.is(reasonOf(await fixtureVerifier.verify({ ...envelope, Signature: tamper(envelope.Signature) })), 'the signature does not match the signed fields');
  assert.is(reasonOf(await fixtureVerifier.verify({ ...envelope, SignatureVersion: '2' })), 'the signature does not match the signed fields');
  assert.match(reasonOf(await fixtureVerifier.verify({ ...envelope, SignatureVersion: '3' })), /unsupported SignatureVersion/);
  const elsewhere = await fixtureVerifier.verify({ ...envelope, SigningCertURL: envelope.SigningCertURL.replace('sns.us-east-1.amazonaws.com', 'sns.us-east-1.amazonaws.com.evil.example') });
  assert.equal(elsewhere.ok ? 0 : elsewhere.status, 403);
  assert.match(reasonOf(elsewhere), /not on an Amazon SNS host/);
});

test('certificate URLs must be https, on an SNS host, and name a .pem file', async () => {
  const base = envelopeOf(signedEnvelope(sample(), certs.valid));
  const refused: Record<string, RegExp> = {
    'http://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem': /not https/,
    'https://sns.us-east-1.amazonaws.com.attacker.net/SimpleNotificationService-test.pem': /not on an Amazon SNS host/,
    'https://attacker.net/sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem': /not on an Amazon SNS host/,
    'https://sns.us.amazonaws.com/SimpleNotificationService-test.pem': /not on an Amazon SNS host/,
    'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.crt': /\.pem/,
    'https://sns.us-east-1.amazonaws.com/../../etc/x.pem?': /has a query|\.pem/,
    'https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-test.pem': /port/,
    'https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem': /credentials/,
  };
  for (const [url, reason] of Object.entries(refused)) assert.match(reasonOf(await testVerifier().verify({ ...base, SigningCertURL: url })), reason, url);
  const china = await testVerifier().verify({ ...base, SigningCertURL: 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-test.pem' });
  assert.ok(china.ok, 'the .cn host is allowed');
});

test('SignatureVersion 2 (RSA-SHA256) verifies, and a Subject is part of the string to sign', async () => {
  assert.ok((await testVerifier().verify(envelopeOf(signedEnvelope(sample(), certs.valid, '2')))).ok);
  const withSubject = envelopeOf(signedEnvelope(sample({ Subject: 'Hello' }), certs.valid));
  assert.ok((await testVerifier().verify(withSubject)).ok);
  assert.not.ok((await testVerifier().verify({ ...withSubject, Subject: 'Hellp' })).ok);
  const { Subject: _dropped, ...withoutSubject } = withSubject;
  assert.not.ok((await testVerifier().verify(withoutSubject)).ok);
});

test("a certificate whose subject CN is not sns.amazonaws.com is refused", async () => {
  const result = await testVerifier().verify(envelopeOf(signedEnvelope(sample(), certs.wrongName)));
  assert.match(reasonOf(result), /subject CN is 'sns\.example\.com'/);
});

test("the certificate must be valid at the notification's own Timestamp, whatever the clock says", async () => {
  const inside = await testVerifier().verify(envelopeOf(signedEnvelope(sample({ Timestamp: '2020-06-01T00:00:00.000Z' }), certs.only2020)));
  assert.ok(inside.ok, 'valid in 2020, verified in 2026');
  for (const Timestamp of ['2019-12-31T23:59:59.999Z', '2021-01-01T00:00:00.000Z']) {
    const outside = await testVerifier().verify(envelopeOf(signedEnvelope(sample({ Timestamp }), certs.only2020)));
    assert.match(reasonOf(outside), /not valid at the notification's Timestamp/, Timestamp);
  }
});

test('the freshness window refuses notifications too far from the clock, and 0 turns it off', async () => {
  const old = envelopeOf(signedEnvelope(sample({ Timestamp: '2026-11-09T22:59:59.000Z' }), certs.valid));
  assert.match(reasonOf(await testVerifier(3600).verify(old)), /3601 s old, outside the window of 3600 s/);
  const future = envelopeOf(signedEnvelope(sample({ Timestamp: '2026-11-10T01:00:01.000Z' }), certs.valid));
  assert.match(reasonOf(await testVerifier(3600).verify(future)), /in the future/);
  assert.ok((await testVerifier(3600).verify(envelopeOf(signedEnvelope(sample({ Timestamp: '2026-11-09T23:00:00.000Z' }), certs.valid)))).ok);
  assert.ok((await testVerifier(0).verify(old)).ok);
  assert.ok((await testVerifier(3600).verify(old, { checkFreshness: false })).ok, 'archives are re-verified without the window');
});

test('a certificate missing from the directory is a 503 (worth a retry), never a verification', async () => {
  const base = envelopeOf(signedEnvelope(sample(), certs.valid));
  const result = await testVerifier().verify({ ...base, SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-unknown.pem' });
  assert.equal(result.ok ? 0 : result.status, 503);
  assert.match(reasonOf(result), /not in the certificate directory/);
});

test.run();
