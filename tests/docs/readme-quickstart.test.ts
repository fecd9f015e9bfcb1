/**
 * The README's HTTP quickstart runs as written: the block is extracted, pointed at a real service
 * started as `npm start` starts it (in a scratch directory, on a free port), and run with bash;
 * it must take an agreement from Draft to its first charge and show it in this month's spending.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '../support/free-port.js';

const test = suite('README quickstart');
const root = resolve(import.meta.dirname, '..', '..');
const BIN = join(root, 'infrastructure', 'cli', 'bin.mjs');

/** The first ```sh block under `heading`. */
function shellBlock(heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error(`no \`\`\`sh block under "${heading}" in README.md`);
  return block;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8' }, (error, stdout, stderr) =>
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }),
    ),
  );
}

test('Draft → Open → first charge → spending, as the README says, by curl and by the agreements CLI', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'quickstart-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', FORCE_COLOR: '0' };
  delete env['BILLING_STORE'];
  const service = spawn(process.execPath, [BIN, 'serve'], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let banner = '';
  service.stderr.on('data', (chunk: Buffer) => (banner += chunk.toString()));
  try {
    const until = Date.now() + 20_000;
    while (!banner.includes('serving on') && Date.now() < until && service.exitCode === null) await new Promise((r) => setTimeout(r, 25));
    assert.ok(banner.includes(`serving on http://127.0.0.1:${port}`), banner);
    const original = shellBlock('### Quickstart');
    const script = original.replace('BE="node infrastructure/cli/bin.mjs"', `BE="node ${BIN}"`).replace('URL=http://127.0.0.1:8080', `URL=http://127.0.0.1:${port}`);
    assert.is.not(script, original);
    assert.ok(script.includes(BIN) && script.includes(`:${port}`), 'the block starts with BE=… and URL=… as the test expects');
    const run = await bash(script, cwd, env);
    assert.is(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /"consent":true/);
    assert.match(run.stdout, /<ConfirmBillingAgreementResponse/);
    assert.match(run.stdout, /<AuthorizeOnBillingAgreementResponse[\s\S]*<CapturedAmount><Amount>1980<\/Amount>/, 'the first charge is captured');
    const spending = /\{"month":"\d{4}-\d{2}","agreements":\[.*\]\}/.exec(run.stdout)?.[0] ?? '{}';
    const [row] = (JSON.parse(spending) as { agreements: Record<string, unknown>[] }).agreements;
    assert.ok(row !== undefined, run.stdout);
    assert.equal([row['charged'], row['remaining']], [{ amount: '1980', currency: 'JPY' }, { amount: '48020', currency: 'JPY' }], 'the charge is in the spending view');
    assert.match(run.stdout, /1,980/, 'and in the report table');

    const cli = shellBlock('### Driving agreements from the command line');
    const driven = await bash(cli.replace('BE="node infrastructure/cli/bin.mjs"', `BE="node ${BIN}"`), cwd, env);
    assert.is(driven.code, 0, `${driven.stdout}\n${driven.stderr}`);
    assert.match(driven.stdout, /charge first-month: S03-\d{7}-\d{7}-A000001 Closed/);
    assert.match(driven.stdout, /Open {2}paused/);
    assert.match(driven.stdout, /BillingAgreement-C03-\d{7}-\d{7}@\d+ {2}RecurringChargesResumed/);
  } finally {
    service.kill('SIGTERM');
    await new Promise((done) => service.once('exit', done));
    rmSync(cwd, { recursive: true, force: true });
  }
});

test.run();
