/**
 * Projection rows in the engine's SQLite file (tables of migration 4), beside the events. A
 * commit is one BEGIN IMMEDIATE transaction: it checks the checkpoint, writes the rows and moves
 * the checkpoint (table `checkpoints`), so rows and checkpoint never disagree. It commits with
 * synchronous=NORMAL (no fsync of its own; WAL keeps it atomic), the connection's own setting
 * being restored right after.
 */
import type Database from 'better-sqlite3';
import type { GlobalPosition } from '../../../application/ports/event-store.js';
import { ProjectionCheckpointConflictError, type ProjectionCommit, type ProjectionStore } from '../../../application/ports/projection-store.js';
import { PROJECTION_CHECKPOINT } from '../../../application/projections/index.js';
import { columnName, type Cell, type Row, type RowWrite, type Table } from '../../../application/projections/tables.js';
import { SELECT_CHECKPOINT, UPSERT_CHECKPOINT } from '../../event-store/sqlite/sql.js';
import { decodeRow, decodeValues, encodeCell, encodeRow, fieldsOf, type SqlValue } from './row-codec.js';

interface TableStatements {
  /** Raw: the row's values in column order. */
  readonly get: Database.Statement<SqlValue[], unknown[]>;
  readonly put: Database.Statement<SqlValue[]>;
}

export class SqliteProjectionStore implements ProjectionStore {
  readonly #statements = new Map<string, TableStatements>();
  readonly #selectCheckpoint: Database.Statement<[string], string>;
  readonly #upsertCheckpoint: Database.Statement<[string, string]>;
  readonly #commit: (commit: ProjectionCommit) => void;
  readonly #put: (writes: readonly RowWrite[]) => void;
  readonly #begin: Database.Statement;
  readonly #end: Database.Statement;
  readonly #owner: { close(): Promise<void> } | undefined;

  /** `database` belongs to the event store that opened it (`SqliteEventStore.database`): the tables' connection. */
  constructor(
    readonly database: Database.Database,
    private readonly checkpointName: string = PROJECTION_CHECKPOINT,
    /**
     * `durable: false` (a scratch file): commits keep the connection's own synchronous setting.
     * `owner`: the file is the store's own (projections in a file of their own): closed with it.
     */
    options: { readonly durable?: boolean; readonly owner?: { close(): Promise<void> } } = {},
  ) {
    this.#owner = options.owner;
    this.#selectCheckpoint = database.prepare<[string], string>(SELECT_CHECKPOINT).pluck();
    this.#upsertCheckpoint = database.prepare<[string, string]>(UPSERT_CHECKPOINT);
    const put = (writes: readonly RowWrite[]): void => {
      for (const { table, row } of writes) this.#prepared(table).put.run(...encodeRow(table, row));
    };
    const write = database.transaction(({ expected, position, writes }: ProjectionCommit) => {
      const actual = this.#selectCheckpoint.get(this.checkpointName);
      if (actual !== expected) throw new ProjectionCheckpointConflictError(expected, actual);
      put(writes);
      this.#upsertCheckpoint.run(this.checkpointName, position);
    });
    this.#put = put;
    this.#begin = database.prepare('BEGIN');
    this.#end = database.prepare('COMMIT');
    this.#commit = options.durable === false ? (commit) => write.immediate(commit) : (commit) => {
      // Rows and checkpoint are derived from durable events: a power cut may undo the newest
      // commits (the runner then applies their events again from the older checkpoint), never
      // tear one, so they skip the fsync; the next append's fsync makes them durable too.
      const synchronous = Number(database.pragma('synchronous', { simple: true }));
      database.pragma('synchronous = NORMAL');
      try {
        write.immediate(commit);
      } finally {
        database.pragma(`synchronous = ${synchronous}`);
      }
    };
  }

  async checkpoint(): Promise<GlobalPosition | undefined> {
    return this.#selectCheckpoint.get(this.checkpointName);
  }

  async get(table: Table, key: readonly Cell[]): Promise<Row | undefined> {
    const values = table.key.map((field, i) => encodeCell(table, field, key[i] ?? null));
    const stored = this.#prepared(table).get.get(...values);
    return stored === undefined ? undefined : decodeValues(table, stored);
  }

  async commit(commit: ProjectionCommit): Promise<void> {
    this.#commit(commit);
  }

  /**
   * Writes rows outside any checkpoint, at once, in a transaction that stays open for the next
   * loads until `endLoad` commits it: only for a store being built from zero that nothing reads
   * until its checkpoint is committed (a scratch file). Rows are written as they come, not held
   * in memory until a commit.
   */
  load(writes: readonly RowWrite[]): void {
    if (!this.database.inTransaction) this.#begin.run();
    this.#put(writes);
  }

  /** Commits the rows loaded since the last `endLoad`. */
  endLoad(): void {
    if (this.database.inTransaction) this.#end.run();
  }

  async rows(table: Table, where: Readonly<Record<string, Cell>> = {}): Promise<Row[]> {
    const conditions = Object.keys(where);
    for (const field of conditions) if (!(field in table.columns)) throw new RangeError(`table ${table.name} has no field '${field}'`);
    const filter = conditions.length === 0 ? '' : ` WHERE ${conditions.map((f) => `${columnName(f)} = ?`).join(' AND ')}`;
    const order = table.key.map(columnName).join(', ');
    const statement = this.database.prepare<SqlValue[], Record<string, unknown>>(`SELECT * FROM ${table.name}${filter} ORDER BY ${order}`);
    return statement.all(...conditions.map((f) => encodeCell(table, f, where[f] ?? null))).map((stored) => decodeRow(table, stored));
  }

  async *scan(table: Table): AsyncIterable<Row> {
    const order = table.key.map(columnName).join(', ');
    const columns = fieldsOf(table).map(columnName).join(', ');
    // One statement stepped row by row: SQLite's page cache is all it holds in memory.
    for (const stored of this.database.prepare<[], unknown[]>(`SELECT ${columns} FROM ${table.name} ORDER BY ${order}`).raw().iterate()) yield decodeValues(table, stored);
  }

  async close(): Promise<void> {
    await this.#owner?.close();
  }

  async reset(tables: readonly Table[]): Promise<void> {
    this.database
      .transaction(() => {
        for (const table of tables) this.database.prepare(`DELETE FROM ${table.name}`).run();
        this.database.prepare('DELETE FROM checkpoints WHERE name = ?').run(this.checkpointName);
      })
      .immediate();
  }

  #prepared(table: Table): TableStatements {
    let statements = this.#statements.get(table.name);
    if (statements === undefined) {
      const columns = fieldsOf(table).map(columnName);
      const byKey = table.key.map((field) => `${columnName(field)} = ?`).join(' AND ');
      statements = {
        get: this.database.prepare<SqlValue[], unknown[]>(`SELECT ${columns.join(', ')} FROM ${table.name} WHERE ${byKey}`).raw(),
        put: this.database.prepare<SqlValue[]>(`INSERT OR REPLACE INTO ${table.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`),
      };
      this.#statements.set(table.name, statements);
    }
    return statements;
  }
}
