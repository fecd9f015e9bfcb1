import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readMwsResponse } from '../../infrastructure/mws/client.js';
import { canonicalQuery, rfc3986, sign, stringToSign } from '../../infrastructure/mws/signature.js';
import { SANDBOX_PATH, expectError, expectOk, openAgreement, rawRequest, withService } from './support.js';

const test = suite('MWS Signature Version 2');

const VECTOR: Record<string, string> = {
  AWSAccessKeyId: 'AKIAEXAMPLE',
  Action: 'AuthorizeOnBillingAgreement',
  AmazonBillingAgreementId: 'C01-1234567-1234567',
  'AuthorizationAmount.Amount': '10.00',
  'AuthorizationAmount.CurrencyCode': 'JPY',
  AuthorizationReferenceId: 'auth-0001',
  CaptureNow: 'true',
  SellerAuthorizationNote: 'Sub Nov',
  SellerId: 'A1SELLER',
  SignatureMethod: 'HmacSHA256',
  SignatureVersion: '2',
  Timestamp: '2020-01-01T00:00:00Z',
  TransactionTimeout: '0',
  Version: '2013-01-01',
};
const VECTOR_CREDENTIAL = { accessKeyId: 'AKIAEXAMPLE', secretKey: 'SECRETKEY', sellerId: 'A1SELLER' };
const vectorSignature = (params: Record<string, string>) =>
  sign('SECRETKEY', 'HmacSHA256', stringToSign('POST', 'mws.amazonservices.com', SANDBOX_PATH, canonicalQuery(new Map(Object.entries(params)))));
const form = (params: Record<string, string>) => Object.entries(params).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');

test('the §1.1 test vectors sign to the documented signatures', () => {
  assert.is(vectorSignature(VECTOR), 'rbUCCB6FB43M80/UPBQcuw4rgQmMk2qq7sN/bZQ/1ds=');
  assert.is(vectorSignature({ ...VECTOR, SellerAuthorizationNote: 'Sub * (Nov)' }), 'cKuVsev/njIifZ9hjSsiJQAR5zXhDe8Dv73QiEMz8Jc=');
});

test('the endpoint accepts both §1.1 vectors as sent to mws.amazonservices.com (the agreement is then unknown: 404)', () =>
  withService(
    async (t) => {
      t.clock.set('2020-01-01T00:00:00.000Z');
      for (const [note, signature] of [['Sub Nov', 'rbUCCB6FB43M80/UPBQcuw4rgQmMk2qq7sN/bZQ/1ds='], ['Sub * (Nov)', 'cKuVsev/njIifZ9hjSsiJQAR5zXhDe8Dv73QiEMz8Jc=']] as const) {
        const body = form({ ...VECTOR, SellerAuthorizationNote: note, Signature: signature });
        const response = await rawRequest(`${t.url}${SANDBOX_PATH}`, { headers: { host: 'mws.amazonservices.com', 'content-type': 'application/x-www-form-urlencoded' }, body });
        assert.is(response.contentType, 'text/xml');
        expectError(readMwsResponse(response.status, response.body), 'InvalidBillingAgreementId', 404);
      }
      const tampered = form({ ...VECTOR, 'AuthorizationAmount.Amount': '11.00', Signature: 'rbUCCB6FB43M80/UPBQcuw4rgQmMk2qq7sN/bZQ/1ds=' });
      const refused = await rawRequest(`${t.url}${SANDBOX_PATH}`, { headers: { host: 'mws.amazonservices.com', 'content-type': 'application/x-www-form-urlencoded' }, body: tampered });
      expectError(readMwsResponse(refused.status, refused.body), 'SignatureDoesNotMatch', 403);
    },
    { credentials: [VECTOR_CREDENTIAL] },
  ));

test('a client that signs the host without its port, or with lower-case hex escapes, or with HmacSHA1, is accepted', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const { credential } = t.service.sandbox;
    const params = new Map(Object.entries({ AWSAccessKeyId: credential.accessKeyId, Action: 'GetBillingAgreementDetails', AmazonBillingAgreementId: id, SellerId: credential.sellerId, SignatureMethod: 'HmacSHA256', SignatureVersion: '2', Timestamp: t.clock.now(), Version: '2013-01-01', SellerNote: 'a*b (c)' }));
    const variants = [
      stringToSign('POST', '127.0.0.1', SANDBOX_PATH, canonicalQuery(params)),
      stringToSign('POST', new URL(t.url).host, SANDBOX_PATH, canonicalQuery(params, 'lower')),
    ];
    for (const text of variants) {
      const body = form({ ...Object.fromEntries(params), Signature: sign(credential.secretKey, 'HmacSHA256', text) });
      const response = await fetch(`${t.url}${SANDBOX_PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      expectOk(readMwsResponse(response.status, await response.text()));
    }
    expectOk(await t.clientFor(SANDBOX_PATH, { signatureMethod: 'HmacSHA1' }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
    expectOk(await t.clientFor(SANDBOX_PATH, { mwsAuthToken: 'amzn.mws.4ea38b7b-f563-7709-4bae-87aea1a2b3c4' }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
  }));

test('the same parameters as a GET query string are accepted', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const params = t.client.signedParameters('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }, 'GET');
    const query = [...params].map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join('&');
    const response = await fetch(`${t.url}${SANDBOX_PATH}?${query}`);
    expectOk(readMwsResponse(response.status, await response.text()));
  }));

test('a wrong secret is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId, both 403', () =>
  withService(async (t) => {
    const { credential } = t.service.sandbox;
    expectError(await t.clientFor(SANDBOX_PATH, { credential: { ...credential, secretKey: 'not-the-secret' } }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-1-1' }), 'SignatureDoesNotMatch', 403);
    expectError(await t.clientFor(SANDBOX_PATH, { credential: { ...credential, accessKeyId: 'AKIANOBODY' } }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-1-1' }), 'InvalidAccessKeyId', 403);
  }));

test('a Timestamp more than 15 minutes away is InvalidParameterValue; the clients’ variants of the format are accepted', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const at = (timestamp: string) => t.clientFor(SANDBOX_PATH, { now: () => timestamp }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id });
    expectError(await at('2026-11-10T00:15:01.000Z'), 'InvalidParameterValue', 400);
    expectError(await at('2026-11-09T23:44:59Z'), 'InvalidParameterValue', 400);
    expectError(await at('yesterday'), 'InvalidParameterValue', 400);
    for (const timestamp of ['2026-11-10T00:14:00.000Z', '2026-11-10T00:00:00Z', '2026-11-09T23:50:00z', '2026-11-10T09:00:00+09:00']) expectOk(await at(timestamp));
  }));

test('a SellerId the key does not act for, a SignatureVersion other than 2 and a malformed MWSAuthToken are refused', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const { credential } = t.service.sandbox;
    expectError(await t.clientFor(SANDBOX_PATH, { credential: { ...credential, sellerId: 'AOTHERSELLER' } }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), 'InvalidParameterValue', 400);
    expectError(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id, SignatureVersion: '1' }), 'InvalidParameterValue', 400);
    expectError(await t.clientFor(SANDBOX_PATH, { mwsAuthToken: 'token' }).call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), 'InvalidParameterValue', 400);
  }));

test.run();
