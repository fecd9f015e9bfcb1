/**
 * The service's configuration from flags, the environment and an optional JSON file (flags win,
 * then the environment, then the file, then the defaults), validated before anything starts: an
 * unknown key, a bad port or store, or half a credential is a ConfigurationError naming it.
 */
import { readFileSync } from 'node:fs';
import type { Credential } from '../mws/credentials.js';
import { ConfigurationError, DEFAULT_STORE, parseProjectionLocation, parseStoreLocation } from './store-url.js';

export interface ServiceConfig {
  readonly host: string;
  readonly port: number;
  readonly store: string;
  readonly dataDir: string;
  readonly throttle: 'off' | 'amazon';
  readonly logLevel: string;
  /** `json`: one pino JSON line per entry; `pretty`: pino-pretty's lines; `auto` (default): pretty on a terminal, JSON otherwise. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** Where the projection tables live when not beside the events: postgres://… (absent: beside them). */
  readonly projections?: string;
  /** Added to the generated sandbox pair (MWS_* variables, the config file). */
  readonly credentials: readonly Credential[];
}

/** What flags, environment and file may set: every key of ServiceConfig. */
export type ConfigInput = { readonly [K in keyof ServiceConfig]?: unknown };

const KEYS = ['host', 'port', 'store', 'projections', 'dataDir', 'throttle', 'logLevel', 'logFormat', 'credentials'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
export const DEFAULTS = { host: '127.0.0.1', port: 8080, store: DEFAULT_STORE, dataDir: './data', throttle: 'off', logLevel: 'info', logFormat: 'auto' } as const;

export function readConfigFile(path: string): ConfigInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`config file '${path}' cannot be read as JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigurationError(`config file '${path}' must hold a JSON object`);
  const unknown = Object.keys(parsed).filter((key) => !(KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new ConfigurationError(`config file '${path}': unknown key '${unknown[0]}' (known keys: ${KEYS.join(', ')})`);
  return parsed as ConfigInput;
}

export function fromEnvironment(env: NodeJS.ProcessEnv): ConfigInput {
  const pair = [env['MWS_ACCESS_KEY_ID'], env['MWS_SECRET_KEY'], env['MWS_SELLER_ID']];
  const given = pair.filter((v) => v !== undefined && v !== '').length;
  if (given !== 0 && given !== 3) throw new ConfigurationError('MWS_ACCESS_KEY_ID, MWS_SECRET_KEY and MWS_SELLER_ID must be set together');
  const [accessKeyId, secretKey, sellerId] = pair;
  const input: Record<string, unknown> = {
    host: env['HOST'],
    port: env['PORT'],
    store: env['BILLING_STORE'],
    projections: env['BILLING_PROJECTIONS'],
    dataDir: env['BILLING_DATA_DIR'],
    throttle: env['MWS_THROTTLE'],
    logLevel: env['LOG_LEVEL'],
    logFormat: env['LOG_FORMAT'],
    credentials: given === 3 ? [{ accessKeyId, secretKey, sellerId }] : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && v !== ''));
}

function port(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigurationError(`port must be an integer from 0 to 65535, not '${String(value)}'`);
  return n;
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigurationError(`${name} must be a non-empty string, not '${String(value)}'`);
  return value;
}

function credentials(value: unknown): Credential[] {
  if (!Array.isArray(value)) throw new ConfigurationError('credentials must be a list of { accessKeyId, secretKey, sellerId }');
  return value.map((entry: unknown, i) => {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const field = (name: string): string => text(`credentials[${i}].${name}`, e[name]);
    return { accessKeyId: field('accessKeyId'), secretKey: field('secretKey'), sellerId: field('sellerId') };
  });
}

/** Merges the sources (earlier ones win) and validates the result. */
export function resolveServiceConfig(...sources: readonly ConfigInput[]): ServiceConfig {
  const pick = <K extends keyof ConfigInput>(key: K): unknown => sources.find((s) => s[key] !== undefined)?.[key];
  const store = text('store', pick('store') ?? DEFAULTS.store);
  parseStoreLocation(store);
  const throttle = pick('throttle') ?? DEFAULTS.throttle;
  if (throttle !== 'off' && throttle !== 'amazon') throw new ConfigurationError(`throttle (MWS_THROTTLE) must be 'amazon' or 'off', not '${String(throttle)}'`);
  const logLevel = pick('logLevel') ?? DEFAULTS.logLevel;
  if (typeof logLevel !== 'string' || !LOG_LEVELS.includes(logLevel)) throw new ConfigurationError(`logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  const projections = pick('projections');
  if (projections !== undefined) parseProjectionLocation(text('projections', projections));
  const logFormat = pick('logFormat') ?? DEFAULTS.logFormat;
  if (!LOG_FORMATS.includes(logFormat as (typeof LOG_FORMATS)[number])) throw new ConfigurationError(`logFormat (LOG_FORMAT) must be one of ${LOG_FORMATS.join(', ')}, not '${String(logFormat)}'`);
  return {
    host: text('host', pick('host') ?? DEFAULTS.host),
    port: port(pick('port') ?? DEFAULTS.port),
    store,
    ...(projections === undefined ? {} : { projections: projections as string }),
    dataDir: text('dataDir', pick('dataDir') ?? DEFAULTS.dataDir),
    throttle,
    logLevel,
    logFormat: logFormat as (typeof LOG_FORMATS)[number],
    credentials: sources.flatMap((s) => (s.credentials === undefined ? [] : credentials(s.credentials))),
  };
}
