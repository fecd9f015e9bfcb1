import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStoreLocation } from '../../infrastructure/config/store-url.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { openIpnInbox } from '../../infrastructure/ipn/open-inbox.js';
import { createIpnReceiver } from '../../infrastructure/ipn/receiver.js';
import { CrashingStore } from '../engine/store-wrappers.js';
import { withEngine } from '../engine/support.js';
import { testCertificates } from './certificates.js';
import { fixture } from './envelopes.js';
import { FIXTURE_BA, mirrorFixtureAgreement, startIpnServer } from './http-support.js';

const test = suite('IPN across a crash');
const certDir = testCertificates().dir;

for (const kind of ['sqlite', 'memory'] as const) {
  test(`(${kind}) a notification stored by a process that crashed before applying it is answered 200 and applied when the service starts again`, () =>
    withEngine(kind, async (t) => {
      await mirrorFixtureAgreement(t.engine);
      await t.engine.close();
      const base = kind === 'memory' ? t.engine.deps : await openStore(parseStoreLocation(t.store));
      const crashing = await t.reopen({ opened: { store: new CrashingStore(base.store, (s) => s.startsWith('BillingAgreement-')), checkpoints: base.checkpoints }, follow: false });
      const inbox = openIpnInbox(base.store);
      const server = await startIpnServer(createIpnReceiver({ engine: crashing, inbox, certDir, maxAgeSeconds: 0 }));
      assert.is((await server.post(fixture('billing-agreement-closed'))).status, 200, 'stored: acknowledged');
      assert.equal((await inbox.list()).map((e) => e.status), ['pending']);
      assert.ok(server.logs.some((line) => line['level'] === 50), 'the failure to apply is logged');
      await server.close();
      if (kind === 'sqlite') await base.store.close();

      const restarted = await t.reopen();
      assert.is((await restarted.billingAgreement(FIXTURE_BA))?.status.state, 'Open', 'not applied yet');
      const again = await startIpnServer(createIpnReceiver({ engine: restarted, certDir, maxAgeSeconds: 0 }));
      try {
        assert.is((await restarted.billingAgreement(FIXTURE_BA))?.status.reasonCode, 'SellerClosed', 'applied when the service started');
        assert.equal((await openIpnInbox(restarted.deps.store).list()).map((e) => e.status), ['applied']);
        assert.ok(again.logs.some((line) => String(line['msg']).includes('applied 1 notification(s) left pending')));
        assert.is((await again.post(fixture('billing-agreement-closed'))).status, 200);
      } finally {
        await again.close();
      }
    }));
}

test.run();
