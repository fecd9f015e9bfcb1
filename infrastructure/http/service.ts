/**
 * Starting and stopping the service: the sandbox credential, the store, the engine (with its
 * process manager and pending settlements), the HTTP server. `close` stops accepting, lets
 * requests in flight finish, then closes the engine and its store.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import type { BillingEngine } from '../../application/engine.js';
import type { Clock } from '../../application/ports/clock.js';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import type { PaymentProcessor } from '../../application/ports/payment-processor.js';
import { createBillingEngine } from '../composition/create-billing-engine.js';
import { sandboxCredential } from '../config/sandbox-credentials.js';
import type { ServiceConfig } from '../config/service-config.js';
import { ConfigurationError, parseStoreLocation } from '../config/store-url.js';
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
}

export interface RunningService {
  /** `http://127.0.0.1:8080`, with the port actually bound (port 0 picks a free one). */
  readonly url: string;
  readonly server: FastifyInstance;
  readonly engine: BillingEngine;
  readonly credentials: CredentialStore;
  /** The generated sandbox pair and the file that keeps it. */
  readonly sandbox: { readonly credential: Credential; readonly file: string; readonly created: boolean };
  close(): Promise<void>;
}

async function open(store: string): Promise<OpenedStore> {
  try {
    return await openStore(parseStoreLocation(store));
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    throw new ConfigurationError(`store '${store}' cannot be opened: ${(error as Error).message}`);
  }
}

export async function startService(config: ServiceConfig, options: ServiceOptions = {}): Promise<RunningService> {
  const sandbox = sandboxCredential(config.dataDir);
  const credentials = new CredentialStore([sandbox.credential, ...config.credentials]);
  const logger: Logger | undefined = options.log === false ? undefined : pino({ level: config.logLevel }, options.log ?? process.stdout);
  const opened = await open(config.store);
  const engine = await createBillingEngine({
    opened,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.ids ? { ids: options.ids } : {}),
    payments: options.payments ?? new SandboxPaymentProcessor(),
  });
  try {
    const context = { engine, opened, dataDir: config.dataDir, ...(logger ? { logger } : {}) };
    const plugins = await Promise.all((options.plugins ?? SERVICE_PLUGINS).map((factory) => factory(context)));
    const server = await createHttpServer({
      engine,
      credentials,
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
    return { url, server, engine, credentials, sandbox, close };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** What `serve` prints on start: where each endpoint is and the sandbox credentials to use. */
/** Where `serve` mounts the IPN endpoint (IPN_PATH); an invalid setting is reported at mount time. */
function ipnPath(): string {
  try {
    return ipnConfigFromEnv().path;
  } catch {
    return '/ipn';
  }
}

export function banner(service: RunningService, config: ServiceConfig): string {
  const { url, sandbox } = service;
  const { credential } = sandbox;
  return [
    `billing-engine serving on ${url}`,
    `  MWS sandbox  POST|GET ${url}/OffAmazonPayments_Sandbox/2013-01-01`,
    `  MWS live     POST|GET ${url}/OffAmazonPayments/2013-01-01`,
    `  JSON API     ${url}/v1/billing-agreements   ${url}/v1/spending?month=YYYY-MM`,
    `  IPN          POST ${url}${ipnPath()}   (certificates: ${process.env['IPN_CERT_DIR'] ?? 'fetched from Amazon over HTTPS'})`,
    `  Health       GET ${url}/health`,
    `  Store        ${config.store}${config.throttle === 'amazon' ? '   (throttling as Amazon: on)' : ''}`,
    `Sandbox credentials (${sandbox.created ? 'generated now, ' : ''}kept in ${sandbox.file}):`,
    `  AWSAccessKeyId  ${credential.accessKeyId}`,
    `  SecretKey       ${credential.secretKey}`,
    `  SellerId        ${credential.sellerId}`,
    '',
  ].join('\n');
}
