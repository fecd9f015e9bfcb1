/**
 * Starting and stopping the service: the sandbox credentials, the store, the API key registry,
 * the engine (with its process manager and pending settlements), the HTTP server. `close` stops
 * accepting, lets requests in flight finish, then closes the engine and its store. Secrets never
 * reach the log: the logger redacts them wherever a log object could carry them.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import pinoPretty from 'pino-pretty';
import type { FastifyInstance } from 'fastify';
import { ApiKeyRegistry } from '../../application/access/api-keys.js';
import type { BillingEngine } from '../../application/engine.js';
import type { Clock } from '../../application/ports/clock.js';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import type { PaymentProcessor } from '../../application/ports/payment-processor.js';
import { createBillingEngine } from '../composition/create-billing-engine.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.js';
import { hashSecret, parseToken } from '../auth/api-key-tokens.js';
import { FailedAuthLimiter, type FailedAuthLimiterOptions } from '../auth/failed-auth-limiter.js';
import { sandboxCredentials } from '../config/sandbox-credentials.js';
import type { ServiceConfig } from '../config/service-config.js';
import { ConfigurationError, parseProjectionLocation, parseStoreLocation, redactedUrl } from '../config/store-url.js';
import { openStore, type OpenedStore } from '../event-store/open-store.js';
import { CredentialStore, type Credential } from '../mws/credentials.js';
import { SandboxPaymentProcessor } from '../payments/sandbox-simulator.js';
import type { ReadViews } from './read-views.js';
import { createHttpServer } from './server.js';
import { SERVICE_PLUGINS, type ServicePlugin } from './service-plugins.js';
import { ipnConfigFromEnv } from '../ipn/config.js';

export interface ServiceOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly payments?: PaymentProcessor;
  /** Where the request log goes (default stdout); false: no log. */
  readonly log?: DestinationStream | false;
  /** Default: SERVICE_PLUGINS. */
  readonly plugins?: readonly ServicePlugin[];
  readonly views?: (engine: BillingEngine) => ReadViews;
  /** The lockout after failed authentications (default: 10 a minute per address). */
  readonly failedAuth?: FailedAuthLimiterOptions;
}

export interface RunningService {
  /** `http://127.0.0.1:8080`, with the port actually bound (port 0 picks a free one). */
  readonly url: string;
  readonly server: FastifyInstance;
  readonly engine: BillingEngine;
  readonly credentials: CredentialStore;
  /** The generated sandbox MWS pair and API key, and the file that keeps them. */
  readonly sandbox: { readonly credential: Credential; readonly apiKey: string; readonly file: string; readonly created: boolean };
  /** The JSON API's keys, as the store records them. */
  readonly apiKeys: ApiKeyRegistry;
  close(): Promise<void>;
}

async function open(store: string, projections: string | undefined): Promise<OpenedStore> {
  try {
    return await openStore(parseStoreLocation(store), projections === undefined ? {} : { projections: parseProjectionLocation(projections) });
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`store '${store}' cannot be opened: ${(error as Error).message}`);
  }
}

/** Where a secret could sit in a log object; each is replaced by `[redacted]`. */
export const REDACTED_PATHS = [
  'authorization', '*.authorization', 'request.headers.authorization', 'request.headers.cookie',
  'Signature', '*.Signature', 'mws.params.Signature', 'mws.params.MWSAuthToken', 'signature', '*.signature',
  'secretKey', '*.secretKey', 'credential.secretKey', 'sandbox.secretKey', 'secret', '*.secret', 'secretHash', '*.secretHash',
  'apiKey', '*.apiKey', 'token', '*.token', 'Token', '*.Token',
  'body', '*.body',
];

/**
 * The service's logger: pino JSON lines, or pino-pretty's when the format is `pretty` (or `auto`
 * on a terminal); one format per stream whichever. Redaction applies before either.
 */
export function serviceLogger(config: Pick<ServiceConfig, 'logLevel' | 'logFormat'>, destination: DestinationStream & { readonly isTTY?: boolean }): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && destination.isTTY === true);
  return pino(options, pretty ? pinoPretty({ destination, colorize: destination.isTTY === true, sync: true, ignore: 'pid,hostname' }) : destination);
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** Registers the sandbox API key (its hash) unless the registry knows it already (a revoked one stays revoked). */
async function registerSandboxKey(registry: ApiKeyRegistry, token: string, sellerId: string, at: string): Promise<void> {
  const parsed = parseToken(token);
  if (parsed === undefined) throw new ConfigurationError('the sandbox API key is not an API key (bek_…)');
  await registry.create({ keyId: parsed.keyId, sellerId, label: 'sandbox', origin: 'sandbox', secretHash: hashSecret(parsed.secret), createdAt: at });
}

