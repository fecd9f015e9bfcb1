/**
 * The writer thread's side (started by writer-client.ts through writer-worker.mjs): its own
 * connection to the store's file commits the groups the event loop sends, so the fsync of one
 * group never stops the event loop from deciding the next. Same writer, same transaction shape
 * as the store's own connection (commit-group.ts); outcomes go back as plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareWriter, type PreparedAppend } from './appending.js';
import { groupWriter, outcomeToWire, toWire, type WireOutcome } from './commit-group.js';

export type ToWriter =
  | { readonly kind: 'group'; readonly id: number; readonly appends: readonly PreparedAppend[] }
  | { readonly kind: 'pragma'; readonly id: number; readonly pragma: string }
  | { readonly kind: 'stop' };

export type FromWriter =
  | { readonly kind: 'ready' }
  | { readonly kind: 'committed'; readonly id: number; readonly outcomes: readonly WireOutcome[] }
  | { readonly kind: 'pragma'; readonly id: number; readonly error?: string }
  | { readonly kind: 'failed'; readonly message: string };

export interface WriterData {
  readonly file: string;
  readonly busyTimeoutMs: number;
  /** Pages after which the connection checkpoints the WAL itself (0 while the checkpoint thread runs). */
  readonly autocheckpoint: number;
}

const port = parentPort;
if (port === null) throw new Error('writer-thread.ts runs as a worker thread');
const { file, busyTimeoutMs, autocheckpoint } = workerData as WriterData;
const post = (message: FromWriter): void => port.postMessage(message);

try {
  const database = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  database.pragma('synchronous = FULL');
  database.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
  const writer = groupWriter(database, prepareWriter(database));
  port.on('message', (message: ToWriter) => {
    if (message.kind === 'group') {
      let outcomes: WireOutcome[];
      try {
        outcomes = writer.commit(message.appends).map(outcomeToWire);
      } catch (error) {
        writer.abandon();
        const wire = toWire(error);
        outcomes = message.appends.map(() => ({ ok: false, error: wire }));
      }
      post({ kind: 'committed', id: message.id, outcomes });
    } else if (message.kind === 'pragma') {
      try {
        database.pragma(message.pragma);
        post({ kind: 'pragma', id: message.id });
      } catch (error) {
        post({ kind: 'pragma', id: message.id, error: error instanceof Error ? error.message : String(error) });
      }
    } else {
      database.close();
      port.close();
    }
  });
  post({ kind: 'ready' });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
