/** Every command a program would call has a JSON form: `--json`, or `--format json` for the reports. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { registerAgreementsCommands } from '../../infrastructure/cli/commands/agreements.js';
import { registerAudit } from '../../infrastructure/cli/commands/audit.js';
import { registerDemoData } from '../../infrastructure/cli/commands/demo-data.js';
import { registerDemoCommand } from '../../infrastructure/cli/commands/demo.js';
import { registerEventsCommands } from '../../infrastructure/cli/commands/events.js';
import { registerIpnCommands } from '../../infrastructure/cli/commands/ipn.js';
import { registerKeysCommands } from '../../infrastructure/cli/commands/keys.js';
import { registerMwsSignCommand } from '../../infrastructure/cli/commands/mws-sign.js';
import { registerProjections } from '../../infrastructure/cli/commands/projections.js';
import { registerReport } from '../../infrastructure/cli/commands/report.js';
import { registerServeCommand } from '../../infrastructure/cli/commands/serve.js';
import { createProgram } from '../../infrastructure/cli/program.js';
import { FIXTURE_DIR } from '../ipn/envelopes.js';
import { cliInProcess } from './run-cli.js';

const test = suite('JSON output on every command');

/** A long-running service and a narrated walk-through: nothing to print as JSON. */
const NOT_FOR_PROGRAMS = new Set(['serve', 'demo']);

function leaves(command: Command, path: string[] = []): { readonly path: string; readonly flags: readonly string[] }[] {
  if (command.commands.length === 0) return [{ path: path.join(' '), flags: command.options.map((o) => o.long ?? '') }];
  return command.commands.flatMap((sub) => leaves(sub, [...path, sub.name()]));
}

test('every command but serve and demo takes --json or --format json', () => {
  const program = createProgram();
  for (const register of [registerIpnCommands, registerServeCommand, registerDemoCommand, registerMwsSignCommand, registerReport, registerProjections, registerAudit, registerDemoData, registerKeysCommands, registerAgreementsCommands, registerEventsCommands]) register(program);
  const all = leaves(program).filter((c) => !NOT_FOR_PROGRAMS.has(c.path));
  assert.ok(all.length >= 30, `${all.length} commands`);
  const without = all.filter((c) => !c.flags.includes('--json') && !c.flags.includes('--format')).map((c) => c.path);
  assert.equal(without, []);
});

test('demo-data, replay, rebuild, keys revoke and ipn replay | retry print JSON that parses and says what happened', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'json-'));
  const store = `sqlite:${join(dir, 'demo.db')}`;
  const json = async (...args: string[]) => {
    const run = await cliInProcess([...args, '--store', store]);
    assert.is(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };
  try {
    const demo = await json('demo-data', '--json');
    assert.equal([demo['agreements'], demo['months']], [8, ['2026-09', '2026-10', '2026-11']]);
    assert.equal([(await json('replay', '--json'))['events'], (await json('rebuild', '--json'))['events']], [0, demo['events']]);
    const key = JSON.parse((await cliInProcess(['keys', 'create', '--seller', 'AJSON', '--json', '--store', store])).stdout) as { keyId: string };
    const revoked = await json('keys', 'revoke', key.keyId, '--json');
    assert.equal([revoked['keyId'], revoked['status'], 'secretHash' in revoked], [key.keyId, 'revoked', false]);
    const replayed = await json('ipn', 'replay', FIXTURE_DIR, '--cert-dir', FIXTURE_DIR, '--json');
    assert.is((replayed['files'] as unknown[]).length, 6);
    assert.equal(Object.values(replayed['counts'] as Record<string, number>).reduce((a, b) => a + b, 0), 6);
    const retried = await json('ipn', 'retry', '--json');
    const unmatched = (replayed['counts'] as Record<string, number>)['unmatched'] ?? 0;
    assert.ok(unmatched >= 4, 'the real notifications are about objects the demo does not have');
    assert.is((retried['settled'] as unknown[]).length, unmatched, 'the unmatched ones are tried again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
