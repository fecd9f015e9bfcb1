/**
 * Verifies the SQLite store's hash chain (see hash-chain.ts), stopping at the first break. For a
 * file, in parts on threads of their own (chain-thread.ts; two where there are two cores), so
 * that `audit verify` checks the chain beside the replay of the projections, and on every core
 * once the replay is done.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ChainVerification, TamperEvidence } from '../../../application/ports/tamper-evidence.js';
import { newCounterBuffer } from '../../runtime/shared-counter.js';
import { SMALL_THREAD_HEAP, threadCode } from '../../runtime/thread-code.js';
import { chainParts, combineParts, verifyHashChain, type PartVerdict } from './chain-check.js';
import type { FromChainThread, ToChainThread } from './chain-thread.js';

/** Parts per thread: a thread that runs slow (the replay beside it) takes fewer. */
const PARTS_PER_THREAD = 16;

export class SqliteTamperEvidence implements TamperEvidence {
  /** `file`: where the threads open their own connections; without it the check runs on this thread. */
  constructor(
    private readonly database: Database.Database,
    private readonly file?: string,
    private readonly threads = Math.min(2, availableParallelism()),
  ) {}

  async verify(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    if (this.file === undefined) return verifyHashChain(this.database, onProgress);
    const threads = Math.max(1, this.threads);
    const parts = chainParts(this.database, threads * PARTS_PER_THREAD);
    const counter = newCounterBuffer();
    let checked = 0;
    const verdicts: PartVerdict[] = [];
    const code = await threadCode(new URL('./chain-thread.ts', import.meta.url));
    const task: ToChainThread = { file: this.file, parts, counter };
    const running = Array.from({ length: threads }, () => onThread(code, task, (message) => {
      if (message.kind === 'progress') onProgress?.((checked += message.checked));
      else verdicts[message.index] = message.verdict;
    }));
    const failure = (await Promise.allSettled(running)).find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failure !== undefined) {
      const cause: unknown = failure.reason;
      throw new Error(`the hash chain of '${this.file}' could not be checked: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    // Every part was taken by a thread that ended with 'done', after sending its verdict.
    return combineParts(verdicts);
  }
}

/** One thread taking parts until none is left; resolves when it is done. */
function onThread(code: string, task: ToChainThread, onMessage: (message: Extract<FromChainThread, { kind: 'progress' | 'part' }>) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    // It holds one page of rows at a time: a small heap is plenty (30 MB less at 1M events).
    const worker = new Worker(code, { eval: true, workerData: task, execArgv: [], resourceLimits: SMALL_THREAD_HEAP });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
    };
    worker.on('message', (message: FromChainThread) => {
      if (message.kind === 'progress' || message.kind === 'part') return onMessage(message);
      void worker.terminate();
      if (message.kind === 'done') settle(resolve);
      else settle(() => reject(new Error(message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', () => settle(() => reject(new Error('its thread ended before its verdict'))));
  });
}
