import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStoreUnavailableError, WrongExpectedRevisionError, type StoredEvent } from '../../application/ports/event-store.js';
import { MIGRATIONS } from '../../infrastructure/event-store/sqlite/schema.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { collect, eventually, failureOf, newEvent } from '../contract/contract-support.js';
import { appendWithRetries } from './append-worker.js';
import { withFile, withStore, WRITERS } from './sqlite-support.js';

const test = suite('SQLite event store files and connections');

test('a fresh file and its directory are created with the latest schema, WAL and fully synced commits', () =>
  withFile((file) =>
    withStore(file, 0, async (store) => {
      const pragma = (name: string): unknown => store.database.pragma(name, { simple: true });
      assert.is(pragma('user_version'), MIGRATIONS.length);
      assert.is(pragma('journal_mode'), 'wal');
      assert.is(pragma('synchronous'), 2);
      assert.is(pragma('busy_timeout'), 5000);
    }),
  ));

test('positions are the decimal text of 1, 2, 3 in append order across streams', () =>
  withFile((file) =>
    withStore(file, 2, async (store) => {
      assert.equal(await store.append('Agreement-2', [newEvent()], 'no_stream'), { nextExpectedRevision: 0, position: '3' });
      assert.equal((await collect(store.readAll())).map((event) => event.position), ['1', '2', '3']);
      assert.equal((await collect(store.readAll({ after: '0' }))).length, 3);
    }),
  ));

test('a file reopened after close keeps every event and continues its positions', () =>
  withFile(async (file) => {
    let before: StoredEvent[] = [];
    await withStore(file, 3, async (store) => {
      before = await collect(store.readAll());
    });
    await withStore(file, 0, async (store) => {
      assert.equal(await collect(store.readAll()), before);
      assert.equal(await store.append('Agreement-1', [newEvent()], 2), { nextExpectedRevision: 3, position: '4' });
    });
  }));

test('reads go page by page, so every event is reached and one appended while reading too', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file, { batchSize: 2 });
    try {
      await store.append('Agreement-1', [newEvent(), newEvent(), newEvent()], 'no_stream');
      const seen: string[] = [];
      for await (const event of store.readAll()) {
        seen.push(event.position);
        if (event.position === '1') await store.append('Agreement-1', [newEvent()], 2);
      }
      assert.equal(seen, ['1', '2', '3', '4']);
      assert.equal((await collect(store.readStream('Agreement-1', { fromRevision: 1 }))).map((event) => event.revision), [1, 2, 3]);
    } finally {
      await store.close();
    }
  }));

test('a second connection sees the first one’s appends, and optimistic concurrency holds between them', () =>
  withFile((file) =>
    withStore(file, 1, async (first) =>
      withStore(file, 0, async (second) => {
        assert.is((await collect(second.readStream('Agreement-1'))).length, 1);
        await second.append('Agreement-1', [newEvent()], 0);
        const error = await failureOf(() => first.append('Agreement-1', [newEvent()], 0));
        assert.instance(error, WrongExpectedRevisionError);
        assert.is((error as WrongExpectedRevisionError).actual, 1);
        assert.is((await first.append('Agreement-1', [newEvent()], 1)).position, '3');
        assert.is((await collect(second.readAll())).length, 3);
      }),
    ),
  ));

test('a subscription on a second connection follows the first one’s appends by polling', () =>
  withFile((file) =>
    withStore(file, 1, async (first) =>
      withStore(file, 0, async (second) => {
        const received: string[] = [];
        const subscription = second.subscribeToAll({ onEvent: (event) => void received.push(event.position) });
        await eventually(() => received.length === 1, 'the catch-up');
        await first.append('Agreement-1', [newEvent(), newEvent()], 0);
        await eventually(() => received.length === 3, 'the polled events', 2000);
        await subscription.close();
        assert.equal(received, ['1', '2', '3']);
      }),
    ),
  ));

