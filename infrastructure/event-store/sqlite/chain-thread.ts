/**
 * Parts of the hash chain checked on a thread of its own (sqlite-tamper-evidence.ts): its own
 * read-only connection to the file, the same check as in the event loop's thread. Threads take
 * the parts one at a time, each the next no thread has taken (a counter in shared memory), and
 * send back progress and each part's verdict as plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { sharedCounter } from '../../runtime/shared-counter.js';
import { verifyPart, type ChainPart, type PartVerdict } from './chain-check.js';

export interface ToChainThread {
  readonly file: string;
  readonly parts: readonly ChainPart[];
  readonly counter: SharedArrayBuffer;
}

export type FromChainThread =
  | { readonly kind: 'progress'; readonly checked: number }
  | { readonly kind: 'part'; readonly index: number; readonly verdict: PartVerdict }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly message: string };

const send = (message: FromChainThread): void => parentPort?.postMessage(message);

try {
  const { file, parts, counter } = workerData as ToChainThread;
  const next = sharedCounter(counter);
  const database = new Database(file, { readonly: true, fileMustExist: true });
  try {
    for (let index = next(); index < parts.length; index = next()) {
      send({ kind: 'part', index, verdict: verifyPart(database, parts[index] as ChainPart, (checked) => send({ kind: 'progress', checked })) });
    }
    send({ kind: 'done' });
  } finally {
    database.close();
  }
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
