/**
 * Projection tables in a scratch file beside the event store's: where `rebuild` builds the new
 * tables and `audit verify` replays the history, so that neither holds a table in memory nor
 * touches the tables analysts and the service read until the end. The file needs no durability
 * (no journal, no fsync): if the process dies it is garbage, removed by the next one. A rebuild
 * then swaps the scratch rows in, in one transaction of the main file: readers see the old
 * complete tables until the commit, the new complete tables after it, and kill -9 at any moment
 * leaves one or the other.
 */
import { accessSync, constants, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { PROJECTION_CHECKPOINT, PROJECTION_TABLES } from '../../../application/projections/index.js';
import { columnName, type Table } from '../../../application/projections/tables.js';
import { CREATE_CHECKPOINTS, SELECT_CHECKPOINT, UPSERT_CHECKPOINT } from '../../event-store/sqlite/sql.js';
import { CREATE_PROJECTION_TABLES } from './schema-sql.js';
import { SqliteProjectionStore } from './sqlite-projection-store.js';
import { fieldsOf } from './row-codec.js';

export type ScratchPurpose = 'rebuild' | 'verify';

export interface ScratchProjections {
  readonly file: string;
  readonly purpose: ScratchPurpose;
  readonly store: SqliteProjectionStore;
  /** The scratch file's own connection. */
  readonly database: Database.Database;
  /** Closes and deletes the file. */
  dispose(): void;
}

/** Page cache of a scratch file, KiB as SQLite counts a negative cache_size: the OS caches the rest (no fsync). */
const SCRATCH_CACHE_KIB = -4_096;

const SCRATCH = /^(.*)\.(rebuild|verify)-(\d+)-[0-9a-z]+\.tmp$/;

/** A process that died but was not reaped yet (Linux: state Z in /proc/<pid>/stat) holds no file. */
const zombie = (pid: number): boolean => {
  try {
    return /^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return !zombie(pid);
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
};

/** Scratch files of `mainFile` left by processes that are gone (killed half-way): removed. */
export function removeStaleScratchFiles(mainFile: string): string[] {
  const removed: string[] = [];
  for (const directory of [dirname(mainFile), tmpdir()]) {
    for (const name of existsSync(directory) ? readdirSync(directory) : []) {
      const match = SCRATCH.exec(name);
      if (match === null || match[1] !== basename(mainFile) || alive(Number(match[3]))) continue;
      rmSync(join(directory, name), { force: true });
      removed.push(join(directory, name));
    }
  }
  return removed;
}

/** The tables only: their secondary indexes and views serve readers of the main file, not a build. */
const TABLES_ONLY = CREATE_PROJECTION_TABLES.split(';')
  .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
  .filter((statement) => statement.startsWith('CREATE TABLE'))
  .join(';\n');

/**
 * `keyed`: the main file's tables, primary keys and all, for a runner that reads its rows back and
 * replaces them. `unkeyed`: the columns only, for a build that writes each row once
 * (partitioned-build.ts): rows go in at the end of the table in any order, and `indexKeys` adds
 * the keys once all are in (one sort, instead of a B-tree insert at a random place per row).
 */
export type ScratchLayout = 'keyed' | 'unkeyed';

const unkeyedTables = (tables: readonly Table[]): string => tables.map((table) => `CREATE TABLE ${table.name} (${fieldsOf(table).map(columnName).join(', ')})`).join(';\n');

const keyColumns = (table: Table): string => table.key.map(columnName).join(', ');

/** The unique key of each unkeyed table, built after its rows; a key written twice fails it (each row is written once). */
export function indexKeys(database: Database.Database, tables: readonly Table[]): void {
  for (const table of tables) database.exec(`CREATE UNIQUE INDEX ${table.name}_key ON ${table.name} (${keyColumns(table)})`);
}

let named = 0;

/** A new scratch file's name: beside the main file (the same disk), or in the temp directory when that one cannot be written. */
export function scratchFileName(mainFile: string, purpose: ScratchPurpose): string {
  const name = `${basename(mainFile)}.${purpose}-${process.pid}-${Date.now().toString(36)}${(named++).toString(36)}.tmp`;
  try {
    accessSync(dirname(mainFile), constants.W_OK);
    return join(dirname(mainFile), name);
  } catch {
    return join(tmpdir(), name);
  }
}

/** A new scratch file at `file`, its tables of `layout` created, on a connection of its own. */
export function createScratchFile(file: string, layout: ScratchLayout): Database.Database {
  const database = new Database(file);
  try {
    // A scratch file: no journal (SQLite's defensive mode, which refuses that, is off for this
    // connection only), no fsync, one writer; a torn file is thrown away anyway.
    database.unsafeMode(true);
    database.pragma('journal_mode = OFF');
    database.pragma('synchronous = OFF');
    database.pragma('locking_mode = EXCLUSIVE');
    // The keys of an unkeyed file are sorted once, over every row: in temporary files, not in memory.
    database.pragma(`temp_store = ${layout === 'keyed' ? 'MEMORY' : 'FILE'}`);
    database.pragma(`cache_size = ${SCRATCH_CACHE_KIB}`);
    database.exec(CREATE_CHECKPOINTS);
    database.exec(layout === 'keyed' ? TABLES_ONLY : unkeyedTables(PROJECTION_TABLES));
    return database;
  } catch (error) {
    database.close();
    rmSync(file, { force: true });
    throw error;
  }
}

/** Appends the rows of the unkeyed scratch file `other` (closed) to those of `database`'s, then deletes `other`. */
export function appendScratch(database: Database.Database, other: string, tables: readonly Table[]): void {
  database.prepare('ATTACH DATABASE ? AS other').run(other);
  try {
    database.transaction(() => {
      for (const table of tables) database.exec(`INSERT INTO main.${table.name} SELECT * FROM other.${table.name}`);
    })();
  } finally {
    database.exec('DETACH DATABASE other');
    rmSync(other, { force: true });
  }
}

export function openScratchProjections(mainFile: string, purpose: ScratchPurpose, layout: ScratchLayout = 'keyed'): ScratchProjections {
  removeStaleScratchFiles(mainFile);
  const file = scratchFileName(mainFile, purpose);
  const database = createScratchFile(file, layout);
  const store = new SqliteProjectionStore(database, PROJECTION_CHECKPOINT, { durable: false });
  return {
    file,
    purpose,
    store,
    database,
    dispose() {
      if (database.open) database.close();
      rmSync(file, { force: true });
    },
  };
}

/**
 * Replaces the main file's projection tables (and checkpoint) by the scratch file's, in one
 * IMMEDIATE transaction; then deletes the file.
 */
export function swapIn(main: Database.Database, scratch: ScratchProjections, tables: readonly Table[], checkpointName = PROJECTION_CHECKPOINT): void {
  scratch.database.close();
  main.prepare('ATTACH DATABASE ? AS scratch').run(scratch.file);
  // The copy passes every page once: small caches on both sides (the default is 16 MB each) keep
  // the memory of a rebuild what it was while building.
  const cacheSize = Number(main.pragma('main.cache_size', { simple: true }));
  main.pragma(`main.cache_size = ${SCRATCH_CACHE_KIB}`);
  main.pragma(`scratch.cache_size = ${SCRATCH_CACHE_KIB}`);
  // Derived rows, as every projection commit (sqlite-projection-store.ts): without an fsync of its
  // own, WAL keeps the swap atomic; a power cut may undo it (the old tables and their checkpoint
  // stay, complete), never tear it.
  const synchronous = Number(main.pragma('synchronous', { simple: true }));
  main.pragma('synchronous = NORMAL');
  try {
    const position = main.prepare<[string], string>(SELECT_CHECKPOINT.replace('FROM checkpoints', 'FROM scratch.checkpoints')).pluck().get(checkpointName);
    main
      .transaction(() => {
        for (const table of tables) {
          main.exec(`DELETE FROM main.${table.name}`);
          // In key order: the main table's B-tree grows at its end.
          const columns = fieldsOf(table).map(columnName).join(', ');
          main.exec(`INSERT INTO main.${table.name} (${columns}) SELECT ${columns} FROM scratch.${table.name} ORDER BY ${keyColumns(table)}`);
        }
        if (position === undefined) main.prepare('DELETE FROM main.checkpoints WHERE name = ?').run(checkpointName);
        else main.prepare<[string, string]>(UPSERT_CHECKPOINT).run(checkpointName, position);
      })
      .immediate();
  } finally {
    main.pragma(`synchronous = ${synchronous}`);
    main.pragma(`main.cache_size = ${cacheSize}`);
    main.exec('DETACH DATABASE scratch');
    scratch.dispose();
  }
}
