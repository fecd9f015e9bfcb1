/** WAL checkpoints run in a worker thread with its own connection, never on the command path. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { WalCheckpointer } from '../../infrastructure/event-store/sqlite/wal-checkpointer.js';
import { collect, eventually, newEvent } from '../contract/contract-support.js';
import { withFile, WRITERS } from './sqlite-support.js';

const test = suite('SQLite WAL checkpoints');

const walSize = (file: string): number => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};

/** About 4 MB of events over 200 streams, appended in groups. */
async function burst(store: SqliteEventStore): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const expected = round === 0 ? 'no_stream' : round - 1;
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(`Agreement-${i}`, [newEvent({ note: 'x'.repeat(2000) })], expected)));
  }
}

test('the worker starts with the first append, from then on the store’s own connection never checkpoints, and a read-only store has none', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    const autocheckpoint = (): unknown => store.database.pragma('wal_autocheckpoint', { simple: true });
    try {
      assert.is(store.checkpointer?.running, false);
      assert.is(autocheckpoint(), 1000);
      await store.append('Agreement-1', [newEvent()], 'no_stream');
      await eventually(() => store.checkpointer?.running === true, 'the worker');
      assert.is(autocheckpoint(), 0);
    } finally {
      await store.close();
    }
    const reader = new SqliteEventStore(file, { readonly: true });
    assert.is(reader.checkpointer, undefined);
    await reader.close();
  }));

/** Frames in the WAL now, as another connection's PASSIVE checkpoint reports them (it copies nothing new: the worker already did). */
function framesInWal(file: string): number {
  const raw = new Database(file);
  try {
    return (raw.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]?.log ?? -1;
  } finally {
    raw.close();
  }
}

test('the worker copies a burst of appends into the file; once appends stop, it copies every frame once and the next append starts the WAL over, the file kept', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file, { checkpointIntervalMs: 50, checkpointIdleMs: 200 });
    const keep = new Database(file, { readonly: true });
    try {
      await burst(store);
      const burstWal = walSize(file);
      assert.ok(burstWal > 1_000_000, `the WAL holds the burst: ${burstWal} bytes`);
      const reports = (): readonly { mode: string; log: number; checkpointed: number }[] => store.checkpointer?.checkpoints ?? [];
      await eventually(() => reports().at(-1)?.mode === 'RESTART', 'a RESTART checkpoint');
      const restart = reports().at(-1);
      assert.ok(restart !== undefined && restart.log > 0 && restart.checkpointed === restart.log, JSON.stringify(restart));
      assert.ok(reports().some((report) => report.mode === 'PASSIVE'), reports().map((report) => report.mode).join(', '));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.is(reports().filter((report) => report.mode === 'RESTART').length, 1, 'once, not at every tick while idle');
      assert.is(walSize(file), burstWal, 'the file keeps its blocks');
      await store.append('Agreement-after', [newEvent()], 'no_stream');
      assert.ok(framesInWal(file) < 10, `the append started the WAL over: ${framesInWal(file)} frames`);
      assert.is(walSize(file), burstWal, 'written over its first frames, not grown');
      assert.equal(store.checkpointer?.failures, []);
      assert.is(keep.prepare('SELECT count(*) FROM events').pluck().get(), 2001);
    } finally {
      keep.close();
      await store.close();
    }
  }));

test('readers on another connection keep reading while the worker checkpoints', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file, { checkpointIntervalMs: 20, checkpointWalBytes: 64 * 1024, checkpointIdleMs: 100 });
    const reader = new SqliteEventStore(file, { readonly: true });
    try {
      let reads = 0;
      let done = false;
      const reading = (async () => {
        while (!done) {
          const counted = (await collect(reader.readStream('Agreement-0'))).length;
          assert.ok(counted <= 10);
          reads++;
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      await burst(store);
      await eventually(() => store.checkpointer?.checkpoints.at(-1)?.mode === 'RESTART', 'the WAL copied whole once appends stopped');
      done = true;
      await reading;
      assert.ok(reads > 0);
      assert.is((await collect(reader.readStream('Agreement-0'))).length, 10);
      assert.ok((store.checkpointer?.checkpoints.length ?? 0) >= 2);
    } finally {
      await reader.close();
      await store.close();
    }
  }));

for (const writer of WRITERS) {
  test(`under a steady stream of appends the WAL starts over instead of growing: appends are held for a moment, never lost (${writer.name})`, () =>
    withFile(async (file) => {
      const store = new SqliteEventStore(file, { checkpointIntervalMs: 10, checkpointWalBytes: 256 * 1024, ...writer.options });
      try {
        if (writer.threaded) assert.ok(await store.startWriterThread(), 'the writer thread started');
        let largest = 0;
        for (let i = 0; i < 2000; i++) {
          await store.append(`Agreement-${i % 50}`, [newEvent({ note: 'x'.repeat(1000) })], i < 50 ? 'no_stream' : Math.floor(i / 50) - 1);
          largest = Math.max(largest, walSize(file));
        }
        const reports = store.checkpointer?.checkpoints ?? [];
        assert.ok(reports.some((report) => report.afterPause && report.log === report.checkpointed), 'a checkpoint ran while appends were held');
        // Without the hold it would grow to about 50 MB (2,000 commits of some 24 kB each).
        assert.ok(largest < 12_000_000, `the WAL stayed small: at most ${largest} bytes`);
        assert.is((await collect(store.readAll())).length, 2000);
        assert.is(store.threadCommits > 0, writer.threaded, 'committed by the writer under test');
      } finally {
        await store.close();
      }
    }));
}

test('should the worker fail, the connection checkpoints by itself again and the failure is kept', () =>
  withFile(async (file) => {
    await new SqliteEventStore(file).close();
    const database = new Database(file);
    try {
      database.pragma('wal_autocheckpoint = 0');
      const checkpointer = new WalCheckpointer(database, join(dirname(file), 'missing', 'engine.sqlite'), { hold: () => {}, release: () => {}, autocheckpoint: async () => {} });
      checkpointer.start();
      await eventually(() => database.pragma('wal_autocheckpoint', { simple: true }) === 1000, 'the fallback');
      assert.is(checkpointer.running, false);
      assert.match(checkpointer.failures.join('\n'), /directory does not exist/);
    } finally {
      database.close();
    }
  }));

test('close stops the worker, and a process using the store exits on its own', () =>
  withFile(async (file) => {
    const store = new SqliteEventStore(file);
    await store.append('Agreement-1', [newEvent()], 'no_stream');
    await store.close();
    assert.is(store.checkpointer?.running, false);
    const moduleUrl = new URL('../../infrastructure/event-store/sqlite/sqlite-event-store.ts', import.meta.url).href;
    const script = `
      const { SqliteEventStore } = await import(${JSON.stringify(moduleUrl)});
      const closed = new SqliteEventStore(${JSON.stringify(file)});
      await closed.append('Agreement-2', [${JSON.stringify(newEvent())}], 'no_stream');
      await closed.close();
      const forgotten = new SqliteEventStore(${JSON.stringify(file)});
      await forgotten.append('Agreement-3', [${JSON.stringify(newEvent())}], 'no_stream');
      while (!forgotten.checkpointer.running) await new Promise((resolve) => setTimeout(resolve, 10));
      console.log(closed.checkpointer.running, forgotten.checkpointer.running);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill(), 15_000);
    const [code] = await once(child, 'exit');
    clearTimeout(timer);
    assert.is(code, 0, 'the child exited by itself');
    assert.is(output.trim(), 'false true');
  }));

test.run();
