/** Group commit: appends in flight at once share one transaction, and each still stands or falls alone. */
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WrongExpectedRevisionError, type AppendResult } from '../../application/ports/event-store.js';
import { DuplicateEventIdError } from '../../infrastructure/event-store/shared/append-rules.js';
import { SqliteEventStore, type SqliteEventStoreOptions } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { verifyHashChain } from '../../infrastructure/event-store/sqlite/chain-check.js';
import { collect, failureOf, newEvent } from '../contract/contract-support.js';
import { assertUnavailable, withFile, WRITERS, type Writer } from './sqlite-support.js';

/** A store committing through `writer` (every append of the body, or the test fails). */
async function openGroupStore(file: string, options: SqliteEventStoreOptions, writer: Writer): Promise<SqliteEventStore> {
  const store = new SqliteEventStore(file, { ...options, ...writer.options });
  if (writer.threaded) assert.ok(await store.startWriterThread(), 'the writer thread started');
  return store;
}

async function withGroupStore(file: string, options: SqliteEventStoreOptions, writer: Writer, body: (store: SqliteEventStore) => Promise<void>): Promise<void> {
  const store = await openGroupStore(file, options, writer);
  try {
    await body(store);
    assert.is(store.threadCommits, writer.threaded ? store.commitStats.commits : 0, 'every transaction by the writer under test');
  } finally {
    await store.close();
  }
}

/** The hash chain as another connection reads it from the file: its length, or why it is broken. */
function eventsInIntactChain(file: string): number | string {
  const database = new Database(file, { readonly: true });
  try {
    const report = verifyHashChain(database);
    return report.kind === 'intact' ? report.events : `${report.kind}: ${'reason' in report ? report.reason : ''}`;
  } finally {
    database.close();
  }
}

