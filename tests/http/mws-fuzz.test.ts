/**
 * Random and malformed requests at the MWS endpoint: every answer is a well-formed ErrorResponse
 * with a 4xx status, and the event store is unchanged. Signed requests are mutated so that each
 * is certainly malformed (a required parameter missing, a value of the wrong kind or too long),
 * and reach the DTO validation past the signature check.
 */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rfc3986 } from '../../infrastructure/mws/signature.js';
import { propertyOptions } from '../support/properties.js';
import { SANDBOX_PATH, openAgreement, startTestService, type TestService } from './support.js';

const test = suite('MWS endpoint under random and malformed input');

const REQUIRED = ['AmazonBillingAgreementId', 'AuthorizationReferenceId', 'AuthorizationAmount.Amount', 'AuthorizationAmount.CurrencyCode'] as const;
const WRONG_VALUES: Readonly<Record<string, fc.Arbitrary<string>>> = {
  'AuthorizationAmount.Amount': fc.constantFrom('abc', '-1', '0', '1.5', '1e9', '', ' 10', '99999999999999999999999', '10.000001'),
  'AuthorizationAmount.CurrencyCode': fc.constantFrom('jpy', 'YEN', '', 'J'),
  AuthorizationReferenceId: fc.constantFrom('', 'has space', 'x'.repeat(33), 'ümlaut', 'a/b'),
  CaptureNow: fc.constantFrom('yes', '1', 'TRUE', ''),
  TransactionTimeout: fc.constantFrom('-1', '1441', '1.5', 'abc', ''),
  SoftDescriptor: fc.string({ minLength: 17, maxLength: 40 }),
  SellerAuthorizationNote: fc.string({ minLength: 256, maxLength: 600 }),
  SellerNote: fc.string({ minLength: 1025, maxLength: 1500 }),
};

type Mutation = { readonly kind: 'drop'; readonly name: string } | { readonly kind: 'set'; readonly name: string; readonly value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...REQUIRED).map((name) => ({ kind: 'drop' as const, name })),
  fc.constantFrom(...Object.keys(WRONG_VALUES)).chain((name) => (WRONG_VALUES[name] as fc.Arbitrary<string>).map((value) => ({ kind: 'set' as const, name, value }))),
);

/** A plausible AuthorizeOnBillingAgreement with one certain defect, signed after the defect. */
function signedMalformed(t: TestService, agreementId: string): fc.Arbitrary<string> {
  const base = fc.record({
    AuthorizationReferenceId: fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/),
    'AuthorizationAmount.Amount': fc.integer({ min: 1, max: 60_000 }).map(String),
    SellerAuthorizationNote: fc.string({ maxLength: 40 }),
  });
  return fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([params, mutations]) => {
    const all: Record<string, string> = { AmazonBillingAgreementId: agreementId, 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0', ...params };
    for (const m of mutations) {
      if (m.kind === 'drop') delete all[m.name];
      else all[m.name] = m.value;
    }
    return t.client.signedBody('AuthorizeOnBillingAgreement', all);
  });
}

/** Raw defects in an otherwise signed body: invalid UTF-8, broken escapes, a parameter twice. */
function brokenBytes(t: TestService, agreementId: string): fc.Arbitrary<Uint8Array> {
  const body = t.client.signedBody('GetBillingAgreementDetails', { AmazonBillingAgreementId: agreementId });
  return fc.oneof(
    fc.constantFrom('%FF', '%C3%28', '%ED%A0%80', '%E2%82', '%G1', '%', '%00').map((bad) => Buffer.from(`${body}&SellerNote=a${bad}b`)),
    fc.constantFrom('AmazonBillingAgreementId', 'Signature', 'Action').map((name) => Buffer.from(`${body}&${name}=${rfc3986(agreementId)}`)),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((bytes) => Buffer.concat([Buffer.from(`${body}&SellerNote=`), Buffer.from([0xff]), bytes])),
  );
}

const randomPairs: fc.Arbitrary<Uint8Array> = fc
  .dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 30 }), { maxKeys: 8 })
  .map((pairs) => Buffer.from(Object.entries(pairs).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&')));

async function post(t: TestService, body: string | Uint8Array): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${t.url}${SANDBOX_PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

function assertErrorResponse(answer: { status: number; type: string | null; text: string }): string {
  assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}: ${answer.text}`);
  assert.is(answer.type, 'text/xml');
  assert.is(XMLValidator.validate(answer.text), true, answer.text);
  assert.match(answer.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="[^"]+"><Error><Type>Sender<\/Type><Code>[A-Za-z]+<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>$/);
  return /<Code>(\w+)<\/Code><Message>([^<]*)</.exec(answer.text)?.slice(1).join(': ') ?? '';
}

test('random, broken and mutated requests all get a well-formed 4xx ErrorResponse and record nothing', async () => {
  const t = await startTestService();
  try {
    const agreementId = await openAgreement(t);
    const before = await t.eventCount();
    const body = fc.oneof(
      { weight: 3, arbitrary: signedMalformed(t, agreementId) },
      { weight: 2, arbitrary: brokenBytes(t, agreementId) },
      { weight: 1, arbitrary: randomPairs },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    );
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        seen.add(assertErrorResponse(await post(t, b)));
      }),
      propertyOptions(),
    );
    assert.is(await t.eventCount(), before);
    // The mutated requests got past the signature into the operation's own validation.
    const answers = [...seen].join('\n');
    assert.match(answers, /MissingParameter: The request must contain the parameter Authorization/);
    assert.match(answers, /InvalidParameterValue: (AuthorizationAmount|TransactionTimeout|CaptureNow|SoftDescriptor|SellerNote)/);
    assert.match(answers, /InvalidParameterValue: The request could not be read/);
  } finally {
    await t.cleanup();
  }
});

test('a body over the size limit, an unexpected content type and an empty GET are ErrorResponses too', async () => {
  const t = await startTestService();
  try {
    assertErrorResponse(await post(t, `SellerNote=${'x'.repeat(70 * 1024)}`));
    const json = await fetch(`${t.url}${SANDBOX_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Action":"GetBillingAgreementDetails"}' });
    assertErrorResponse({ status: json.status, type: json.headers.get('content-type'), text: await json.text() });
    const empty = await fetch(`${t.url}${SANDBOX_PATH}`);
    assertErrorResponse({ status: empty.status, type: empty.headers.get('content-type'), text: await empty.text() });
  } finally {
    await t.cleanup();
  }
});

test.run();
