/**
 * Who gets in: every JSON API call needs a valid, unrevoked API key (401 otherwise, 429 once an
 * address failed too often, on the JSON API and MWS alike); /health stays open; the service
 * refuses to listen beyond loopback until an operator has created a key. Each refusal is logged
 * with its reason and never with the secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiKeyRegistry } from '../../application/access/api-keys.js';
import { newApiKey } from '../../infrastructure/auth/api-key-tokens.js';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { ConfigurationError, parseStoreLocation } from '../../infrastructure/config/store-url.js';
import { startService } from '../../infrastructure/http/service.js';
import { MwsClient } from '../../infrastructure/mws/client.js';
import { expectError, memoryLog, withService } from '../http/support.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';

const test = suite('authentication of the JSON API and MWS');

const ROUTES: readonly [method: 'GET' | 'POST', path: string, body?: unknown][] = [
  ['POST', '/v1/billing-agreements', { marketplace: 'JP', buyer: { name: 'Hanako Yamada', email: 'hanako@example.jp' }, requiresShipping: false }],
  ['GET', '/v1/billing-agreements/C03-0000007-0000001'],
  ['GET', '/v1/billing-agreements/C03-0000007-0000001/prorations'],
  ['POST', '/v1/billing-agreements/C03-0000007-0000001/consent', {}],
  ['POST', '/v1/billing-agreements/C03-0000007-0000001/payment-method', { descriptor: 'Visa ****1111' }],
  ['POST', '/v1/billing-agreements/C03-0000007-0000001/resume', {}],
  ['GET', '/v1/spending?month=2026-11'],
];

test('without a valid key every JSON route is 401 with WWW-Authenticate and changes nothing; /health is open', () =>
  withService(async (t) => {
    const { token: unknownKey } = newApiKey('AUNKNOWN', '', 'operator', '2026-11-10T00:00:00.000Z');
    const sandbox = t.service.sandbox.apiKey;
    const wrongSecret = `${sandbox.slice(0, -64)}${'0'.repeat(64)}`;
    const before = await t.eventCount();
    for (const [method, path, body] of ROUTES) {
      for (const [name, header] of [['none', null], ['not bearer', `Basic ${sandbox}`], ['not a key', 'Bearer hunter2'], ['unknown key', `Bearer ${unknownKey}`], ['wrong secret', `Bearer ${wrongSecret}`]] as const) {
        const response = await fetch(`${t.url}${path}`, {
          method,
          headers: { ...(header === null ? {} : { authorization: header }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        assert.is(response.status, 401, `${method} ${path} with ${name}`);
        assert.is(response.headers.get('www-authenticate'), 'Bearer realm="billing-engine"');
        assert.is(((await response.json()) as { error: string }).error, 'Unauthorized');
      }
    }
    assert.is(await t.eventCount(), before, 'nothing was recorded');
    assert.is((await fetch(`${t.url}/health`)).status, 200, '/health needs no key');
    const [, createPath, createBody] = ROUTES[0] ?? [];
    assert.is((await t.json('POST', createPath ?? '', createBody)).status, 201, 'the sandbox key gets in (the refusals above could fail)');
  }, { failedAuth: { maxFailures: 1_000 } }));

test('after 3 failed authentications an address is refused (429, Retry-After) even with a valid key, on the JSON API and MWS, until the window passes', async () => {
  let now = 1_000_000;
  const log = memoryLog();
  await withService(
    async (t) => {
      for (let i = 0; i < 3; i++) assert.is((await t.json('GET', '/v1/spending?month=2026-11', undefined, 'bek_000000000000_' + '1'.repeat(64))).status, 401);
      const locked = await fetch(`${t.url}/v1/spending?month=2026-11`, { headers: { authorization: `Bearer ${t.service.sandbox.apiKey}` } });
      assert.is(locked.status, 429);
      assert.is(locked.headers.get('retry-after'), '60');
      assert.is(((await locked.json()) as { error: string }).error, 'TooManyFailedAuthentications');
      expectError(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-0000007-0000001' }), 'RequestThrottled', 503);
      now += 60_001;
      assert.is((await t.json('GET', '/v1/spending?month=2026-11')).status, 200, 'let in again once the failures are a minute old');
      // Wrong MWS signatures count as failures too.
      const forged = t.clientFor('/OffAmazonPayments_Sandbox/2013-01-01', { credential: { ...t.service.sandbox.credential, secretKey: 'guessed' } });
      for (let i = 0; i < 3; i++) expectError(await forged.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-0000007-0000001' }), 'SignatureDoesNotMatch', 403);
      assert.is((await t.json('GET', '/v1/spending?month=2026-11')).status, 429);
      const refusals = log.lines().filter((line) => line['msg'] === 'authentication refused' || line['msg'] === 'MWS request refused');
      assert.ok(refusals.length >= 8, `every refused call is logged (${refusals.length})`);
      for (const line of refusals) assert.type((line['auth'] as { refused?: unknown }).refused, 'string', 'with its reason');
      assert.ok(refusals.some((line) => (line['auth'] as { keyId?: string }).keyId === '000000000000'), 'naming the key id tried');
      assert.not.ok(log.text().includes('1'.repeat(64)), 'never the secret tried');
    },
    { failedAuth: { maxFailures: 3, windowMs: 60_000, now: () => now }, log: { stream: log.stream, level: 'info' } },
  );
});

test('a key acts at once when created, and a revoked one is refused within a second, whichever process of the store made the change', () =>
  withService(
    async (t) => {
      // Another process on the same file: its own registry, as `billing-engine keys` opens.
      const other = await openStore(parseStoreLocation(t.store));
      try {
        const registry = new ApiKeyRegistry(other.store);
        const { token, record } = newApiKey(t.service.sandbox.credential.sellerId, 'ci', 'operator', '2026-11-10T00:00:05.000Z');
        await registry.create(record);
        assert.is((await t.json('GET', '/v1/spending?month=2026-11', undefined, token)).status, 200, 'a new key works at once');
        await registry.revoke(record.keyId, '2026-11-10T00:00:01.000Z');
        const revokedAt = Date.now();
        let status = 200;
        while (status === 200 && Date.now() - revokedAt < 3_000) {
          status = (await t.json('GET', '/v1/spending?month=2026-11', undefined, token)).status;
          if (status === 200) await new Promise((r) => setTimeout(r, 50));
        }
        assert.is(status, 401, 'the revoked key is refused');
        assert.ok(Date.now() - revokedAt <= 1_500, `within a second or so (${Date.now() - revokedAt} ms)`);
        assert.is((await t.json('GET', '/v1/spending?month=2026-11')).status, 200, 'other keys go on working');
        assert.equal(registry.list().map((k) => [k.label, k.revokedAt !== undefined]), [['sandbox', false], ['ci', true]]);
      } finally {
        await other.store.close();
      }
    },
    { store: 'sqlite', failedAuth: { maxFailures: 1_000 } },
  ));

test('serve refuses a non-loopback address until an operator key exists; the sandbox key alone is not enough', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'expose-'));
  try {
    const store = `sqlite:${join(dir, 'billing.db')}`;
    const config = resolveServiceConfig({ host: '0.0.0.0', port: 0, store, dataDir: join(dir, 'data'), logLevel: 'silent' });
    const refusal = await startService(config, { log: false, plugins: [] }).then(
      async (service) => (await service.close(), undefined),
      (error: unknown) => error,
    );
    assert.instance(refusal, ConfigurationError);
    assert.match((refusal as Error).message, /refusing to listen on 0\.0\.0\.0.*billing-engine keys create --seller <SellerId> --store sqlite:/);
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      const service = await startService(resolveServiceConfig({ host, port: 0, store, dataDir: join(dir, 'data'), logLevel: 'silent' }), { log: false, plugins: [] });
      await service.close();
    }
    const opened = await openStore({ kind: 'sqlite', path: join(dir, 'billing.db') });
    const registry = new ApiKeyRegistry(opened.store);
    const { token, record } = newApiKey('AOPERATOR', 'prod', 'operator', '2026-11-10T00:00:00.000Z');
    await registry.create(record);
    await opened.store.close();
    const service = await startService(config, { log: false, plugins: [] });
    try {
      const port = new URL(service.url).port;
      const answer = await fetch(`http://127.0.0.1:${port}/v1/spending?month=2026-11`, { headers: { authorization: `Bearer ${token}` } });
      assert.is(answer.status, 200, 'listening beyond loopback once an operator key exists');
      const client = new MwsClient({ endpoint: `http://127.0.0.1:${port}/OffAmazonPayments_Sandbox/2013-01-01`, credential: service.sandbox.credential });
      expectError(await client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-0000000-0000001' }), 'InvalidBillingAgreementId', 404);
    } finally {
      await service.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
