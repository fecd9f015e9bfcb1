/**
 * `billing-engine ipn trigger <NotificationType> <objectId> --state <State> [--reason <Code>]
 * [--amount <decimal> --currency <CC>]`: a test notification, as Amazon would send it, signed by
 * the local sandbox signer of the service's data directory and posted to the running service's
 * IPN endpoint (which trusts that signer only in sandbox IPN mode).
 */
import { ipnConfigFromEnv } from '../../ipn/config.js';
import { checkNotice, sandboxNotification } from '../../ipn/sandbox-notification.js';
import { existingSandboxSigner } from '../../ipn/sandbox-signer.js';
import { CliError, EXIT } from '../program.js';
import { toJson } from '../support/output.js';
import { configured, reaching, serviceTarget, signingCredential, type TargetFlags } from '../support/service-target.js';
import type { CliOutput } from '../support/io.js';

export interface TriggerFlags extends TargetFlags {
  readonly state: string;
  readonly reason?: string;
  readonly description?: string;
  readonly amount?: string;
  readonly currency?: string;
  readonly seller?: string;
  readonly json?: boolean;
}

export async function triggerNotification(notificationType: string, objectId: string, flags: TriggerFlags, out: CliOutput): Promise<void> {
  const check = checkNotice({ notificationType, state: flags.state });
  if (!check.ok) throw new CliError(check.message);
  if ((flags.amount === undefined) !== (flags.currency === undefined)) throw new CliError('--amount and --currency go together');
  const target = serviceTarget(flags);
  const key = configured(() => existingSandboxSigner(target.config.dataDir));
  const sellerId = flags.seller ?? signingCredential(target).sellerId;
  const url = `${target.url}${configured(() => ipnConfigFromEnv(process.env)).path}`;
  const notice = sandboxNotification(
    {
      notificationType,
      objectId,
      state: flags.state,
      sellerId,
      at: new Date().toISOString(),
      ...(flags.reason === undefined ? {} : { reasonCode: flags.reason }),
      ...(flags.description === undefined ? {} : { reasonDescription: flags.description }),
      ...(flags.amount === undefined || flags.currency === undefined ? {} : { amount: { amount: flags.amount, currency: flags.currency } }),
    },
    key,
  );
  const response = await reaching(url, () => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' }, body: notice.body }));
  const answer = await response.text();
  if (flags.json === true) out.write(toJson({ status: response.status, answer, messageId: notice.messageId, notificationReferenceId: notice.notificationReferenceId }));
  else if (response.ok) out.write(`${notificationType} ${objectId} ${flags.state}${flags.reason === undefined ? '' : ` (${flags.reason})`}: delivered to ${url}, stored (notification ${notice.notificationReferenceId}); \`billing-engine ipn list\` shows what became of it\n`);
  if (!response.ok) {
    if (flags.json !== true) out.write(`${notificationType} ${objectId}: ${url} answered ${response.status}: ${answer}\n`);
    throw new CliError(response.status === 403 && /sandbox/.test(answer) ? 'the service does not trust the sandbox signer: it runs with IPN_SANDBOX=off or off loopback' : `the notification was refused (${response.status})`, EXIT.failure);
  }
}
