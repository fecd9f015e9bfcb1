/**
 * One thread's part of a partitioned build (partitioned-build.ts): the same in the build's own
 * thread and in its helpers (build-thread.ts), which share the partitions a chunk at a time.
 */
import type { GlobalPosition } from '../../../application/ports/event-store.js';
import { PROJECTIONS } from '../../../application/projections/index.js';
import { AGREEMENT_PARTITIONS, replayPartition } from '../../../application/projections/partitions.js';
import { unreadTypes } from '../../../application/projections/projection.js';
import { SqlitePartitionReader, type NextChunk } from '../../event-store/sqlite/partition-reading.js';
import type { SqliteProjectionStore } from './sqlite-projection-store.js';

/** Rows per transaction of a scratch file (and per progress report). */
const ROWS_PER_LOAD = 1_000;

/** Opens the reader of `file` up to `until` and works out its partitions (the same in every thread: the head is fixed). */
export function openPartitions(file: string, until: GlobalPosition | undefined): SqlitePartitionReader {
  const reader = new SqlitePartitionReader(file, until);
  try {
    reader.place(AGREEMENT_PARTITIONS, unreadTypes(PROJECTIONS));
    return reader;
  } catch (error) {
    reader.close();
    throw error;
  }
}

/** Builds the rows of the chunks `next` gives into `store`; `onLoaded` after each transaction, with the partitions done since the last. */
export async function buildShare(reader: SqlitePartitionReader, next: NextChunk, store: SqliteProjectionStore, onLoaded: (partitions: number) => void | Promise<void>): Promise<void> {
  let rows = 0;
  let done = 0;
  // Each partition's rows are written when it is done: none lives longer than its partition.
  for (const events of reader.partitions(next)) {
    const writes = replayPartition(PROJECTIONS, events);
    store.load(writes);
    rows += writes.length;
    done++;
    if (rows < ROWS_PER_LOAD) continue;
    store.endLoad();
    await onLoaded(done);
    rows = 0;
    done = 0;
  }
  store.endLoad();
  await onLoaded(done);
}
