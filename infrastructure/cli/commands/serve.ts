/**
 * `billing-engine serve` (= `npm start`): the HTTP service. Configuration from flags, the
 * environment and an optional JSON file; a bad one ends with exit code 2 and a message naming
 * it. SIGINT/SIGTERM stop it gracefully: no new connections, requests in flight finish, the
 * store is closed, exit 0.
 */
import type { Command } from 'commander';
import { fromEnvironment, readConfigFile, resolveServiceConfig, type ConfigInput, type ServiceConfig } from '../../config/service-config.js';
import { ConfigurationError } from '../../config/store-url.js';
import type { RunningService } from '../../http/service.js';
import { CliError, EXIT } from '../program.js';

interface ServeFlags {
  readonly host?: string;
  readonly port?: string;
  readonly dataDir?: string;
  readonly config?: string;
  readonly throttle?: string;
  readonly logLevel?: string;
  readonly logFormat?: string;
  readonly projections?: string;
}

/** Flags win over the environment, the environment over the file. `--store` counts only when given. */
export function serviceConfig(flags: ServeFlags, command: Command, env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const root = command.parent ?? command;
  const store = root.getOptionValueSource('store') === 'cli' ? { store: root.getOptionValue('store') as string } : {};
  const fromFlags: ConfigInput = {
    ...store,
    ...(flags.host === undefined ? {} : { host: flags.host }),
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.throttle === undefined ? {} : { throttle: flags.throttle }),
    ...(flags.logLevel === undefined ? {} : { logLevel: flags.logLevel }),
    ...(flags.logFormat === undefined ? {} : { logFormat: flags.logFormat }),
    ...(flags.projections === undefined ? {} : { projections: flags.projections }),
  };
  const file = flags.config ?? env['BILLING_CONFIG'];
  return resolveServiceConfig(fromFlags, fromEnvironment(env), file === undefined ? {} : readConfigFile(file));
}

export async function startConfigured(config: () => ServiceConfig): Promise<{ service: RunningService; config: ServiceConfig }> {
  try {
    const resolved = config();
    // Loaded on demand: the HTTP stack is most of the CLI's start-up time, and only serve needs it.
    const { startService } = await import('../../http/service.js');
    return { service: await startService(resolved), config: resolved };
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(`configuration: ${error.message}`, EXIT.usage);
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new CliError(`cannot listen: ${(error as Error).message}`, EXIT.usage);
    throw error;
  }
}

const stopSignal = (): Promise<string> =>
  new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the HTTP service: the MWS endpoint, the JSON API and /health')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free one (env PORT, default 8080)')
    .option('--projections <location>', 'projection tables in PostgreSQL, postgres://user@host:5432/db, or in a SQLite file of their own, sqlite:<file>, followed on a thread of their own (env BILLING_PROJECTIONS; default beside the events)')
    .option('--data-dir <dir>', 'where the generated sandbox credentials are kept (env BILLING_DATA_DIR, default ./data)')
    .option('--config <file>', 'a JSON file with any of: host, port, store, dataDir, throttle, logLevel, credentials (env BILLING_CONFIG)')
    .option('--throttle <mode>', "'amazon': throttle per seller and operation as Amazon does (env MWS_THROTTLE, default off)")
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL, default info)')
    .option('--log-format <format>', 'json, pretty, or auto: pretty on a terminal, JSON lines otherwise (env LOG_FORMAT, default auto)')
    .action(async (flags: ServeFlags, command: Command) => {
      const { service, config } = await startConfigured(() => serviceConfig(flags, command));
      const { banner } = await import('../../http/service.js');
      // The log has stdout to itself (one format); what is said to the person starting it goes to stderr.
      process.stderr.write(banner(service, config));
      const signal = await stopSignal();
      process.stderr.write(`${signal}: stopping (requests in flight finish, then the store is closed)\n`);
      await service.close();
    });
}
