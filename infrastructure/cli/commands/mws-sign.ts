/**
 * `billing-engine mws-sign <Action> [Name=Value …] [--send]`: signs one MWS request with the
 * sandbox credential (or MWS_ACCESS_KEY_ID / MWS_SECRET_KEY / MWS_SELLER_ID) for the endpoint of
 * the configured service, and prints its form-encoded body for curl, or sends it and prints
 * Amazon's XML answer.
 */
import type { Command } from 'commander';
import { MwsClient } from '../../mws/client.js';
import { CliError, EXIT } from '../program.js';
import { toJson } from '../support/output.js';
import { MWS_SANDBOX_PATH, reaching, serviceTarget, signingCredential, targetOptions, type TargetFlags } from '../support/service-target.js';

interface SignFlags extends TargetFlags {
  readonly endpoint?: string;
  readonly send?: boolean;
  readonly json?: boolean;
}

function parameters(pairs: readonly string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError(`'${pair}' is not Name=Value`);
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return params;
}

export function registerMwsSignCommand(program: Command): void {
  targetOptions(
    program
      .command('mws-sign')
      .description('sign an MWS request (Signature Version 2) for the configured service and print its body for curl, or --send it')
      .argument('<action>', 'the operation, e.g. GetBillingAgreementDetails')
      .argument('[parameters...]', 'Name=Value pairs, e.g. AmazonBillingAgreementId=C03-1234567-1234567'),
  )
    .option('--endpoint <url>', `the full MWS endpoint to sign for (env MWS_ENDPOINT; default the service's URL + ${MWS_SANDBOX_PATH})`)
    .option('--send', 'post it and print the XML answer (exit code 1 on an ErrorResponse)')
    .option('--json', 'print {endpoint, body} (or with --send {status, ok, code?, message?, result?, requestId}) as JSON')
    .action(async (action: string, pairs: string[], flags: SignFlags) => {
      const target = serviceTarget(flags);
      const endpoint = flags.endpoint ?? process.env['MWS_ENDPOINT'] ?? `${target.url}${MWS_SANDBOX_PATH}`;
      const client = new MwsClient({ endpoint, credential: signingCredential(target) });
      const params = parameters(pairs);
      if (!flags.send) {
        const body = client.signedBody(action, params);
        process.stdout.write(flags.json === true ? toJson({ endpoint, body }) : `${body}\n`);
        return;
      }
      const answer = await reaching(endpoint, () => client.call(action, params));
      const { body: xml, ...summary } = answer;
      process.stdout.write(flags.json === true ? toJson({ ...summary, xml }) : `HTTP ${answer.status}\n${xml}\n`);
      if (answer.ok) return;
      process.exitCode = EXIT.failure;
      if (answer.code === 'SignatureDoesNotMatch') {
        process.stderr.write(`billing-engine: signed for ${endpoint} with access key ${client.accessKeyId}: if the service listens elsewhere, give --url (or --endpoint); if it runs with another data directory, --data-dir\n`);
      }
    });
}
