/** The SQLite store's hash chain: written with every append, verified from the start, broken by any edit. */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { NewEvent } from '../../application/ports/event-store.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { chainPages, columnsHash, GENESIS_HASH, type ChainColumns } from '../../infrastructure/event-store/sqlite/hash-chain.js';
import { MIGRATIONS, migrate } from '../../infrastructure/event-store/sqlite/schema.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { chainParts, combineParts, verifyHashChain, verifyPart } from '../../infrastructure/event-store/sqlite/chain-check.js';
import { SqliteTamperEvidence } from '../../infrastructure/event-store/sqlite/sqlite-tamper-evidence.js';
import { newEvent } from '../contract/contract-support.js';
import { check } from '../support/properties.js';
import { withFile } from './sqlite-support.js';

const test = suite('SQLite hash chain');

const events = (n: number, stream: string): NewEvent[] => Array.from({ length: n }, (_, i) => newEvent({ stream, i, note: 'ünïcode "quoted"' }));

async function filled(file: string): Promise<void> {
  const store = new SqliteEventStore(file);
  await store.append('A-1', events(3, 'A'), 'no_stream');
  await store.append('B-1', events(2, 'B'), 'no_stream');
  await store.append('A-1', events(2, 'A'), 2);
  await store.close();
}

/** Another connection to the file, as a tamperer (or a curious DBA) would open it. */
function rawEdit(file: string, sql: string, ...params: unknown[]): void {
  const raw = new Database(file);
  raw.prepare(sql).run(...params);
  raw.close();
}

function verify(file: string) {
  const database = new Database(file, { readonly: true });
  try {
    return verifyHashChain(database);
  } finally {
    database.close();
  }
}

test('every appended row carries the SHA-256 of its canonical encoding and of the row before it', () =>
  withFile(async (file) => {
    await filled(file);
    const database = new Database(file, { readonly: true });
    let previous = GENESIS_HASH;
    const rows = [...chainPages(database)].flat();
    database.close();
    assert.is(rows.length, 7);
    for (const [position, streamId, revision, eventId, type, data, metadata, recordedAt, hash] of rows) {
      assert.match(hash ?? '', /^[0-9a-f]{64}$/);
      // The canonical encoding, spelled out here as the module's header states it.
      const canonical = JSON.stringify([position, streamId, revision, eventId, type, data, metadata, recordedAt, previous]);
      assert.is(hash, createHash('sha256').update(canonical, 'utf8').digest('hex'), `position ${position}`);
      previous = hash ?? '';
    }
    assert.equal(verify(file), { kind: 'intact', events: 7, head: { position: '7', hash: previous } });
  }));

for (const [column, value] of [['data', '{"stream":"A","i":1,"note":"edited"}'], ['metadata', '{"commandId":"x"}'], ['recorded_at', '2020-01-01T00:00:00.000Z'], ['type', 'OtherThing'], ['stream_id', 'C-1']] as const) {
  test(`an UPDATE of ${column} in one row, made directly in the file, is reported at that row's position`, () =>
    withFile(async (file) => {
      await filled(file);
      rawEdit(file, `UPDATE events SET ${column} = ? WHERE position = 4`, value);
      const report = verify(file);
      assert.is(report.kind, 'broken');
      if (report.kind === 'broken') assert.equal([report.position, report.events], ['4', 3]);
    }));
}

test('a row edited together with its own hash breaks the chain at the next row', () =>
  withFile(async (file) => {
    await filled(file);
    const database = new Database(file);
    const [first, second] = [...chainPages(database)].flat();
    const edited: ChainColumns = [second![0], second![1], second![2], second![3], second![4], '{"forged":true}', second![6], second![7], null];
    database.prepare('UPDATE events SET data = ?, hash = ? WHERE position = 2').run(edited[5], columnsHash(edited, first![8]!));
    database.close();
    const report = verify(file);
    assert.equal(report.kind === 'broken' && report.position, '3');
  }));

test('a deleted row breaks the chain at the row after it, and the report says which position is missing', () =>
  withFile(async (file) => {
    await filled(file);
    rawEdit(file, 'DELETE FROM events WHERE position = 5');
    const report = verify(file);
    assert.equal(report.kind === 'broken' && [report.position, report.reason], ['6', 'position 5 is missing: rows were deleted before this one']);
  }));

test('appends from two connections to one file extend one chain', () =>
  withFile(async (file) => {
    const a = new SqliteEventStore(file);
    const b = new SqliteEventStore(file);
    for (let i = 0; i < 5; i++) {
      await a.append(`A-${i}`, events(2, 'A'), 'no_stream');
      await b.append(`B-${i}`, events(1, 'B'), 'no_stream');
    }
    await a.close();
    await b.close();
    const report = verify(file);
    assert.equal(report.kind === 'intact' && report.events, 15);
  }));