test('a subscription takes its own connection’s new events from memory, yet misses none another connection appended between or after them', () =>
  withFile(async (file) => {
    // A long poll: the other connection's events can only come in when an append of this one wakes the follower.
    const own = new SqliteEventStore(file, { pollIntervalMs: 400 });
    const other = new SqliteEventStore(file);
    try {
      const received: StoredEvent[] = [];
      const subscription = own.subscribeToAll({ onEvent: (event) => void received.push(event) });
      await own.append('Agreement-1', [newEvent({ n: 1 }), newEvent({ n: 2 })], 'no_stream');
      await eventually(() => received.length === 2, 'the first append');
      // Position 3 by the other connection, then 4 by this one: its events in memory no longer follow on from 2.
      await other.append('Agreement-2', [newEvent({ n: 3 })], 'no_stream');
      await own.append('Agreement-1', [newEvent({ n: 4 })], 1);
      await eventually(() => received.length === 4, 'the events around the other connection’s', 2000);
      await own.append('Agreement-1', [newEvent({ n: 5 })], 2);
      // After this connection's last event, the other's newest: the next poll reads the file.
      await other.append('Agreement-2', [newEvent({ n: 6 })], 0);
      await eventually(() => received.length === 6, 'the other connection’s newest event', 2000);
      await subscription.close();
      assert.equal(received, await collect(own.readAll()), 'every event once, in order, as the file holds it');
    } finally {
      await other.close();
      await own.close();
    }
  }));

test('two processes appending to one stream with retries lose no event and never share a revision', () =>
  withFile((file) =>
    withStore(file, 0, async (store) => {
      const count = 200;
      const worker = fileURLToPath(new URL('./append-worker.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', worker, file, 'Shared-1', String(count), 'child'], { stdio: ['pipe', 'pipe', 'inherit'] });
      const exited = once(child, 'exit');
      await once(child.stdout, 'data');
      child.stdin.end('go\n');
      await appendWithRetries(store, 'Shared-1', count, 'parent');
      assert.equal(await exited, [0, null]);
      const stream = await collect(store.readStream('Shared-1'));
      assert.equal(stream.map((event) => event.revision), Array.from({ length: 2 * count }, (_, i) => i));
      const written = new Set(stream.map((event) => JSON.stringify(event.data)));
      assert.is(written.size, 2 * count);
    }),
  ));

test('a store knows the revisions its own appends left only while no other connection has committed since', () =>
  withFile((file) =>
    withStore(file, 2, async (store) => {
      assert.is(store.knownRevision('Agreement-1'), 1, 'its own append');
      assert.is(store.knownRevision('Agreement-2'), undefined, 'a stream it never wrote');
      await store.append('Agreement-1', [newEvent()], 1);
      assert.is(store.knownRevision('Agreement-1'), 2);
      const other = new SqliteEventStore(file);
      try {
        // Another stream: the file changed all the same, so nothing is known any more.
        await other.append('Agreement-9', [newEvent()], 'no_stream');
        assert.is(store.knownRevision('Agreement-1'), undefined, 'after another connection committed');
        await store.append('Agreement-1', [newEvent()], 2);
        assert.is(store.knownRevision('Agreement-1'), 3, 'known again after its own next append');
        other.database.prepare("INSERT INTO checkpoints (name, position) VALUES ('elsewhere', '1')").run();
        assert.is(store.knownRevision('Agreement-1'), undefined, 'any write of another connection');
      } finally {
        await other.close();
      }
    }),
  ));

test('with the writer thread committing, a store knows no revision (its commits are another connection\'s)', () =>
  withFile((file) =>
    withStore(
      file,
      2,
      async (store) => {
        await store.append('Agreement-1', [newEvent()], 1);
        assert.is(store.knownRevision('Agreement-1'), undefined);
      },
      WRITERS[1],
    ),
  ));

test('a closed store refuses every operation with EventStoreUnavailableError, and closing twice is harmless', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    await store.close();
    await store.close();
    assert.instance(await failureOf(() => store.append('Agreement-1', [newEvent()], 'any')), EventStoreUnavailableError);
    assert.instance(await failureOf(() => collect(store.readAll())), EventStoreUnavailableError);
    assert.instance(await failureOf(() => collect(store.readStream('Agreement-1'))), EventStoreUnavailableError);
  }));

test.run();
