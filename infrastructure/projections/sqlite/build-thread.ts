/**
 * A helper thread of a partitioned build (partitioned-build.ts): its own read connection to the
 * event store's file, its own scratch file, its share of the partitions; progress and the outcome
 * go back as plain data. The scratch file stays for the build's thread to take in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CorruptEventError, type GlobalPosition } from '../../../application/ports/event-store.js';
import { PROJECTION_CHECKPOINT } from '../../../application/projections/index.js';
import { sharedCounter } from '../../runtime/shared-counter.js';
import { buildShare, openPartitions } from './partitioned-share.js';
import { createScratchFile } from './scratch-projections.js';
import { SqliteProjectionStore } from './sqlite-projection-store.js';

export interface ToBuildThread {
  /** The event store's file. */
  readonly file: string;
  readonly until: GlobalPosition | undefined;
  /** Where to create the thread's scratch file (unkeyed). */
  readonly scratch: string;
  /** The chunk counter the build's threads share (partition-reading.ts). */
  readonly counter: SharedArrayBuffer;
}

export type FromBuildThread =
  | { readonly kind: 'progress'; readonly partitions: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly message: string; readonly corrupt?: { readonly streamId: string | undefined; readonly position: GlobalPosition | undefined } };

const send = (message: FromBuildThread): void => parentPort?.postMessage(message);

async function main(task: ToBuildThread): Promise<void> {
  const reader = openPartitions(task.file, task.until);
  try {
    const database = createScratchFile(task.scratch, 'unkeyed');
    try {
      await buildShare(reader, sharedCounter(task.counter), new SqliteProjectionStore(database, PROJECTION_CHECKPOINT, { durable: false }), (partitions) => send({ kind: 'progress', partitions }));
    } finally {
      database.close();
    }
  } finally {
    reader.close();
  }
}

main(workerData as ToBuildThread).then(
  () => send({ kind: 'done' }),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    send({ kind: 'failed', message, ...(error instanceof CorruptEventError ? { corrupt: { streamId: error.streamId, position: error.position } } : {}) });
  },
);
