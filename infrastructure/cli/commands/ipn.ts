/**
 * `billing-engine ipn list [--unmatched] [--status <s>] [--json]`,
 * `billing-engine ipn replay <file|dir> [--cert-dir <dir>]` and `billing-engine ipn retry`:
 * the IPN inbox for operators.
 */
import type { Command } from 'commander';
import { INBOX_STATUSES, type InboxStatus } from '../../../application/ports/ipn-inbox.js';
import { CliError, EXIT, type GlobalOptions } from '../program.js';
import { listInbox } from './ipn-list.js';
import { replayNotifications, retryInbox } from './ipn-replay.js';

export interface CliOutput {
  write(text: string): void;
}

const stdout: CliOutput = { write: (text) => void process.stdout.write(text) };

function statusesOf(options: { readonly unmatched?: boolean; readonly status?: string }): readonly InboxStatus[] | undefined {
  if (options.status !== undefined) {
    const status = options.status as InboxStatus;
    if (!INBOX_STATUSES.includes(status)) throw new CliError(`--status '${options.status}': use one of ${INBOX_STATUSES.join(', ')}`);
    return [status];
  }
  // What changed nothing because it matched nothing: unknown objects, and what is kept but not acted on.
  return options.unmatched ? ['unmatched', 'ignored'] : undefined;
}

export function registerIpnCommands(program: Command, out: CliOutput = stdout): void {
  const ipn = program.command('ipn').description("Amazon's instant payment notifications: the inbox, and re-ingesting archives");
  ipn
    .command('list')
    .description('list stored notifications in arrival order')
    .option('--unmatched', 'only those that changed nothing: about unknown objects (unmatched) or not acted on (ignored)')
    .option('--status <status>', `only this status: ${INBOX_STATUSES.join(', ')}`)
    .option('--json', 'JSON instead of a table')
    .action(async (options: { unmatched?: boolean; status?: string; json?: boolean }, command: Command) => {
      const { store } = command.optsWithGlobals<GlobalOptions>();
      await listInbox(store, statusesOf(options), options.json === true, out);
    });
  ipn
    .command('replay')
    .description('re-ingest archived notifications (one per .json file, as received): signatures verified, no freshness window, idempotent')
    .argument('<path>', 'a notification file, or a directory of them (searched recursively)')
    .option('--cert-dir <dir>', 'directory of SNS signing certificates (env IPN_CERT_DIR); without it they are fetched over HTTPS', process.env['IPN_CERT_DIR'])
    .action(async (path: string, options: { certDir?: string }, command: Command) => {
      const { store } = command.optsWithGlobals<GlobalOptions>();
      const refused = await replayNotifications(store, path, options.certDir, out);
      if (refused > 0) process.exitCode = EXIT.failure;
    });
  ipn
    .command('retry')
    .description('apply again the stored notifications that were unmatched (their objects may exist by now) or left pending')
    .action(async (_options: unknown, command: Command) => {
      await retryInbox(command.optsWithGlobals<GlobalOptions>().store, out);
    });
}
