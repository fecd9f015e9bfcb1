/**
 * The running service a command talks to (`mws-sign`, `agreements …`): its URL and credentials
 * from the same sources as `serve` (flags, then the environment, then the config file, then the
 * defaults), so a service started with `PORT=9090` is found by a command run with `PORT=9090`.
 * A service that cannot be reached is an error naming the URL and what to do, never a stack.
 */
import type { Command } from 'commander';
import { existingSandboxCredentials } from '../../config/sandbox-credentials.js';
import { fromEnvironment, readConfigFile, resolveServiceConfig, type ServiceConfig } from '../../config/service-config.js';
import { ConfigurationError } from '../../config/store-url.js';
import type { Credential } from '../../mws/credentials.js';
import { CliError, EXIT } from '../program.js';

export interface TargetFlags {
  readonly url?: string;
  readonly config?: string;
  readonly dataDir?: string;
  readonly apiKey?: string;
}

export interface ServiceTarget {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly config: ServiceConfig;
}

export const MWS_SANDBOX_PATH = '/OffAmazonPayments_Sandbox/2013-01-01';

/** The options every command that talks to the service has. */
export function targetOptions(command: Command): Command {
  return command
    .option('--url <url>', "the service's URL (env BILLING_URL; default from --config/HOST/PORT as `serve` reads them, http://127.0.0.1:8080)")
    .option('--config <file>', "the service's JSON config file (env BILLING_CONFIG): its host, port and dataDir")
    .option('--data-dir <dir>', "the service's data directory with the sandbox credentials (env BILLING_DATA_DIR, default ./data)");
}

/** Runs `work`; a ConfigurationError it throws becomes a usage error (exit 2) saying so. */
export function configured<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(`configuration: ${error.message}`, EXIT.usage);
    throw error;
  }
}

/** Where the service listens, as `serve` would with the same flags, environment and file. */
export function serviceTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): ServiceTarget {
  const file = flags.config ?? env['BILLING_CONFIG'];
  const config = configured(() => resolveServiceConfig(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }, fromEnvironment(env), file === undefined ? {} : readConfigFile(file)));
  const given = flags.url ?? env['BILLING_URL'];
  if (given !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(given);
    } catch {
      throw new CliError(`--url '${given}' is not a URL: use e.g. http://127.0.0.1:8080`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError(`--url '${given}': use http:// or https://`);
    return { url: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`, config };
  }
  if (config.port === 0) throw new CliError("the service's port is configured as 0 (any free one): give its URL with --url, as its banner prints it");
  const host = ['0.0.0.0', '::', '[::]'].includes(config.host) ? '127.0.0.1' : config.host;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`, config };
}

/** The MWS credential to sign with: MWS_* variables or the config file's first, else the data directory's sandbox pair. */
export function signingCredential(target: ServiceTarget): Credential {
  const credential = target.config.credentials[0] ?? configured(() => existingSandboxCredentials(target.config.dataDir))?.credential;
  if (credential === undefined) {
    throw new CliError(`no MWS credential: start the service once (it generates ${target.config.dataDir}/sandbox-credentials.json), give --data-dir, or set MWS_ACCESS_KEY_ID, MWS_SECRET_KEY and MWS_SELLER_ID`);
  }
  return credential;
}

/** The JSON API key: --api-key, BILLING_API_KEY, else the data directory's sandbox key. */
export function apiKeyFor(target: ServiceTarget, flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): string {
  const key = flags.apiKey ?? env['BILLING_API_KEY'] ?? configured(() => existingSandboxCredentials(target.config.dataDir))?.apiKey;
  if (key === undefined) {
    throw new CliError(`no API key: start the service once (it generates ${target.config.dataDir}/sandbox-credentials.json), give --data-dir, or pass --api-key / BILLING_API_KEY (billing-engine keys create --seller <SellerId>)`);
  }
  return key;
}

/** Runs `work` against the service; a refused or failed connection becomes an error saying so. */
export async function reaching<T>(url: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof TypeError) || error.message !== 'fetch failed') throw error;
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? 'no answer';
    throw new CliError(`cannot reach the service at ${url} (${why}): start it with \`npm start\` (billing-engine serve), or name where it runs with --url or PORT`, EXIT.failure);
  }
}
