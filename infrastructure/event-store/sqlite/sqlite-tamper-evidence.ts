/**
 * Verifies the SQLite store's hash chain (see hash-chain.ts), stopping at the first break. For a
 * file, on a thread of its own (chain-thread.ts), so that `audit verify` checks the chain on one
 * core while it replays the projections on the other.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ChainVerification, TamperEvidence } from '../../../application/ports/tamper-evidence.js';
import type { FromChainThread } from './chain-thread.js';
import { verifyHashChain } from './chain-check.js';
import { threadCode } from '../../runtime/thread-code.js';

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

async function onThread(file: string, onProgress?: (checked: number) => void): Promise<ChainVerification> {
  const code = await threadCode(new URL('./chain-thread.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    // It holds one page of rows at a time: a small heap is plenty, and keeps the thread's memory small (30 MB less at 1M events).
    const resourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 };
    const worker = new Worker(code, { eval: true, workerData: { file }, execArgv: [], resourceLimits });
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