/** Off loopback, the JSON API must have a key an operator created: the generated sandbox key is for local use. */
function checkExposure(config: ServiceConfig, registry: ApiKeyRegistry): void {
  if (isLoopback(config.host)) return;
  if (registry.list().some((key) => key.origin === 'operator' && key.revokedAt === undefined)) return;
  throw new ConfigurationError(
    `refusing to listen on ${config.host}, beyond this machine, while no API key was created for the JSON API: ` +
      `create one with \`billing-engine keys create --seller <SellerId> --store ${config.store}\`, or listen on 127.0.0.1`,
  );
}

export async function startService(config: ServiceConfig, options: ServiceOptions = {}): Promise<RunningService> {
  const sandbox = sandboxCredentials(config.dataDir);
  const credentials = new CredentialStore([sandbox.credential, ...config.credentials]);
  const logger = options.log === false ? undefined : serviceLogger(config, options.log ?? process.stdout);
  const opened = await open(config.store, config.projections);
  const engine = await createBillingEngine({
    opened,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.ids ? { ids: options.ids } : {}),
    payments: options.payments ?? new SandboxPaymentProcessor(),
  });
  try {
    const apiKeys = new ApiKeyRegistry(opened.store, { actor: 'operator', source: 'http' });
    await registerSandboxKey(apiKeys, sandbox.apiKey, sandbox.credential.sellerId, engine.deps.clock.now());
    checkExposure(config, apiKeys);
    const context = { engine, opened, dataDir: config.dataDir, loopback: isLoopback(config.host), ...(logger ? { logger } : {}) };
    const plugins = await Promise.all((options.plugins ?? SERVICE_PLUGINS).map((factory) => factory(context)));
    const server = await createHttpServer({
      engine,
      credentials,
      access: { authenticator: new ApiKeyAuthenticator(apiKeys), limiter: new FailedAuthLimiter(options.failedAuth) },
      throttle: config.throttle === 'amazon',
      plugins,
      ...(logger ? { logger } : {}),
      ...(options.views ? { views: options.views(engine) } : {}),
    });
    await server.listen({ host: config.host, port: config.port });
    const bound = server.server.address();
    const port = typeof bound === 'object' && bound !== null ? bound.port : config.port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= server.close().then(() => engine.close()));
    return { url, server, engine, credentials, sandbox, apiKeys, close };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** What `serve` prints on start: where each endpoint is and the sandbox credentials to use. */
/** Where `serve` mounts the IPN endpoint (IPN_PATH); an invalid setting is reported at mount time. */
function ipnSettings(config: ServiceConfig): { readonly path: string; readonly sandbox: boolean } {
  try {
    const ipn = ipnConfigFromEnv();
    return { path: ipn.path, sandbox: ipn.sandbox ?? isLoopback(config.host) };
  } catch {
    return { path: '/ipn', sandbox: false };
  }
}

/** Where the analysts' tables are, said plainly (EventStoreDB alone keeps them in this process's memory). */
function projectionsWhere(config: ServiceConfig): string {
  if (config.projections !== undefined) {
    const where = parseProjectionLocation(config.projections);
    return where.kind === 'postgres' ? `PostgreSQL ${redactedUrl(where.connectionString)}` : `tables in ${where.path}`;
  }
  if (config.store.startsWith('sqlite:')) return `tables in the SQLite file`;
  return `in this process's memory only (no SQL for analysts): give --projections postgres://… (BILLING_PROJECTIONS)`;
}

/** The banner names where the secrets are, never the secrets. */
export function banner(service: RunningService, config: ServiceConfig): string {
  const { url, sandbox } = service;
  const { credential } = sandbox;
  const keyId = parseToken(sandbox.apiKey)?.keyId ?? '?';
  return [
    `billing-engine serving on ${url}`,
    `  MWS sandbox  POST|GET ${url}/OffAmazonPayments_Sandbox/2013-01-01`,
    `  MWS live     POST|GET ${url}/OffAmazonPayments/2013-01-01`,
    `  JSON API     ${url}/v1/billing-agreements   ${url}/v1/spending?month=YYYY-MM`,
    `  IPN          POST ${url}${ipnSettings(config).path}   (certificates: ${process.env['IPN_CERT_DIR'] ?? 'fetched from Amazon over HTTPS'}${ipnSettings(config).sandbox ? '; and the local sandbox signer, for `billing-engine ipn trigger`' : ''})`,
    `  Dashboard    ${url}/dashboard   (asks for an API key)`,
    `  Health       GET ${url}/health`,
    `  Store        ${config.store}${config.throttle === 'amazon' ? '   (throttling as Amazon: on)' : ''}`,
    `  Projections  ${projectionsWhere(config)}`,
    `Sandbox credentials (${sandbox.created ? 'generated now, ' : ''}secrets in ${sandbox.file}, readable by its owner only):`,
    `  SellerId        ${credential.sellerId}`,
    `  MWS             AWSAccessKeyId ${credential.accessKeyId}, SecretKey in the file ("sandbox.secretKey")`,
    `  JSON API key    bek_${keyId}_… in the file ("apiKey"): send "Authorization: Bearer <key>"`,
    '',
  ].join('\n');
}
