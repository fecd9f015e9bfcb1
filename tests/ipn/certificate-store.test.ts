import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '../../infrastructure/config/store-url.js';
import { DEFAULT_IPN_MAX_AGE_SECONDS, certificateStoreFor, ipnConfigFromEnv } from '../../infrastructure/ipn/config.js';
import { CertificateUnavailableError, DirectoryCertificateStore, HttpsCertificateStore } from '../../infrastructure/ipn/sns/certificate-store.js';
import { FIXTURE_DIR } from './envelopes.js';

const test = suite('certificate stores and IPN settings');

const PEM_NAME = 'SimpleNotificationService-d6d679a1d18e95c2f9ffcf11f4f9e198.pem';
const PEM = readFileSync(join(FIXTURE_DIR, PEM_NAME), 'utf8');
const URL_OF_PEM = new URL(`https://sns.us-east-1.amazonaws.com/${PEM_NAME}`);

/** A stand-in for fetch: no test ever reaches the network. */
function fakeFetch(answers: (() => Response)[]) {
  const calls: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    calls.push(String(input));
    const answer = answers.shift();
    if (answer === undefined) throw new Error('network unreachable');
    return answer();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

test('the HTTPS store fetches a certificate once and serves it from its cache afterwards', async () => {
  const { fetch, calls } = fakeFetch([() => new Response(PEM)]);
  const store = new HttpsCertificateStore({ fetch });
  assert.is(await store.get(URL_OF_PEM), PEM);
  assert.is(await store.get(URL_OF_PEM), PEM);
  assert.equal(calls, [URL_OF_PEM.href]);
});

test('a failed download is not cached, and an HTTP error or an oversized answer is unavailable', async () => {
  const { fetch, calls } = fakeFetch([() => new Response('nope', { status: 404 }), () => new Response(PEM)]);
  const store = new HttpsCertificateStore({ fetch });
  await store.get(URL_OF_PEM).then(
    () => assert.unreachable('a 404 is no certificate'),
    (error: unknown) => assert.ok(error instanceof CertificateUnavailableError && /HTTP 404/.test(error.message)),
  );
  assert.is(await store.get(URL_OF_PEM), PEM, 'tried again');
  assert.is(calls.length, 2);
  const huge = new HttpsCertificateStore({ fetch: fakeFetch([() => new Response('x'.repeat(100))]).fetch, maxBytes: 50 });
  await huge.get(URL_OF_PEM).then(
    () => assert.unreachable('too large'),
    (error: unknown) => assert.ok(error instanceof CertificateUnavailableError),
  );
});

test('the directory store reads the file named like the URL and says which file is missing', async () => {
  const store = new DirectoryCertificateStore(FIXTURE_DIR);
  assert.is(await store.get(URL_OF_PEM, PEM_NAME), PEM);
  await store.get(URL_OF_PEM, 'SimpleNotificationService-other.pem').then(
    () => assert.unreachable('no such file'),
    (error: unknown) => assert.match((error as Error).message, /SimpleNotificationService-other\.pem.*IPN_CERT_DIR/),
  );
});

test('IPN_CERT_DIR selects the directory store, IPN_MAX_AGE_SECONDS the window (0 = off, default 15 days), IPN_PATH the path', () => {
  assert.equal(ipnConfigFromEnv({}), { maxAgeSeconds: DEFAULT_IPN_MAX_AGE_SECONDS, path: '/ipn' });
  assert.is(DEFAULT_IPN_MAX_AGE_SECONDS, 1_296_000);
  assert.equal(ipnConfigFromEnv({ IPN_CERT_DIR: '/etc/sns', IPN_MAX_AGE_SECONDS: '0', IPN_PATH: '/amazon/ipn' }), { certDir: '/etc/sns', maxAgeSeconds: 0, path: '/amazon/ipn' });
  assert.throws(() => ipnConfigFromEnv({ IPN_PATH: 'ipn' }), (e: unknown) => e instanceof ConfigurationError);
  assert.throws(() => ipnConfigFromEnv({ IPN_MAX_AGE_SECONDS: '-5' }), (e: unknown) => e instanceof ConfigurationError);
  assert.throws(() => ipnConfigFromEnv({ IPN_MAX_AGE_SECONDS: '1h' }), (e: unknown) => e instanceof ConfigurationError);
  assert.ok(certificateStoreFor({ certDir: '/etc/sns' }) instanceof DirectoryCertificateStore);
  assert.ok(certificateStoreFor({}) instanceof HttpsCertificateStore);
});

test.run();
