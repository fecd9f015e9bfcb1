/**
 * Secrets never reach the log: a full scenario at the most verbose level (trace), with good and
 * bad credentials on both APIs, and the log output searched for every secret that went by: the
 * MWS secret keys, every request's signature, the API keys and their secret parts, and what
 * was guessed by a caller who failed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { newApiKey } from '../../infrastructure/auth/api-key-tokens.js';
import { MwsClient } from '../../infrastructure/mws/client.js';
import type { Credential } from '../../infrastructure/mws/credentials.js';
import { at, expectOk, memoryLog, SANDBOX_PATH, withService } from '../http/support.js';

const test = suite('secrets kept out of the log');

const SELLER_B: Credential = { accessKeyId: 'AKIALOGSELLERB000000', secretKey: 'b-secret-0a9f3e71c2d4', sellerId: 'ALOGSELLERB' };

test('at trace level the log of a full scenario holds no secret, signature or API key, and still tells what happened', async () => {
  const { stream, text } = memoryLog();
  const secrets: string[] = [SELLER_B.secretKey];
  await withService(
    async (t) => {
      secrets.push(t.service.sandbox.credential.secretKey, t.service.sandbox.apiKey, t.service.sandbox.apiKey.slice(-64));
      const { token, record } = newApiKey(SELLER_B.sellerId, 'b', 'operator', '2026-11-10T00:00:01.000Z');
      await t.service.apiKeys.create(record);
      secrets.push(token, token.slice(-64), record.secretHash);
      const endpoint = `${t.url}${SANDBOX_PATH}`;
      /** Sends a signed MWS call by hand, keeping its signature among the secrets. */
      const mws = async (credential: Credential, action: string, params: Record<string, string>, method: 'POST' | 'GET' = 'POST') => {
        const signed = new MwsClient({ endpoint, credential, now: () => t.clock.now() }).signedParameters(action, params, method);
        const body = new URLSearchParams([...signed]).toString();
        const signature = signed.get('Signature') ?? '';
        secrets.push(signature, encodeURIComponent(signature));
        const response = method === 'POST' ? await fetch(endpoint, { method, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }) : await fetch(`${endpoint}?${body}`);
        return response.text();
      };
      const created = await t.json('POST', '/v1/billing-agreements', { marketplace: 'JP', buyer: { name: 'Taro Sato', email: 'taro@example.jp' }, requiresShipping: false }, token);
      const id = created.body['amazonBillingAgreementId'] as string;
      await t.json('POST', `/v1/billing-agreements/${id}/consent`, {}, token);
      await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****4242' }, token);
      assert.match(await mws(SELLER_B, 'ConfirmBillingAgreement', { AmazonBillingAgreementId: id }), /ConfirmBillingAgreementResult/);
      assert.match(await mws(SELLER_B, 'GetBillingAgreementDetails', { AmazonBillingAgreementId: id }, 'GET'), /Open/);
      assert.match(await mws(SELLER_B, 'AuthorizeOnBillingAgreement', { AmazonBillingAgreementId: id, AuthorizationReferenceId: 'r1', 'AuthorizationAmount.Amount': '1000', 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0', CaptureNow: 'true' }), /AuthorizeOnBillingAgreementResult/);
      // What failing callers send is kept out as well: a guessed secret key, a wrong API key secret.
      const guessed = { ...SELLER_B, secretKey: 'guessed-secret-5b1e' };
      secrets.push(guessed.secretKey);
      assert.match(await mws(guessed, 'GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), /SignatureDoesNotMatch/);
      const wrong = `${token.slice(0, -64)}${'7'.repeat(64)}`;
      secrets.push(wrong, '7'.repeat(64));
      assert.is((await t.json('GET', `/v1/billing-agreements/${id}`, undefined, wrong)).status, 401);
      const sandboxAgreement = await t.json('POST', '/v1/billing-agreements', { marketplace: 'JP', buyer: { name: 'Hanako', email: 'h@example.jp' }, requiresShipping: false });
      assert.is(sandboxAgreement.status, 201);
      expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: sandboxAgreement.body['amazonBillingAgreementId'] as string }));
      const details = expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: sandboxAgreement.body['amazonBillingAgreementId'] as string }));
      assert.is(at(details, 'BillingAgreementDetails.BillingAgreementStatus.State'), 'Draft');
    },
    { credentials: [SELLER_B], log: { stream, level: 'trace' }, failedAuth: { maxFailures: 1_000 } },
  );
  const log = text();
  const lines = log.split('\n').filter((line) => line !== '');
  assert.ok(lines.length >= 12, `the scenario was logged (${lines.length} lines)`);
  for (const secret of secrets) {
    assert.ok(secret.length >= 8, 'a real secret');
    assert.not.ok(log.includes(secret), `the log holds a secret: …${secret.slice(-6)}`);
  }
  // What happened is still there: every request, the refusals with their reasons, the key id.
  assert.ok(lines.some((line) => line.includes('"msg":"authentication refused"') && line.includes('wrong secret for this API key')));
  assert.ok(lines.some((line) => line.includes('"msg":"MWS request refused"') && line.includes('SignatureDoesNotMatch')));
  assert.ok(lines.filter((line) => line.includes('"msg":"request"')).length >= 10);
});

test.run();
