/** `billing-engine mws-sign` as a user runs it: the body it prints verifies, and without a credential it says how to get one. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '../support/free-port.js';
import { parseForm } from '../../infrastructure/mws/form.js';
import { verifySignature } from '../../infrastructure/mws/signature.js';

const test = suite('billing-engine mws-sign');
const BIN = resolve(import.meta.dirname, '..', '..', 'infrastructure', 'cli', 'bin.mjs');
const run = promisify(execFile);

test('it prints a form body whose Signature verifies for the endpoint, and exits 2 without a credential', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mws-sign-'));
  try {
    const endpoint = 'http://billing.example.test:8080/OffAmazonPayments_Sandbox/2013-01-01';
    const env = { ...process.env, MWS_ACCESS_KEY_ID: 'AKIASIGN', MWS_SECRET_KEY: 'sign-secret', MWS_SELLER_ID: 'ASIGN' };
    const signed = run(process.execPath, [BIN, 'mws-sign', '--endpoint', endpoint, 'GetBillingAgreementDetails', 'AmazonBillingAgreementId=C03-1234567-1234567', 'SellerNote=a * (b)'], { cwd: dir, env });
    const missing = run(process.execPath, [BIN, 'mws-sign', '--data-dir', join(dir, 'none'), 'GetBillingAgreementDetails'], { cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    const form = parseForm(Buffer.from((await signed).stdout.trim()));
    assert.ok(form.ok);
    if (!form.ok) return;
    assert.is(form.params.get('SellerNote'), 'a * (b)');
    const request = { method: 'POST', host: 'billing.example.test:8080', path: '/OffAmazonPayments_Sandbox/2013-01-01', defaultPort: 80, params: form.params };
    assert.ok(verifySignature(request, 'sign-secret', 'HmacSHA256', form.params.get('Signature') ?? ''));
    assert.not.ok(verifySignature(request, 'other-secret', 'HmacSHA256', form.params.get('Signature') ?? ''));
    const refused = await missing;
    assert.is(refused.code, 2);
    assert.match(refused.stderr, /start the service once/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without --endpoint it signs for the configured service (PORT, HOST); with nothing listening --send names the URL and the fix, no stack', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mws-sign-'));
  try {
    const port = await freePort();
    const env = { ...process.env, MWS_ACCESS_KEY_ID: 'AKIASIGN', MWS_SECRET_KEY: 'sign-secret', MWS_SELLER_ID: 'ASIGN', PORT: String(port) };
    const form = parseForm(Buffer.from((await run(process.execPath, [BIN, 'mws-sign', 'GetBillingAgreementDetails', 'AmazonBillingAgreementId=C03-1234567-1234567'], { cwd: dir, env })).stdout.trim()));
    assert.ok(form.ok);
    if (!form.ok) return;
    const request = { method: 'POST', host: `127.0.0.1:${port}`, path: '/OffAmazonPayments_Sandbox/2013-01-01', defaultPort: 80, params: form.params };
    assert.ok(verifySignature(request, 'sign-secret', 'HmacSHA256', form.params.get('Signature') ?? ''), 'signed for the port PORT names');
    const refused = await run(process.execPath, [BIN, 'mws-sign', '--send', 'GetBillingAgreementDetails', 'AmazonBillingAgreementId=C03-1234567-1234567'], { cwd: dir, env }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    assert.is(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`cannot reach the service at http://127\\.0\\.0\\.1:${port}/OffAmazonPayments_Sandbox/2013-01-01 \\(ECONNREFUSED\\): start it with \`npm start\``));
    assert.not.match(refused.stderr, /\.ts:\d+|TypeError|    at /, 'no stack trace');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
