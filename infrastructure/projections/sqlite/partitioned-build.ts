/**
 * Every projection built from zero into a scratch file, one partition of the history at a time
 * (application/projections/partitions.ts): each partition's rows are computed in memory from its
 * events and written once, in large transactions of a scratch file, which needs no durability;
 * the keys are indexed after the rows. The partitions are shared between this thread and helper
 * threads (build-thread.ts), each with its own read connection and its own scratch file, whose
 * rows join this one's at the end. The checkpoint, the head the readers started from, is written
 * last: a build that stops half-way leaves a scratch file without one, which nothing reads.
 */
import { Worker } from 'node:worker_threads';
import { rmSync } from 'node:fs';
import { CorruptEventError, type GlobalPosition } from '../../../application/ports/event-store.js';
import { PROJECTION_TABLES, PROJECTIONS, type CatchUpOptions, type CatchUpResult } from '../../../application/projections/index.js';
import { AGREEMENT_PARTITIONS, projectedTypes, replayPartition } from '../../../application/projections/partitions.js';
import type { RowWrite } from '../../../application/projections/tables.js';
import { SqlitePartitionReader, type NextChunk } from '../../event-store/sqlite/partition-reading.js';
import type { SqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import type { FromBuildThread, ToBuildThread } from './build-thread.js';
import { appendScratch, indexKeys, openScratchProjections, scratchFileName, swapIn, type ScratchProjections } from './scratch-projections.js';
import type { SqliteProjectionStore } from './sqlite-projection-store.js';

export interface BuildOptions extends CatchUpOptions {
  /**
   * Threads that share the partitions, this one included; default 1. Two build a 1M-event
   * history about 20 % faster on two cores, for about 90 MB more peak memory (the helper is a
   * second V8 isolate, with tsx's loader thread of its own).
   */
  readonly threads?: number;
}

/** Rows per transaction of a scratch file (and per progress report). */
const ROWS_PER_LOAD = 10_000;

/** A helper holds one partition and one transaction's rows at a time: a small heap keeps its memory small. */
const HELPER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Opens the reader of `file` up to `until` and works out its partitions (the same in every thread: the head is fixed). */
export function openPartitions(file: string, until: GlobalPosition | undefined): SqlitePartitionReader {
  const reader = new SqlitePartitionReader(file, until);
  try {
    reader.place(AGREEMENT_PARTITIONS, projectedTypes(PROJECTIONS));
    return reader;
  } catch (error) {
    reader.close();
    throw error;
  }
}

/** The chunks of partitions threads take from one counter in shared memory. */
export const sharedChunks = (counter: SharedArrayBuffer): NextChunk => {
  const cells = new Int32Array(counter);
  return () => Atomics.add(cells, 0, 1);
};

/** Builds the rows of the chunks `next` gives into `store`; `onLoaded` after each transaction, with the partitions done since the last. */
export async function buildShare(reader: SqlitePartitionReader, next: NextChunk, store: SqliteProjectionStore, onLoaded: (partitions: number) => void | Promise<void>): Promise<void> {
  let pending: RowWrite[] = [];
  let done = 0;
  const load = async (): Promise<void> => {
    store.load(pending);
    pending = [];
    await onLoaded(done);
    done = 0;
  };
  for (const events of reader.partitions(next)) {
    for (const written of replayPartition(PROJECTIONS, events)) pending.push(written);
    done++;
    if (pending.length >= ROWS_PER_LOAD) await load();
  }
  await load();
}

/**
 * `file`: the SQLite event store's file, read on connections of the build's own; `scratch`: an
 * empty scratch file of the `unkeyed` layout. `until`: build from the events up to it only.
 */
export async function buildByPartition(file: string, scratch: ScratchProjections, options: BuildOptions = {}): Promise<CatchUpResult> {
  const reader = new SqlitePartitionReader(file, options.until);
  const { position, events } = reader.head;
  const threads = position === undefined ? 1 : Math.max(1, options.threads ?? 1);
  const counter = new SharedArrayBuffer(4);
  // The helpers start first: their start-up runs while this thread works out the partitions.
  const helpers = Array.from({ length: threads - 1 }, () => onThread({ file, until: position, scratch: scratchFileName(file, scratch.purpose), counter }, (n) => progress(n)));
  let partitions: number | undefined;
  let done = 0;
  const progress = (built: number): void => {
    done += built;
    // Counted in partitions, shown as the share of the history's events they hold (about).
    if (position !== undefined && partitions) options.onProgress?.({ events: Math.min(events, Math.round((events * done) / partitions)), position });
  };
  try {
    partitions = reader.place(AGREEMENT_PARTITIONS, projectedTypes(PROJECTIONS));
    // A long build does not hold the event loop (the helpers' messages, signals, a parent's death).
    await buildShare(reader, sharedChunks(counter), scratch.store, async (n) => {
      progress(n);
      await nextTurn();
    });
    for (const helper of helpers) appendScratch(scratch.database, await helper.finished, PROJECTION_TABLES);
  } catch (error) {
    await Promise.allSettled(helpers.map((helper) => helper.stop()));
    throw error;
  } finally {
    reader.close();
  }
  indexKeys(scratch.database, PROJECTION_TABLES);
  if (position !== undefined) await scratch.store.commit({ expected: undefined, position, writes: [] });
  return { events, position };
}

interface Helper {
  /** The helper's scratch file, once its share is built. */
  readonly finished: Promise<string>;
  /** Ends the thread and deletes its file. */
  stop(): Promise<void>;
}

function onThread(task: ToBuildThread, onProgress: (partitions: number) => void): Helper {
  const worker = new Worker(new URL('./build-worker.mjs', import.meta.url), { workerData: task, execArgv: [], resourceLimits: HELPER_HEAP });
  const finished = new Promise<string>((resolve, reject) => {
    worker.on('message', (message: FromBuildThread) => {
      if (message.kind === 'progress') return onProgress(message.partitions);
      if (message.kind === 'done') return resolve(task.scratch);
      reject(message.corrupt ? new CorruptEventError(message.message, message.corrupt.streamId, message.corrupt.position) : new Error(`a rebuild thread failed: ${message.message}`));
    });
    worker.on('error', reject);
    worker.on('exit', () => reject(new Error(`a rebuild thread ended before its share was built ('${task.file}')`)));
  });
  finished.catch(() => undefined);
  return {
    finished,
    async stop() {
      await worker.terminate();
      rmSync(task.scratch, { force: true });
    },
  };
}

/**
 * Every projection built again from the whole history, into a scratch file, then swapped in at
 * once (`billing-engine rebuild`): readers of the file see the old tables until the swap, never
 * half-built ones.
 */
export async function rebuildInScratch(sqlite: SqliteEventStore, options: BuildOptions = {}): Promise<CatchUpResult> {
  const scratch = openScratchProjections(sqlite.file, 'rebuild', 'unkeyed');
  try {
    const result = await buildByPartition(sqlite.file, scratch, options);
    swapIn(sqlite.database, scratch, PROJECTION_TABLES);
    return result;
  } finally {
    scratch.dispose();
  }
}
