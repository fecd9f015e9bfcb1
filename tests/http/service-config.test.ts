import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sandboxCredentials } from '../../infrastructure/config/sandbox-credentials.js';
import { fromEnvironment, readConfigFile, resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { ConfigurationError } from '../../infrastructure/config/store-url.js';

const test = suite('service configuration');

const scratch = () => mkdtempSync(join(tmpdir(), 'config-'));

function refused(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    assert.instance(error, ConfigurationError);
    assert.match((error as Error).message, pattern);
    return;
  }
  assert.unreachable(`expected a ConfigurationError matching ${pattern}`);
}

test('the defaults are 127.0.0.1:8080, the SQLite file in ./data, no throttling', () => {
  const config = resolveServiceConfig();
  assert.equal(
    { host: config.host, port: config.port, store: config.store, dataDir: config.dataDir, throttle: config.throttle, credentials: config.credentials },
    { host: '127.0.0.1', port: 8080, store: 'sqlite:./data/billing.db', dataDir: './data', throttle: 'off', credentials: [] },
  );
});

test('flags win over the environment, and the environment over the file', () => {
  const dir = scratch();
  try {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ host: '0.0.0.0', port: 9000, store: 'memory:', dataDir: '/srv/billing' }));
    const env = fromEnvironment({ PORT: '9100', BILLING_STORE: 'sqlite:/tmp/x.db', MWS_THROTTLE: 'amazon' });
    const config = resolveServiceConfig({ port: '9200' }, env, readConfigFile(file));
    assert.equal([config.host, config.port, config.store, config.dataDir, config.throttle], ['0.0.0.0', 9200, 'sqlite:/tmp/x.db', '/srv/billing', 'amazon']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('MWS_ACCESS_KEY_ID, MWS_SECRET_KEY and MWS_SELLER_ID add a credential, all three or none', () => {
  const env = { MWS_ACCESS_KEY_ID: 'AKIATEST', MWS_SECRET_KEY: 's3cret', MWS_SELLER_ID: 'A1SELLER' };
  assert.equal(resolveServiceConfig(fromEnvironment(env)).credentials, [{ accessKeyId: 'AKIATEST', secretKey: 's3cret', sellerId: 'A1SELLER' }]);
  refused(() => fromEnvironment({ MWS_ACCESS_KEY_ID: 'AKIATEST' }), /must be set together/);
});

test('an unknown key, a bad port, store, throttle, log level or credential is refused by name', () => {
  const dir = scratch();
  try {
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ prot: 8080 }));
    refused(() => readConfigFile(file), /unknown key 'prot'/);
    writeFileSync(file, '{ not json');
    refused(() => readConfigFile(file), /cannot be read as JSON/);
    refused(() => readConfigFile(join(dir, 'missing.json')), /missing\.json/);
    refused(() => resolveServiceConfig({ port: '80a' }), /port must be an integer from 0 to 65535, not '80a'/);
    refused(() => resolveServiceConfig({ port: 70000 }), /port/);
    refused(() => resolveServiceConfig({ store: 'postgres://x' }), /store 'postgres:\/\/x' is not understood/);
    refused(() => resolveServiceConfig({ throttle: 'aws' }), /MWS_THROTTLE/);
    refused(() => resolveServiceConfig({ logLevel: 'loud' }), /logLevel/);
    refused(() => resolveServiceConfig({ credentials: [{ accessKeyId: 'A' }] }), /credentials\[0\]\.secretKey/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the sandbox credential is generated once, kept readable by its owner only, and read back after', () => {
  const dir = scratch();
  try {
    const first = sandboxCredentials(join(dir, 'data'));
    assert.ok(first.created);
    assert.match(first.credential.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
    const second = sandboxCredentials(join(dir, 'data'));
    assert.equal([second.created, second.credential], [false, first.credential]);
    assert.is(generatedAnother(join(dir, 'other')), false);
    writeFileSync(first.file, 'garbage');
    refused(() => sandboxCredentials(join(dir, 'data')), /cannot be read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the MWS pair of an older data directory (mws-credentials.json) is kept, given an API key, and the old file removed', () => {
  const dir = scratch();
  try {
    const data = join(dir, 'data');
    mkdirSync(data);
    const old = { accessKeyId: 'AKIAOLDOLDOLDOLDOLD0', secretKey: 'old-secret', sellerId: 'AOLDSELLER' };
    writeFileSync(join(data, 'mws-credentials.json'), JSON.stringify({ sandbox: old }), { mode: 0o600 });
    const taken = sandboxCredentials(data);
    assert.equal(taken.credential, old);
    assert.match(taken.apiKey, /^bek_[0-9a-f]{12}_[0-9a-f]{64}$/);
    assert.is(statSync(taken.file).mode & 0o777, 0o600);
    assert.not.ok(existsSync(join(data, 'mws-credentials.json')));
    assert.equal(sandboxCredentials(data).apiKey, taken.apiKey, 'read back after');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('processes starting at the same moment on new data directories all get the one credential, none a half-written file', async () => {
  const dir = scratch();
  try {
    // Twenty new data directories, each asked for by every child in turn: twenty collisions.
    const dirs = Array.from({ length: 20 }, (_, n) => join(dir, `data-${n}`));
    const go = join(dir, 'go');
    const module = pathToFileURL(join(process.cwd(), 'infrastructure/config/sandbox-credentials.ts')).href;
    // Each child waits for the same signal, then asks for the credentials: their first starts collide.
    const child = [
      `import { existsSync } from 'node:fs';`,
      `import { sandboxCredentials } from ${JSON.stringify(module)};`,
      `console.log('ready');`,
      `const pause = new Int32Array(new SharedArrayBuffer(4));`,
      `while (!existsSync(${JSON.stringify(go)})) Atomics.wait(pause, 0, 0, 1);`,
      `try { for (const dir of ${JSON.stringify(dirs)}) console.log(sandboxCredentials(dir).credential.secretKey); }`,
      `catch (error) { console.error(error.message); process.exit(2); }`,
    ].join('\n');
    const script = join(dir, 'child.mjs');
    writeFileSync(script, child);
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const runs = children.map(outputOf);
    await Promise.all(children.map((one) => new Promise((resolve) => one.stdout?.once('data', resolve))));
    writeFileSync(go, '');
    const outcomes = await Promise.all(runs);
    for (const outcome of outcomes) assert.is(outcome.code, 0, outcome.stderr);
    const seen = outcomes.map((outcome) => outcome.stdout.split('\n').slice(1, -1));
    const kept = dirs.map((data) => sandboxCredentials(data).credential.secretKey);
    for (const secrets of seen) assert.equal(secrets, kept, 'one credential per directory, the same for all');
    for (const data of dirs) assert.equal(readdirSync(data), ['sandbox-credentials.json'], 'no draft left beside it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function outputOf(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Two data directories never share a secret. */
function generatedAnother(dir: string): boolean {
  const a = sandboxCredentials(dir).credential.secretKey;
  return a === sandboxCredentials(`${dir}-2`).credential.secretKey;
}

test.run();
