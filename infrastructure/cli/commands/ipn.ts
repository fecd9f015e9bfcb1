/**
 * `billing-engine ipn list [--unmatched] [--status <s>] [--json]`,
 * `billing-engine ipn replay <file|dir> [--cert-dir <dir>]`, `billing-engine ipn retry` and
 * `billing-engine ipn trigger <NotificationType> <objectId> --state …`: the IPN inbox for
 * operators, and test notifications for the local sandbox.
 */
import type { Command } from 'commander';
import { INBOX_STATUSES, type InboxStatus } from '../../../application/ports/ipn-inbox.js';
import { CliError, EXIT, type GlobalOptions } from '../program.js';
import { listInbox } from './ipn-list.js';
import { replayNotifications, retryInbox } from './ipn-replay.js';
import { triggerNotification, type TriggerFlags } from './ipn-trigger.js';
import { targetOptions } from '../support/service-target.js';
import { stdoutOutput, type CliOutput } from '../support/io.js';


function statusesOf(options: { readonly unmatched?: boolean; readonly status?: string }): readonly InboxStatus[] | undefined {
  if (options.status !== undefined) {
    const status = options.status as InboxStatus;
    if (!INBOX_STATUSES.includes(status)) throw new CliError(`--status '${options.status}': use one of ${INBOX_STATUSES.join(', ')}`);
    return [status];
  }
  // What changed nothing because it matched nothing: unknown objects, and what is kept but not acted on.
  return options.unmatched ? ['unmatched', 'ignored'] : undefined;
}

export function registerIpnCommands(program: Command, out: CliOutput = stdoutOutput): void {
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
    .option('--json', 'print each file’s outcome and the counts as JSON')
    .action(async (path: string, options: { certDir?: string; json?: boolean }, command: Command) => {
      const { store } = command.optsWithGlobals<GlobalOptions>();
      const refused = await replayNotifications(store, path, options.certDir, out, options.json === true);
      if (refused > 0) process.exitCode = EXIT.failure;
    });
  targetOptions(
    ipn
      .command('trigger')
      .description('send the running service a test notification, as Amazon would, signed by its local sandbox signer (sandbox IPN mode only)')
      .argument('<notificationType>', 'BillingAgreementNotification, OrderReferenceNotification, PaymentAuthorize, PaymentCapture or PaymentRefund')
      .argument('<objectId>', 'the agreement, order reference, authorization, capture or refund id'),
  )
    .requiredOption('--state <State>', 'the new state, e.g. Suspended, Closed, Declined, Completed')
    .option('--reason <ReasonCode>', "Amazon's reason code, e.g. InvalidPaymentMethod")
    .option('--description <text>', 'the ReasonDescription')
    .option('--amount <decimal>', 'the amount it carries (with --currency)')
    .option('--currency <CC>', 'its currency')
    .option('--seller <SellerId>', "the SellerId it names (default the service's sandbox seller)")
    .option('--json', 'print the service’s answer and the notification ids as JSON')
    .action((notificationType: string, objectId: string, flags: TriggerFlags) => triggerNotification(notificationType, objectId, flags, out));
  ipn
    .command('retry')
    .description('apply again the stored notifications that were unmatched (their objects may exist by now) or left pending')
    .option('--json', 'print what was tried again and how it ended as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await retryInbox(command.optsWithGlobals<GlobalOptions>().store, out, options.json === true);
    });
}