for (const writer of WRITERS) {
  const test = suite(`SQLite group commit (${writer.name})`);

  test('concurrent appends to many streams land with consecutive revisions and one intact hash chain', () =>
    withFile((file) =>
      withGroupStore(file, {}, writer, async (store) => {
        const streams = Array.from({ length: 100 }, (_, i) => `Agreement-${i}`);
        const appends = streams.flatMap((streamId) => [
          store.append(streamId, [newEvent({ streamId, n: 0 }), newEvent({ streamId, n: 1 })], 'no_stream'),
          store.append(streamId, [newEvent({ streamId, n: 2 })], 1),
        ]);
        const results = await Promise.all(appends);
        assert.equal(results.map((result) => result.nextExpectedRevision), streams.flatMap(() => [1, 2]));
        for (const streamId of streams.slice(0, 5)) {
          const stream = await collect(store.readStream(streamId));
          assert.equal(stream.map((event) => [event.revision, (event.data as { n: number }).n]), [[0, 0], [1, 1], [2, 2]]);
        }
        const positions = (await collect(store.readAll())).map((event) => Number(event.position));
        assert.equal(positions, Array.from({ length: 300 }, (_, i) => i + 1));
        assert.is(eventsInIntactChain(file), 300);
        assert.equal(store.commitStats, { commits: 1, appends: 200 });
      }),
    ));

  test('a conflicting append inside a group fails alone while the others commit', () =>
    withFile((file) =>
      withGroupStore(file, {}, writer, async (store) => {
        await store.append('Agreement-X', [newEvent()], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append('Agreement-1', [newEvent()], 'no_stream'),
          store.append('Agreement-X', [newEvent(), newEvent()], 5),
          store.append('Agreement-2', [newEvent()], 'no_stream'),
        ]);
        assert.equal(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
        const conflict = (outcomes[1] as PromiseRejectedResult).reason as unknown;
        assert.instance(conflict, WrongExpectedRevisionError);
        assert.is((conflict as WrongExpectedRevisionError).actual, 0);
        assert.equal(outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.position] : [])), ['2', '3']);
        assert.is((await collect(store.readStream('Agreement-X'))).length, 1);
        assert.equal(store.commitStats, { commits: 2, appends: 3 });
        assert.equal(eventsInIntactChain(file), 3);
      }),
    ));

  test('an event id already stored, or taken earlier in the same group, fails that append alone', () =>
    withFile((file) =>
      withGroupStore(file, {}, writer, async (store) => {
        const stored = newEvent();
        await store.append('Agreement-1', [stored], 'no_stream');
        const shared = newEvent();
        const outcomes = await Promise.allSettled([
          store.append('Agreement-2', [newEvent(), stored], 'no_stream'),
          store.append('Agreement-3', [shared], 'no_stream'),
          store.append('Agreement-4', [newEvent(), shared], 'no_stream'),
          store.append('Agreement-5', [newEvent()], 'no_stream'),
        ]);
        assert.equal(outcomes.map((outcome) => outcome.status), ['rejected', 'fulfilled', 'rejected', 'fulfilled']);
        for (const [index, owner] of [[0, 'Agreement-1'], [2, 'Agreement-3']] as const) {
          const error = (outcomes[index] as PromiseRejectedResult).reason as unknown;
          assert.instance(error, DuplicateEventIdError);
          assert.is((error as DuplicateEventIdError).streamId, owner);
        }
        const streams = (await collect(store.readAll())).map((event) => event.streamId);
        assert.equal(streams, ['Agreement-1', 'Agreement-3', 'Agreement-5']);
        assert.is(eventsInIntactChain(file), 3);
      }),
    ));

  test('a hundred appends in flight at once take one transaction, and appends awaited one by one take one each', () =>
    withFile((file) =>
      withGroupStore(file, {}, writer, async (store) => {
        await Promise.all(Array.from({ length: 100 }, (_, i) => store.append(`Agreement-${i}`, [newEvent()], 'no_stream')));
        assert.equal(store.commitStats, { commits: 1, appends: 100 });
        for (let i = 0; i < 3; i++) await store.append('Agreement-0', [newEvent()], i);
        assert.equal(store.commitStats, { commits: 4, appends: 103 });
      }),
    ));

  test('a group holds at most maxGroupSize appends; the rest follow in the next transactions', () =>
    withFile((file) =>
      withGroupStore(file, { maxGroupSize: 16 }, writer, async (store) => {
        const results = await Promise.all(Array.from({ length: 100 }, (_, i) => store.append(`Agreement-${i}`, [newEvent()], 'no_stream')));
        assert.equal(results.map((result) => result.position), Array.from({ length: 100 }, (_, i) => String(i + 1)));
        assert.equal(store.commitStats, { commits: 7, appends: 100 });
        assert.is(eventsInIntactChain(file), 100);
      }),
    ));

  test('an append resolves only once another connection can read it from the file', () =>
    withFile((file) =>
      withGroupStore(file, {}, writer, async (store) => {
        const other = new Database(file, { readonly: true });
        const count = other.prepare<[string], number>('SELECT count(*) FROM events WHERE event_id = ?').pluck();
        try {
          const events = Array.from({ length: 50 }, () => newEvent());
          const visibleWhenResolved = await Promise.all(
            events.map((event, i) => store.append(`Agreement-${i}`, [event], 'no_stream').then(() => count.get(event.eventId))),
          );
          assert.equal(visibleWhenResolved, events.map(() => 1));
        } finally {
          other.close();
        }
      }),
    ));

  test('appends still queued when the store closes are committed before the file is closed', () =>
    withFile(async (file) => {
      const store = await openGroupStore(file, {}, writer);
      const pending: Promise<AppendResult>[] = [store.append('Agreement-1', [newEvent()], 'no_stream'), store.append('Agreement-2', [newEvent()], 'no_stream')];
      await store.close();
      assert.equal((await Promise.all(pending)).map((result) => result.position), ['1', '2']);
      assert.is(eventsInIntactChain(file), 2);
    }));

  test('an append that fills the disk fails alone, and the rest of its group commits', () =>
    withFile((file) =>
      withGroupStore(file, {}, writer, async (store) => {
        await store.append('Agreement-0', [newEvent()], 'no_stream');
        await store.pragmaOnWriters(`max_page_count = ${Number(store.database.pragma('page_count', { simple: true })) + 2}`);
        const outcomes = await Promise.allSettled([
          store.append('Agreement-1', [newEvent()], 'no_stream'),
          store.append('Agreement-2', [newEvent({ blob: 'x'.repeat(200_000) })], 'no_stream'),
          store.append('Agreement-3', [newEvent()], 'no_stream'),
        ]);
        assert.equal(outcomes.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'fulfilled']);
        assertUnavailable((outcomes[1] as PromiseRejectedResult).reason, file, /disk is full/);
        await store.pragmaOnWriters('max_page_count = 1073741823');
        assert.equal((await collect(store.readAll())).map((event) => event.streamId), ['Agreement-0', 'Agreement-1', 'Agreement-3']);
        assert.is(eventsInIntactChain(file), 3);
        assert.instance(await failureOf(() => store.append('Agreement-1', [newEvent()], 'no_stream')), WrongExpectedRevisionError);
      }),
    ));

  test.run();
}
