/**
 * The default sandbox credential: generated on the first start and kept in the data directory
 * (`mws-credentials.json`, readable by its owner only), never written into the code.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Credential } from '../mws/credentials.js';
import { ConfigurationError } from './store-url.js';

export const CREDENTIALS_FILE = 'mws-credentials.json';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomText = (length: number): string => Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');

export function generateCredential(): Credential {
  return { accessKeyId: `AKIA${randomText(16)}`, secretKey: randomBytes(30).toString('base64'), sellerId: `A${randomText(13)}` };
}

function readCredential(file: string): Credential {
  try {
    const { sandbox } = JSON.parse(readFileSync(file, 'utf8')) as { sandbox: Credential };
    if (typeof sandbox?.accessKeyId !== 'string' || typeof sandbox.secretKey !== 'string' || typeof sandbox.sellerId !== 'string') throw new Error('no sandbox credential in it');
    return sandbox;
  } catch (error) {
    throw new ConfigurationError(`'${file}' cannot be read: ${(error as Error).message} (delete it to generate a new pair)`);
  }
}

/** The data directory's sandbox credential, if `serve` has generated one there. */
export function existingSandboxCredential(dataDir: string): Credential | undefined {
  const file = join(dataDir, CREDENTIALS_FILE);
  return existsSync(file) ? readCredential(file) : undefined;
}

/** The data directory's sandbox credential, created there if it is missing. */
export function sandboxCredential(dataDir: string): { readonly credential: Credential; readonly file: string; readonly created: boolean } {
  const file = join(dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) return { credential: readCredential(file), file, created: false };
  const credential = generateCredential();
  try {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify({ sandbox: credential }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process generated it at the same moment: theirs stands.
    if ((error as { code?: string }).code === 'EEXIST') return { credential: readCredential(file), file, created: false };
    throw new ConfigurationError(`cannot keep the sandbox credentials in '${file}': ${(error as Error).message}`);
  }
  return { credential, file, created: true };
}
