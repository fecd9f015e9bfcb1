/**
 * Verifies the SQLite store's hash chain (see hash-chain.ts), stopping at the first break. For a
 * file, on a thread of its own (chain-thread.ts), so that `audit verify` checks the chain on one
 * core while it replays the projections on the other.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ChainVerification, TamperEvidence } from '../../../application/ports/tamper-evidence.js';
import type { FromChainThread } from './chain-thread.js';
import { chainFields, chainRows, eventHash, GENESIS_HASH, type ChainRow } from './hash-chain.js';

const PROGRESS_EVERY = 10_000;

function reason(row: ChainRow, previousPosition: number): string {
  if (row.hash === null) return 'the row has no hash: it was inserted outside the event store';
  if (row.position !== previousPosition + 1) {
    const missing = row.position - 1 === previousPosition + 1 ? `position ${previousPosition + 1} is` : `positions ${previousPosition + 1}–${row.position - 1} are`;
    return `${missing} missing: rows were deleted before this one`;
  }
  return 'the stored hash does not match the row: its content, or a row before it, was changed after it was written';
}

export function verifyHashChain(database: Database.Database, onProgress?: (checked: number) => void): ChainVerification {
  let previous = GENESIS_HASH;
  let previousPosition = 0;
  let events = 0;
  for (const row of chainRows(database)) {
    if (row.hash !== eventHash(chainFields(row), previous)) {
      onProgress?.(events);
      return { kind: 'broken', events, position: String(row.position), streamId: row.stream_id, reason: reason(row, previousPosition) };
    }
    previous = row.hash;
    previousPosition = row.position;
    events++;
    if (events % PROGRESS_EVERY === 0) onProgress?.(events);
  }
  onProgress?.(events);
  return events === 0 ? { kind: 'intact', events } : { kind: 'intact', events, head: { position: String(previousPosition), hash: previous } };
}

export class SqliteTamperEvidence implements TamperEvidence {
  /** `file`: where the thread opens its own connection; without it the check runs on this thread. */
  constructor(
    private readonly database: Database.Database,
    private readonly file?: string,
  ) {}

  async verify(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    return this.file === undefined ? verifyHashChain(this.database, onProgress) : onThread(this.file, onProgress);
  }
}

function onThread(file: string, onProgress?: (checked: number) => void): Promise<ChainVerification> {
  return new Promise((resolve, reject) => {
    // It holds one page of rows at a time: a small heap is plenty, and keeps the thread's memory small (30 MB less at 1M events).
    const resourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };
    const worker = new Worker(new URL('./chain-worker.mjs', import.meta.url), { workerData: { file }, execArgv: [], resourceLimits });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    worker.on('message', (message: FromChainThread) => {
      if (message.kind === 'progress') return onProgress?.(message.checked);
      void worker.terminate();
      if (message.kind === 'done') settle(() => resolve(message.result));
      else settle(() => reject(new Error(`the hash chain of '${file}' could not be checked: ${message.message}`)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', () => settle(() => reject(new Error(`the chain check's thread ended before its verdict ('${file}')`))));
  });
}
