/**
 * The sandbox credentials: an MWS key pair and a JSON API key for one generated sandbox seller,
 * made on the first start and kept in the data directory (`sandbox-credentials.json`, readable
 * by its owner only), never written into the code, the log or the banner. A file of an older
 * version (`mws-credentials.json`, the MWS pair only) is taken over and given an API key.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newApiKey, parseToken } from '../auth/api-key-tokens.js';
import type { Credential } from '../mws/credentials.js';
import { ConfigurationError } from './store-url.js';

export const CREDENTIALS_FILE = 'sandbox-credentials.json';
const OLD_CREDENTIALS_FILE = 'mws-credentials.json';

export interface SandboxCredentials {
  /** The MWS pair and its seller. */
  readonly credential: Credential;
  /** The sandbox seller's JSON API key (`bek_…`). */
  readonly apiKey: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomText = (length: number): string => Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');

export function generateCredential(): Credential {
  return { accessKeyId: `AKIA${randomText(16)}`, secretKey: randomBytes(30).toString('base64'), sellerId: `A${randomText(13)}` };
}

const sandboxApiKey = (sellerId: string): string => newApiKey(sellerId, 'sandbox', 'sandbox', '1970-01-01T00:00:00.000Z').token;

function readCredentials(file: string): { readonly credential: Credential; readonly apiKey?: string } {
  try {
    const { sandbox, apiKey } = JSON.parse(readFileSync(file, 'utf8')) as { sandbox?: Credential; apiKey?: unknown };
    if (typeof sandbox?.accessKeyId !== 'string' || typeof sandbox.secretKey !== 'string' || typeof sandbox.sellerId !== 'string') throw new Error('no sandbox credential in it');
    if (apiKey !== undefined && (typeof apiKey !== 'string' || parseToken(apiKey) === undefined)) throw new Error('its apiKey is not an API key (bek_…)');
    return { credential: sandbox, ...(apiKey === undefined ? {} : { apiKey }) };
  } catch (error) {
    throw new ConfigurationError(`'${file}' cannot be read: ${(error as Error).message} (delete it to generate new sandbox credentials)`);
  }
}

function complete(file: string): SandboxCredentials {
  const read = readCredentials(file);
  if (read.apiKey === undefined) throw new ConfigurationError(`'${file}' cannot be read: it has no apiKey (delete it to generate new sandbox credentials)`);
  return { credential: read.credential, apiKey: read.apiKey };
}

/** The data directory's sandbox credentials, if `serve` has generated them there (a file of the older version has no API key yet). */
export function existingSandboxCredentials(dataDir: string): { readonly credential: Credential; readonly apiKey?: string } | undefined {
  const file = join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) return complete(file);
  const old = join(dataDir, OLD_CREDENTIALS_FILE);
  return existsSync(old) ? readCredentials(old) : undefined;
}

/** The data directory's sandbox credentials, created there if they are missing. */
export function sandboxCredentials(dataDir: string): SandboxCredentials & { readonly file: string; readonly created: boolean } {
  const file = join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) return { ...complete(file), file, created: false };
  const old = join(dataDir, OLD_CREDENTIALS_FILE);
  const credential = existsSync(old) ? readCredentials(old).credential : generateCredential();
  const made: SandboxCredentials = { credential, apiKey: sandboxApiKey(credential.sellerId) };
  // Written whole under a name of this process's own, then linked into place: the link either
  // makes the complete file appear at once or fails because another process's file is there, so a
  // process starting at the same moment never reads a file half written.
  const draft = `${file}.${process.pid}.${randomText(8)}`;
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(draft, `${JSON.stringify({ sandbox: made.credential, apiKey: made.apiKey }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    linkSync(draft, file);
  } catch (error) {
    // Another process generated them at the same moment: theirs stand.
    if ((error as { code?: string }).code === 'EEXIST') return { ...complete(file), file, created: false };
    throw new ConfigurationError(`cannot keep the sandbox credentials in '${file}': ${(error as Error).message}`);
  } finally {
    rmSync(draft, { force: true });
  }
  rmSync(old, { force: true });
  return { ...made, file, created: true };
}
