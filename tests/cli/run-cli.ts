/** Runs the real `billing-engine` command as a subprocess, as a user would. */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { registerAudit } from '../../infrastructure/cli/commands/audit.js';
import { registerDemoData } from '../../infrastructure/cli/commands/demo-data.js';
import { registerKeysCommands } from '../../infrastructure/cli/commands/keys.js';
import { registerAgreementsCommands } from '../../infrastructure/cli/commands/agreements.js';
import { registerEventsCommands } from '../../infrastructure/cli/commands/events.js';
import { registerIpnCommands } from '../../infrastructure/cli/commands/ipn.js';
import { registerProjections } from '../../infrastructure/cli/commands/projections.js';
import { registerReport } from '../../infrastructure/cli/commands/report.js';
import { createProgram, runProgram } from '../../infrastructure/cli/program.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'infrastructure', 'cli', 'bin.mjs');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function cli(args: readonly string[], options: { readonly cwd?: string } = {}): Promise<CliRun> {
  return new Promise((done) => {
    const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: '0' };
    delete env['BILLING_STORE'];
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

/**
 * The same commands in this process (much faster than a subprocess, for the many variations):
 * the real program and registrations, with stdout and stderr captured.
 */
export async function cliInProcess(args: readonly string[]): Promise<CliRun> {
  const program = createProgram();
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (text: string) => void out.push(text), err: { isTTY: false, write: (text: string) => err.push(text) } };
  registerReport(program, io);
  registerAudit(program, io);
  registerProjections(program, io);
  registerDemoData(program, io);
  registerKeysCommands(program, { write: io.out });
  registerAgreementsCommands(program, { write: io.out });
  registerEventsCommands(program, { write: io.out });
  registerIpnCommands(program, { write: io.out });
  program.configureOutput({ writeOut: (text) => void out.push(text), writeErr: (text) => void err.push(text) });
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((text: string) => err.push(text) > 0) as typeof process.stderr.write;
  // A command may set process.exitCode: it is this run's, not the test process's.
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await runProgram(program, args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stderr.write = write;
    process.exitCode = exitCode;
  }
}
