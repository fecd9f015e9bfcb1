import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { SERVICE_PLUGINS } from '../../infrastructure/http/service-plugins.js';
import { startService, type ServiceOptions } from '../../infrastructure/http/service.js';
import { ipnServicePlugin, ipnServicePluginFrom } from '../../infrastructure/ipn/service-plugin.js';
import { FIXTURE_DIR, fixture } from './envelopes.js';
import { FIXTURE_BA, mirrorFixtureAgreement } from './http-support.js';

const test = suite('IPN in billing-engine serve');

async function withService(options: ServiceOptions, body: (url: string, service: Awaited<ReturnType<typeof startService>>) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ipn-service-'));
  const service = await startService(resolveServiceConfig({ host: '127.0.0.1', port: 0, store: 'memory:', dataDir, logLevel: 'silent' }), { log: false, ...options });
  try {
    await body(service.url, service);
  } finally {
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const post = (url: string, body: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body });

test('the service mounts the IPN endpoint by default', async () => {
  assert.ok(SERVICE_PLUGINS.includes(ipnServicePlugin));
  await withService({}, async (url) => {
    const response = await post(`${url}/ipn`, 'not json');
    assert.is(response.status, 400, 'the route exists and refuses a body that is not JSON');
  });
});

test('configured by IPN_CERT_DIR, IPN_MAX_AGE_SECONDS and IPN_PATH, the service closes the mirrored agreement', () =>
  withService({ plugins: [ipnServicePluginFrom({ IPN_CERT_DIR: FIXTURE_DIR, IPN_MAX_AGE_SECONDS: '0', IPN_PATH: '/amazon/ipn' })] }, async (url, service) => {
    await mirrorFixtureAgreement(service.engine);
    assert.is((await post(`${url}/amazon/ipn`, fixture('billing-agreement-closed'))).status, 200);
    assert.is((await service.engine.billingAgreement(FIXTURE_BA))?.status.reasonCode, 'SellerClosed');
    assert.is((await post(`${url}/ipn`, fixture('billing-agreement-closed'))).status, 404);
  }));

test.run();
