/**
 * The hash chain checked on a thread of its own (sqlite-tamper-evidence.ts): its own read-only
 * connection to the file, the same check as in the event loop's thread, progress and the
 * verdict sent back as plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ChainVerification } from '../../../application/ports/tamper-evidence.js';
import { verifyHashChain } from './chain-check.js';

export type FromChainThread =
  | { readonly kind: 'progress'; readonly checked: number }
  | { readonly kind: 'done'; readonly result: ChainVerification }
  | { readonly kind: 'failed'; readonly message: string };

const send = (message: FromChainThread): void => parentPort?.postMessage(message);

try {
  const database = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
  try {
    send({ kind: 'done', result: verifyHashChain(database, (checked) => send({ kind: 'progress', checked })) });
  } finally {
    database.close();
  }
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
}