test('migration 3 chains the rows written before it, exactly as appending them would have', () =>
  withFile(async (file) => {
    mkdirSync(dirname(file), { recursive: true });
    const old = new Database(file);
    migrate(old, file, false, MIGRATIONS.slice(0, 2));
    const written = events(4, 'A');
    const insert = old.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    written.forEach((e, revision) => insert.run('A-1', revision, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.metadata.recordedAt));
    old.close();
    await (await openStore({ kind: 'sqlite', path: file })).store.close();
    const migrated = verify(file);
    assert.equal(migrated.kind === 'intact' && migrated.events, 4);
    await withFile(async (other) => {
      const store = new SqliteEventStore(other);
      await store.append('A-1', written, 'no_stream');
      await store.close();
      assert.equal(verify(other), migrated);
    });
  }));

test('the check on its own thread gives the verdict of the check in this one; a file it cannot open is an error naming it', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    try {
      for (let i = 0; i < 3; i++) await store.append(`Agreement-${i}`, [newEvent({ i }), newEvent({ i })], 'no_stream');
      const here = verifyHashChain(store.database);
      const progress: number[] = [];
      assert.equal(await new SqliteTamperEvidence(store.database, file).verify((checked) => progress.push(checked)), here);
      assert.equal([here.kind, progress.at(-1)], ['intact', 6]);
      store.database.prepare("UPDATE events SET data = '{\"i\":9}' WHERE position = 4").run();
      const broken = await new SqliteTamperEvidence(store.database, file).verify();
      assert.equal([broken.kind, broken.kind === 'broken' ? broken.position : undefined], ['broken', '4']);
      const missing = await new SqliteTamperEvidence(store.database, `${file}.missing`).verify().then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.match(String(missing), /hash chain of '.*\.missing' could not be checked/);
    } finally {
      await store.close();
    }
  }));

const DAMAGES = {
  edit: "UPDATE events SET data = '{\"forged\":true}' WHERE position = ?",
  delete: 'DELETE FROM events WHERE position = ?',
  unhashed: 'UPDATE events SET hash = NULL WHERE position = ?',
  rehashed: `UPDATE events SET data = '{}', hash = '${'f'.repeat(64)}' WHERE position = ?`,
} as const;

/** A copy of `file` with `damage` done to it, open for `body`, then removed. */
async function damaged(file: string, damage: readonly { kind: keyof typeof DAMAGES; position: number }[], body: (database: Database.Database, copy: string) => Promise<void> | void): Promise<void> {
  const copy = `${file}.damaged.db`;
  copyFileSync(file, copy);
  const database = new Database(copy);
  try {
    for (const { kind, position } of damage) database.prepare(DAMAGES[kind]).run(position);
    await body(database, copy);
  } finally {
    database.close();
    rmSync(copy, { force: true });
  }
}

async function forty(file: string): Promise<void> {
  const store = new SqliteEventStore(file);
  try {
    for (let i = 0; i < 40; i++) await store.append(`Agreement-${i % 7}`, [newEvent({ i })], i < 7 ? 'no_stream' : Math.floor(i / 7) - 1);
  } finally {
    await store.close();
  }
}

test('checked in parts, in any number, the chain gives the verdict of one pass from the start, whatever was damaged and where', () =>
  withFile(async (file) => {
    await forty(file);
    const damage = fc.record({ kind: fc.constantFrom(...(Object.keys(DAMAGES) as (keyof typeof DAMAGES)[])), position: fc.integer({ min: 1, max: 40 }) });
    await check(
      fc.asyncProperty(fc.array(damage, { maxLength: 3 }), fc.integer({ min: 1, max: 45 }), (damages, parts) =>
        damaged(file, damages, (database) => {
          const once = verifyHashChain(database);
          assert.equal(combineParts(chainParts(database, parts).map((part) => verifyPart(database, part))), once, `${parts} parts`);
        }),
      ),
    );
  }));

test('on one, two or three threads sharing the parts, the verdict is that of one pass', () =>
  withFile(async (file) => {
    await forty(file);
    for (const damage of [[], [{ kind: 'edit', position: 17 }], [{ kind: 'delete', position: 33 }, { kind: 'unhashed', position: 36 }]] as const) {
      await damaged(file, damage, async (database, copy) => {
        const once = verifyHashChain(database);
        for (const threads of [1, 2, 3]) assert.equal(await new SqliteTamperEvidence(database, copy, threads).verify(), once, `${threads} threads, ${JSON.stringify(damage)}`);
      });
    }
  }));

test.run();
