/**
 * Local test notifications: `billing-engine ipn trigger` signs with the sandbox signer the service
 * made in its data directory; the service trusts that signer only in sandbox IPN mode, only at its
 * pinned URL, and Amazon's certificates keep every rule.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { startService, type RunningService } from '../../infrastructure/http/service.js';
import { sandboxNotification } from '../../infrastructure/ipn/sandbox-notification.js';
import { SANDBOX_SIGNER_DIR, sandboxSigner } from '../../infrastructure/ipn/sandbox-signer.js';
import { ipnServicePluginFrom } from '../../infrastructure/ipn/service-plugin.js';
import { DirectoryCertificateStore } from '../../infrastructure/ipn/sns/certificate-store.js';
import { SANDBOX_SIGNING_CERT_URL } from '../../infrastructure/ipn/sns/certificate-url.js';
import { parseEnvelope } from '../../infrastructure/ipn/sns/envelope.js';
import { SnsVerifier } from '../../infrastructure/ipn/sns/verifier.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { cliInProcess } from '../cli/run-cli.js';
import { FIXTURE_DIR } from './envelopes.js';
import { FIXTURE_CERTIFICATE } from './certificates.js';

const test = suite('billing-engine ipn trigger and the sandbox signer');

async function withService(env: Record<string, string>, body: (service: RunningService, run: (...args: string[]) => ReturnType<typeof cliInProcess>, dataDir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ipn-trigger-'));
  const dataDir = join(dir, 'data');
  const config = resolveServiceConfig({ host: '127.0.0.1', port: 0, store: `sqlite:${join(dir, 'billing.db')}`, dataDir, logLevel: 'silent' });
  const service = await startService(config, { log: false, plugins: [ipnServicePluginFrom(env)] });
  const target = ['--url', service.url, '--data-dir', dirname(service.sandbox.file)];
  try {
    await body(service, (...args) => cliInProcess([...args, ...target]), dataDir);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function openAgreement(run: (...args: string[]) => ReturnType<typeof cliInProcess>): Promise<string> {
  const id = (JSON.parse((await run('agreements', 'create', '--json')).stdout) as { agreement: { amazonBillingAgreementId: string } }).agreement.amazonBillingAgreementId;
  await run('agreements', 'consent', id);
  await run('agreements', 'select-payment', id);
  assert.match((await run('agreements', 'confirm', id)).stdout, /  Open /);
  return id;
}

test('on loopback the service trusts its sandbox signer: a triggered suspension suspends the agreement, and the inbox records it', () =>
  withService({}, async (service, run) => {
    const id = await openAgreement(run);
    const triggered = await run('ipn', 'trigger', 'BillingAgreementNotification', id, '--state', 'Suspended', '--reason', 'InvalidPaymentMethod');
    assert.is(triggered.code, 0, triggered.stderr);
    assert.match(triggered.stdout, new RegExp(`^BillingAgreementNotification ${id} Suspended \\(InvalidPaymentMethod\\): delivered to ${service.url}/ipn, stored`));
    const agreement = await service.engine.billingAgreement(id);
    assert.equal([agreement?.status.state, agreement?.status.reasonCode], ['Suspended', 'InvalidPaymentMethod']);
    const unknown = await run('ipn', 'trigger', 'PaymentCapture', 'S03-0000000-0000000-C000001', '--state', 'Completed', '--amount', '100', '--currency', 'JPY', '--json');
    assert.is(unknown.code, 0, unknown.stderr);
    assert.is((JSON.parse(unknown.stdout) as { status: number }).status, 200, 'kept, though it matches nothing');
    const bad = await run('ipn', 'trigger', 'BillingAgreementNotification', id, '--state', 'Gone');
    assert.equal([bad.code, bad.stderr.trim()], [2, "billing-engine: 'Gone' is not a state of BillingAgreementNotification: use one of Draft, Open, Suspended, Canceled, Closed"]);
    assert.is((await run('ipn', 'trigger', 'Nonsense', id, '--state', 'Open')).code, 2);
  }));

test('with IPN_SANDBOX=off the same notification is refused (403) and changes nothing; without a signer the command says how to get one', () =>
  withService({ IPN_SANDBOX: 'off' }, async (service, run, dataDir) => {
    assert.not.ok(existsSync(join(dataDir, SANDBOX_SIGNER_DIR)), 'no signer is made when sandbox IPNs are off');
    const none = await run('ipn', 'trigger', 'BillingAgreementNotification', 'C03-0000000-0000001', '--state', 'Suspended');
    assert.equal([none.code, /no sandbox IPN signer in .*IPN_SANDBOX=on/.test(none.stderr)], [2, true], none.stderr);
    sandboxSigner(dataDir);
    const id = await openAgreement(run);
    const refused = await run('ipn', 'trigger', 'BillingAgreementNotification', id, '--state', 'Suspended', '--reason', 'InvalidPaymentMethod');
    assert.is(refused.code, 1);
    assert.match(refused.stdout, /answered 403: SigningCertURL '.*' is the local sandbox signer's, trusted only with sandbox IPNs on/);
    assert.match(refused.stderr, /does not trust the sandbox signer/);
    assert.is((await service.engine.billingAgreement(id))?.status.state, 'Open');
  }));

test("the sandbox key proves nothing under Amazon's certificate URL, and another key nothing under the sandbox URL", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-signer-'));
  try {
    const key = sandboxSigner(join(dir, 'a'));
    const intruder = sandboxSigner(join(dir, 'b'));
    const clock = new ManualClock('2026-11-10T00:00:00.000Z');
    const verifier = new SnsVerifier({ certificates: new DirectoryCertificateStore(FIXTURE_DIR), clock, maxAgeSeconds: 0, sandbox: key.certificate });
    const notice = { notificationType: 'BillingAgreementNotification', objectId: 'C03-0000000-0000001', state: 'Closed', sellerId: 'ASELLER', at: '2015-01-01T00:00:00.000Z' }; // within the Amazon fixture certificate's validity
    const envelope = (body: string) => {
      const parsed = parseEnvelope(body);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.envelope;
    };
    const genuine = envelope(sandboxNotification(notice, key).body);
    assert.equal(await verifier.verify(genuine), { ok: true });
    assert.is(genuine.SigningCertURL, SANDBOX_SIGNING_CERT_URL);
    const asAmazon = { ...genuine, SigningCertURL: `https://sns.us-east-1.amazonaws.com/${FIXTURE_CERTIFICATE}` };
    assert.equal(await verifier.verify(asAmazon), { ok: false, status: 403, reason: 'the signature does not match the signed fields' });
    const forged = envelope(sandboxNotification(notice, intruder).body);
    assert.equal(await verifier.verify(forged), { ok: false, status: 403, reason: 'the signature does not match the signed fields' });
    assert.equal(sandboxSigner(join(dir, 'a')).certificate.fingerprint256, key.certificate.fingerprint256, 'made once, then read back');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
