/** `billing-engine serve` as a process: configuration errors exit 2, SIGTERM stops it cleanly with 0. */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MwsClient } from '../../infrastructure/mws/client.js';

const test = suite('billing-engine serve as a process');
const BIN = resolve(import.meta.dirname, '..', '..', 'infrastructure', 'cli', 'bin.mjs');

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly stdout: () => string;
  readonly exited: Promise<number | null>;
}

function serve(args: readonly string[], cwd: string, env: Record<string, string> = {}): Run {
  let output = '';
  let stdout = '';
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env: { ...process.env, ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => ((output += chunk.toString()), (stdout += chunk.toString())));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, stdout: () => stdout, exited };
}

async function listening(run: Run): Promise<string> {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    const match = /serving on (http:\/\/\S+)/.exec(run.output());
    if (match?.[1]) return match[1];
    if (run.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the service did not start:\n${run.output()}`);
}

test('SIGTERM stops a running service: the request in flight is answered, the store closed, exit code 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  try {
    const env = { MWS_ACCESS_KEY_ID: 'AKIAPROCESS', MWS_SECRET_KEY: 'process-secret', MWS_SELLER_ID: 'APROCESS' };
    const run = serve(['--port', '0', '--store', `sqlite:${join(dir, 'billing.db')}`, '--data-dir', join(dir, 'data')], dir, env);
    const url = await listening(run);
    assert.match(run.output(), /AWSAccessKeyId AKIA[A-Z0-9]{16}, SecretKey in the file/);
    const client = new MwsClient({ endpoint: `${url}/OffAmazonPayments_Sandbox/2013-01-01`, credential: { accessKeyId: 'AKIAPROCESS', secretKey: 'process-secret', sellerId: 'APROCESS' } });
    const body = client.signedBody('GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-0000000-0000001' });
    // Headers and half the body before the signal, the rest after: the request is in flight when SIGTERM arrives.
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    const answered = new Promise<string>((done) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('close', () => done(text));
    });
    socket.write(`POST /OffAmazonPayments_Sandbox/2013-01-01 HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
    socket.write(body.slice(0, 40));
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.end(body.slice(40));
    const response = await answered;
    assert.match(response, /^HTTP\/1\.1 404 /);
    assert.match(response, /<Code>InvalidBillingAgreementId<\/Code>/);
    assert.is(await run.exited, 0, run.output());
    assert.match(run.output(), /SIGTERM: stopping/);
    const file = join(dir, 'data', 'sandbox-credentials.json');
    assert.is(statSync(file).mode & 0o777, 0o600, 'the sandbox secrets are readable by their owner only');
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { sandbox: { secretKey: string }; apiKey: string };
    assert.ok(run.output().includes(file), 'the banner says where the secrets are');
    assert.not.ok(run.output().includes(saved.sandbox.secretKey), 'the banner never prints the MWS secret key');
    assert.not.ok(run.output().includes(saved.apiKey), 'the banner never prints the API key');
    assert.not.ok(run.output().includes(saved.apiKey.slice(-64)), 'nor the secret part of it');
    // One format per stream: stdout is the log, a JSON object per line; the banner went to stderr.
    const lines = run.stdout().split('\n').filter((line) => line !== '');
    assert.ok(lines.some((line) => line.includes('"msg":"request"')), run.stdout());
    for (const line of lines) assert.type(JSON.parse(line), 'object', line);
    assert.not.match(run.stdout(), /serving on|SIGTERM/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad port, an unknown config key or an unreadable store ends with exit code 2 and says which', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  try {
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ listen: 1 }));
    writeFileSync(join(dir, 'a-file'), '');
    const cases: [string[], RegExp][] = [
      [['--port', '99999'], /port must be an integer from 0 to 65535/],
      [['--config', join(dir, 'config.json')], /unknown key 'listen'/],
      [['--store', `sqlite:${join(dir, 'a-file', 'billing.db')}`], /store '.*' cannot be opened/],
      [['--host', '0.0.0.0', '--port', '0', '--store', `sqlite:${join(dir, 'fresh.db')}`], /refusing to listen on 0\.0\.0\.0, beyond this machine, while no API key was created.*keys create --seller/],
    ];
    const runs = cases.map(([args]) => serve([...args, '--data-dir', join(dir, 'data')], dir));
    for (const [index, run] of runs.entries()) {
      assert.is(await run.exited, 2, run.output());
      assert.match(run.output(), cases[index]?.[1] ?? /never/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
