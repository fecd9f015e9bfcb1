import { chmodSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { CorruptEventError, type RecordedData } from '../../application/ports/event-store.js';
import { MIGRATIONS } from '../../infrastructure/event-store/sqlite/schema.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { collect, eventually, failureOf, newEvent } from '../contract/contract-support.js';
import { assertUnavailable, openingFails, withFile, withStore, WRITERS } from './sqlite-support.js';

const test = suite('SQLite event store faults');

function writeRawFile(file: string, content: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

test('a file of garbage is refused with an error naming it, and left as it was', () =>
  withFile(async (file) => {
    writeRawFile(file, 'these are not the pages you are looking for\n'.repeat(200));
    const before = readFileSync(file);
    assertUnavailable(openingFails(file), file, /not a SQLite database/);
    assert.ok(readFileSync(file).equals(before));
  }));

test('a truncated file is refused with an error naming it', () =>
  withFile(async (file) => {
    await withStore(file, 300, async () => {});
    truncateSync(file, Math.floor(readFileSync(file).length / 2));
    assertUnavailable(openingFails(file), file, /damaged/);
  }));

test('a file that cannot be created is refused with an error naming it', () =>
  withFile(async (file) => {
    writeRawFile(join(dirname(file), 'plain-file'), 'x');
    const impossible = join(dirname(file), 'plain-file', 'engine.sqlite');
    assertUnavailable(openingFails(impossible), impossible, /cannot open/);
  }));

test('a file written by a newer schema is refused with both versions in the message', () =>
  withFile(async (file) => {
    await withStore(file, 1, async () => {});
    const raw = new Database(file);
    raw.pragma('user_version = 99');
    raw.close();
    const before = readFileSync(file);
    const error = openingFails(file);
    assert.ok(readFileSync(file).equals(before));
    const known = MIGRATIONS.length;
    assertUnavailable(error, file, new RegExp(`written by a newer version of billing-agreement-engine \\(schema 99, this build knows ${known}\\)`));
  }));

test('a SQLite database of another application is refused and left as it was', () =>
  withFile(async (file) => {
    mkdirSync(dirname(file), { recursive: true });
    const raw = new Database(file);
    raw.exec('CREATE TABLE recipes (name TEXT)');
    raw.pragma('user_version = 1');
    raw.close();
    const before = readFileSync(file);
    assertUnavailable(openingFails(file), file, /another application/);
    assert.ok(readFileSync(file).equals(before));
  }));

test('a row whose data is not JSON makes reading throw CorruptEventError with its stream and position', () =>
  withFile((file) =>
    withStore(file, 5, async (store) => {
      store.database.prepare(`UPDATE events SET data = '{"broken": ' WHERE revision = 2`).run();
      const flat = async function* (pages: AsyncIterable<readonly RecordedData[]>): AsyncIterable<RecordedData> {
        for await (const page of pages) yield* page;
      };
      const reads = [
        () => store.readAll({ batchSize: 2 }),
        () => store.readStream('Agreement-1'),
        () => flat(store.readAllPages({ batchSize: 2 })),
        () => flat(store.readStreamPages('Agreement-1')),
      ];
      for (const read of reads) {
        const seen: RecordedData[] = [];
        const error = await failureOf(async () => {
          for await (const event of read()) seen.push(event);
        });
        assert.instance(error, CorruptEventError);
        assert.is((error as CorruptEventError).streamId, 'Agreement-1');
        assert.is((error as CorruptEventError).position, '3');
        assert.match((error as Error).message, /data that is not valid JSON/);
        assert.equal(seen.map((event) => event.revision), [0, 1]);
      }
    }),
  ));

test('a row whose metadata is not JSON, or lacks a field, makes reading throw CorruptEventError', () =>
  withFile((file) =>
    withStore(file, 3, async (store) => {
      store.database.prepare(`UPDATE events SET metadata = 'nope' WHERE position = 1`).run();
      const error = await failureOf(() => collect(store.readAll()));
      assert.instance(error, CorruptEventError);
      assert.match((error as Error).message, /metadata that is not valid JSON/);
      store.database.prepare(`UPDATE events SET metadata = '{"actor": "seller"}' WHERE position = 1`).run();
      const missing = await failureOf(() => collect(store.readStream('Agreement-1')));
      assert.instance(missing, CorruptEventError);
      assert.is((missing as CorruptEventError).position, '1');
    }),
  ));

test('a subscription reaching a bad row reports CorruptEventError and stops', () =>
  withFile((file) =>
    withStore(file, 4, async (store) => {
      store.database.prepare(`UPDATE events SET data = '' WHERE position = 3`).run();
      const delivered: string[] = [];
      const errors: Error[] = [];
      const subscription = store.subscribeToAll({ onEvent: (event) => void delivered.push(event.position), onError: (error) => errors.push(error) });
      await eventually(() => errors.length > 0, 'the error');
      await subscription.close();
      assert.equal(delivered, ['1', '2']);
      assert.instance(errors[0], CorruptEventError);
    }),
  ));

for (const writer of WRITERS) {
  test(`a full disk refuses the append with an error naming the file, writes nothing, and room brings it back (${writer.name})`, () =>
    withFile((file) =>
      withStore(
        file,
        1,
        async (store) => {
          await store.pragmaOnWriters(`max_page_count = ${Number(store.database.pragma('page_count', { simple: true }))}`);
          const error = await failureOf(() => store.append('Agreement-1', [newEvent(), newEvent({ blob: 'x'.repeat(200_000) })], 0));
          assertUnavailable(error, file, /disk is full/);
          assert.is((await collect(store.readAll())).length, 1);
          await store.pragmaOnWriters('max_page_count = 1073741823');
          assert.is((await store.append('Agreement-1', [newEvent()], 0)).position, '2');
          assert.is(store.threadCommits > 0, writer.threaded, 'committed by the writer under test');
        },
        writer,
      ),
    ));
}

test('a store opened read-only reads its events but refuses appends as read-only', () =>
  withFile(async (file) => {
    await withStore(file, 2, async () => {});
    const store = new SqliteEventStore(file, { readonly: true });
    try {
      assert.is((await collect(store.readStream('Agreement-1'))).length, 2);
      assertUnavailable(await failureOf(() => store.append('Agreement-1', [newEvent()], 1)), file, /read-only/);
    } finally {
      await store.close();
    }
  }));

/** Root writes through any file mode, so this runs only as another user. */
const runsAsRoot = process.getuid?.() === 0;
(runsAsRoot ? test.skip : test)('a file without write permission opens for reading and refuses appends as read-only', () =>
  withFile(async (file) => {
    await withStore(file, 1, async () => {});
    chmodSync(file, 0o444);
    await withStore(file, 0, async (store) => {
      assert.is((await collect(store.readAll())).length, 1);
      assertUnavailable(await failureOf(() => store.append('Agreement-1', [newEvent()], 0)), file, /read-only/);
    });
  }));

for (const writer of WRITERS) {
  test(`a connection made query-only refuses appends as read-only and writes nothing (${writer.name})`, () =>
    withFile((file) =>
      withStore(
        file,
        1,
        async (store) => {
          await store.pragmaOnWriters('query_only = ON');
          assertUnavailable(await failureOf(() => store.append('Agreement-2', [newEvent()], 'no_stream')), file, /read-only/);
          await store.pragmaOnWriters('query_only = OFF');
          assert.is((await collect(store.readAll())).length, 1);
          assert.is(store.threadCommits > 0, writer.threaded, 'committed by the writer under test');
        },
        writer,
      ),
    ));
}

test('a missing file opened read-only is refused with an error naming it', () =>
  withFile(async (file) => {
    assertUnavailable(openingFails(file, { readonly: true }), file, /cannot open/);
  }));

test.run();
