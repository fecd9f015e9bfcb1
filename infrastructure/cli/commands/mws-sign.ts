/**
 * `billing-engine mws-sign <Action> [Name=Value …] [--send]`: signs one MWS request with the
 * sandbox credential (or MWS_ACCESS_KEY_ID / MWS_SECRET_KEY / MWS_SELLER_ID) and prints its
 * form-encoded body for curl, or sends it and prints Amazon's XML answer.
 */
import type { Command } from 'commander';
import { existingSandboxCredentials } from '../../config/sandbox-credentials.js';
import { fromEnvironment, resolveServiceConfig } from '../../config/service-config.js';
import { ConfigurationError } from '../../config/store-url.js';
import { MwsClient } from '../../mws/client.js';
import type { Credential } from '../../mws/credentials.js';
import { CliError, EXIT } from '../program.js';

const DEFAULT_ENDPOINT = 'http://127.0.0.1:8080/OffAmazonPayments_Sandbox/2013-01-01';

interface SignFlags {
  readonly endpoint?: string;
  readonly dataDir?: string;
  readonly send?: boolean;
}

function credentialFor(flags: SignFlags): Credential {
  try {
    const config = resolveServiceConfig(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }, fromEnvironment(process.env));
    const credential = config.credentials[0] ?? existingSandboxCredentials(config.dataDir)?.credential;
    if (credential === undefined) throw new CliError(`no credential: start the service once (it generates ${config.dataDir}/sandbox-credentials.json) or set MWS_ACCESS_KEY_ID, MWS_SECRET_KEY and MWS_SELLER_ID`);
    return credential;
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
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
  program
    .command('mws-sign')
    .description('sign an MWS request (Signature Version 2) and print its body for curl, or --send it')
    .argument('<action>', 'the operation, e.g. GetBillingAgreementDetails')
    .argument('[parameters...]', 'Name=Value pairs, e.g. AmazonBillingAgreementId=C03-1234567-1234567')
    .option('--endpoint <url>', `the endpoint the request is signed for (env MWS_ENDPOINT, default ${DEFAULT_ENDPOINT})`)
    .option('--data-dir <dir>', "the service's data directory with the sandbox credential (env BILLING_DATA_DIR, default ./data)")
    .option('--send', 'post it and print the XML answer (exit code 1 on an ErrorResponse)')
    .action(async (action: string, pairs: string[], flags: SignFlags) => {
      const endpoint = flags.endpoint ?? process.env['MWS_ENDPOINT'] ?? DEFAULT_ENDPOINT;
      const client = new MwsClient({ endpoint, credential: credentialFor(flags) });
      const params = parameters(pairs);
      if (!flags.send) {
        process.stdout.write(`${client.signedBody(action, params)}\n`);
        return;
      }
      const answer = await client.call(action, params);
      process.stdout.write(`HTTP ${answer.status}\n${answer.body}\n`);
      if (!answer.ok) process.exitCode = EXIT.failure;
    });
}
