/** `billing-engine keys create | list | revoke`: a key's token shown once, listings without secrets, revocation felt by a running service. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { startService } from '../../infrastructure/http/service.js';
import { cli, cliInProcess } from './run-cli.js';

const test = suite('billing-engine keys');
const TOKEN = /bek_([0-9a-f]{12})_([0-9a-f]{64})/;

test('create prints the token once; list shows every key without its secret; revoke is for good', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const store = `sqlite:${join(dir, 'billing.db')}`;
  try {
    const created = await cliInProcess(['keys', 'create', '--seller', 'AKEYSELLER', '--label', 'billing worker', '--store', store]);
    assert.is(created.code, 0, created.stderr);
    const [token = '', keyId = '', secret = ''] = TOKEN.exec(created.stdout) ?? [];
    assert.ok(token !== '', created.stdout);
    assert.match(created.stdout, /shown this once/);
    const second = await cliInProcess(['keys', 'create', '--seller', 'AOTHER', '--json', '--store', store]);
    const json = JSON.parse(second.stdout) as Record<string, string>;
    assert.equal(Object.keys(json).sort(), ['createdAt', 'keyId', 'label', 'sellerId', 'token']);
    assert.match(json['token'] ?? '', TOKEN);

    const list = await cliInProcess(['keys', 'list', '--store', store]);
    assert.is(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${keyId}.*AKEYSELLER.*billing worker.*operator.*active`));
    assert.ok(list.stdout.includes(json['keyId'] ?? '?'));
    const listed = JSON.parse((await cliInProcess(['keys', 'list', '--seller', 'AKEYSELLER', '--json', '--store', store])).stdout) as Record<string, unknown>[];
    assert.equal(listed.map((k) => [k['keyId'], k['status']]), [[keyId, 'active']]);
    const everything = readFileSync(join(dir, 'billing.db')).toString('latin1') + list.stdout + JSON.stringify(listed);
    assert.not.ok(everything.includes(secret), 'the secret is neither stored nor listed');
    assert.not.ok(JSON.stringify(listed).includes('secretHash'), 'listings leave the hash out too');

    const revoked = await cliInProcess(['keys', 'revoke', keyId, '--store', store]);
    assert.is(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`API key ${keyId} of seller AKEYSELLER revoked at `));
    assert.is((await cliInProcess(['keys', 'revoke', keyId, '--store', store])).code, 0, 'revoking again changes nothing');
    assert.match((await cliInProcess(['keys', 'list', '--store', store])).stdout, new RegExp(`${keyId}.*revoked 20`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad arguments are refused with exit 2, an unknown key with exit 1, and nothing is written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const store = `sqlite:${join(dir, 'billing.db')}`;
  try {
    const cases: [string[], number, RegExp][] = [
      [['keys', 'create', '--store', store], 2, /required option '--seller <SellerId>'/],
      [['keys', 'create', '--seller', 'not a seller', '--store', store], 2, /--seller 'not a seller': a seller id is 1 to 32 characters of A-Z 0-9/],
      [['keys', 'create', '--seller', 'AS', '--store', 'memory:'], 2, /holds nothing between runs/],
      [['keys', 'revoke', 'zz', '--store', store], 2, /'zz' is not a key id/],
      [['keys', 'list', '--seller', 'a-b', '--store', store], 2, /--seller 'a-b'/],
    ];
    for (const [args, code, message] of cases) {
      const run = await cliInProcess(args);
      assert.is(run.code, code, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
    const unknown = await cliInProcess(['keys', 'revoke', '0123456789ab', '--store', store]);
    assert.equal([unknown.code, /no API key '0123456789ab'/.test(unknown.stderr)], [1, true], unknown.stderr);
    assert.match((await cliInProcess(['keys', 'list', '--store', store])).stdout, /no API keys: create one with `billing-engine keys create --seller <SellerId>`/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key made by the command works at once against a running service; revoked by the command in another process, it is refused within a second', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  const store = `sqlite:${join(dir, 'billing.db')}`;
  const service = await startService(resolveServiceConfig({ host: '127.0.0.1', port: 0, store, dataDir: join(dir, 'data'), logLevel: 'silent' }), { log: false, plugins: [] });
  try {
    const created = await cli(['keys', 'create', '--seller', 'ALIVESELLER', '--json', '--store', store]);
    assert.is(created.code, 0, created.stderr);
    const { token, keyId } = JSON.parse(created.stdout) as { token: string; keyId: string };
    const spending = () => fetch(`${service.url}/v1/spending?month=2026-11`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    assert.is(await spending(), 200);
    const revoked = await cli(['keys', 'revoke', keyId, '--store', store]);
    assert.is(revoked.code, 0, revoked.stderr);
    const at = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - at < 3_000) {
      status = await spending();
      if (status === 200) await new Promise((r) => setTimeout(r, 50));
    }
    assert.is(status, 401);
    assert.ok(Date.now() - at <= 1_500, `refused ${Date.now() - at} ms after the command ended`);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
