/** Temporary SQLite files for the SQLite event store's own tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { EventStoreUnavailableError } from '../../application/ports/event-store.js';
import { newEvent } from '../contract/contract-support.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';

/** Runs `body` with the path of a not yet existing file in a fresh directory, then removes it. */
export async function withFile(body: (file: string) => Promise<void>): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'sqlite-event-store-'));
  try {
    await body(join(directory, 'data', 'engine.sqlite'));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** A store holding `count` events in stream `Agreement-1`; closed after `body`. */
/** The two connections that can commit appends: the store's own (the default) and the writer thread's (group-commit.ts). */
export const WRITERS = [
  { name: "the store's connection", threaded: false, options: {} },
  { name: 'the writer thread', threaded: true, options: { writerThreadAfter: 0 } },
] as const;
export type Writer = (typeof WRITERS)[number];

export async function withStore(file: string, count: number, body: (store: SqliteEventStore) => Promise<void>, writer: Writer = WRITERS[0]): Promise<void> {
  const store = new SqliteEventStore(file, { pollIntervalMs: 20, ...writer.options });
  try {
    // With the thread: every append below goes through it, or the test fails here.
    if (writer.threaded) assert.ok(await store.startWriterThread(), 'the writer thread started');
    if (count > 0) await store.append('Agreement-1', Array.from({ length: count }, (_, i) => newEvent({ i })), 'no_stream');
    await body(store);
  } finally {
    await store.close();
  }
}

/** Asserts that `error` is EventStoreUnavailableError and its message names `file` and says `why`. */
export function assertUnavailable(error: unknown, file: string, why: RegExp): void {
  assert.instance(error, EventStoreUnavailableError);
  const { message } = error as Error;
  assert.ok(message.includes(file), `message names the file: ${message}`);
  assert.match(message, why);
}

export function openingFails(file: string, options: ConstructorParameters<typeof SqliteEventStore>[1] = {}): unknown {
  try {
    new SqliteEventStore(file, options).close();
  } catch (error) {
    return error;
  }
  assert.unreachable(`expected opening ${file} to fail`);
  return undefined;
}
