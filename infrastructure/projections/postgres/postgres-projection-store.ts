/**
 * Projection rows in PostgreSQL (the `pg` client): the same tables, columns and view as the SQLite
 * schema, so the analysts' SQL runs unchanged on both. Text columns use the "C" collation, so
 * rows come back in the byte order SQLite's BINARY gives (and `scan` agrees with it). A commit is
 * one transaction: an advisory lock per checkpoint serialises the engine processes, the
 * checkpoint is compared, the rows upserted in multi-row statements, the checkpoint moved.
 */
import pg from 'pg';
import { EventStoreUnavailableError, type GlobalPosition } from '../../../application/ports/event-store.js';
import { redactedUrl } from '../../config/store-url.js';
import { ProjectionCheckpointConflictError, type ProjectionCommit, type ProjectionStore } from '../../../application/ports/projection-store.js';
import { PROJECTION_CHECKPOINT } from '../../../application/projections/index.js';
import { columnName, keyOf, type Cell, type Row, type Table } from '../../../application/projections/tables.js';
import { CREATE_PROJECTION_TABLES } from '../sqlite/schema-sql.js';
import { decodeRow, decodeValues, encodeCell, encodeRow, fieldsOf, type SqlValue } from '../sqlite/row-codec.js';

/** The SQLite schema in PostgreSQL's words: no WITHOUT ROWID, byte-ordered text. */
export const POSTGRES_PROJECTION_SCHEMA = `${CREATE_PROJECTION_TABLES.replace(/\) WITHOUT ROWID;/g, ');').replace(/\bTEXT\b/g, 'TEXT COLLATE "C"')}
CREATE TABLE IF NOT EXISTS checkpoints (
  name     TEXT COLLATE "C" PRIMARY KEY,
  position TEXT NOT NULL
);`;

/** Parameters per statement stay far below PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const SCAN_PAGE = 2_000;

const lockKey = (name: string): string => `billing-engine:projections:${name}`;

export class PostgresProjectionStore implements ProjectionStore {
  readonly #pool: pg.Pool;
  #ready: Promise<void> | undefined;

  constructor(
    connectionString: string,
    private readonly checkpointName: string = PROJECTION_CHECKPOINT,
  ) {
    this.#pool = new pg.Pool({ connectionString, max: 4 });
  }

  /** Creates the tables on first use (once, whichever process comes first). */
  ready(): Promise<void> {
    this.#ready ??= this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['billing-engine:projection-schema']);
      const exists = await client.query<{ found: string | null }>("SELECT to_regclass('spending')::text AS found");
      if (exists.rows[0]?.found == null) await client.query(POSTGRES_PROJECTION_SCHEMA);
    });
    return this.#ready;
  }

  async checkpoint(): Promise<GlobalPosition | undefined> {
    await this.ready();
    const result = await this.#pool.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1', [this.checkpointName]);
    return result.rows[0]?.position;
  }

  async get(table: Table, key: readonly Cell[]): Promise<Row | undefined> {
    await this.ready();
    const byKey = table.key.map((field, i) => `${columnName(field)} = $${i + 1}`).join(' AND ');
    const values = table.key.map((field, i) => encodeCell(table, field, key[i] ?? null));
    const result = await this.#pool.query<unknown[]>({ text: `SELECT ${fieldsOf(table).map(columnName).join(', ')} FROM ${table.name} WHERE ${byKey}`, values, rowMode: 'array' });
    const stored = result.rows[0];
    return stored === undefined ? undefined : decodeValues(table, stored);
  }

  async commit({ expected, position, writes }: ProjectionCommit): Promise<void> {
    await this.ready();
    await this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(this.checkpointName)]);
      const actual = (await client.query<{ position: string }>('SELECT position FROM checkpoints WHERE name = $1', [this.checkpointName])).rows[0]?.position;
      if (actual !== expected) throw new ProjectionCheckpointConflictError(expected, actual);
      for (const [table, rows] of this.#latestByKey(writes)) await this.#upsert(client, table, rows);
      await client.query('INSERT INTO checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position', [this.checkpointName, position]);
    });
  }

  async rows(table: Table, where: Readonly<Record<string, Cell>> = {}): Promise<Row[]> {
    await this.ready();
    const conditions = Object.keys(where);
    for (const field of conditions) if (!(field in table.columns)) throw new RangeError(`table ${table.name} has no field '${field}'`);
    const filter = conditions.length === 0 ? '' : ` WHERE ${conditions.map((f, i) => `${columnName(f)} = $${i + 1}`).join(' AND ')}`;
    const result = await this.#pool.query<Record<string, unknown>>(`SELECT * FROM ${table.name}${filter} ORDER BY ${table.key.map(columnName).join(', ')}`, conditions.map((f) => encodeCell(table, f, where[f] ?? null)));
    return result.rows.map((stored) => decodeRow(table, stored));
  }

  /** Pages in key order (keyset pagination): a page in memory at a time. */
  async *scan(table: Table): AsyncIterable<Row> {
    await this.ready();
    const keys = table.key.map(columnName);
    let after: SqlValue[] | undefined;
    for (;;) {
      const from = after === undefined ? '' : ` WHERE (${keys.join(', ')}) > (${keys.map((_, i) => `$${i + 1}`).join(', ')})`;
      const page = await this.#pool.query<Record<string, unknown>>(`SELECT * FROM ${table.name}${from} ORDER BY ${keys.join(', ')} LIMIT ${SCAN_PAGE}`, after ?? []);
      for (const stored of page.rows) yield decodeRow(table, stored);
      const last = page.rows.at(-1);
      if (last === undefined || page.rows.length < SCAN_PAGE) return;
      after = keys.map((key) => last[key] as SqlValue);
    }
  }

  async reset(tables: readonly Table[]): Promise<void> {
    await this.ready();
    await this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockKey(this.checkpointName)]);
      for (const table of tables) await client.query(`DELETE FROM ${table.name}`);
      await client.query('DELETE FROM checkpoints WHERE name = $1', [this.checkpointName]);
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  /** The last write of each row in the commit, per table: one multi-row upsert may not touch a row twice. */
  #latestByKey(writes: ProjectionCommit['writes']): Map<Table, Row[]> {
    const byTable = new Map<Table, Map<string, Row>>();
    for (const { table, row } of writes) {
      const rows = byTable.get(table) ?? new Map<string, Row>();
      rows.set(JSON.stringify(keyOf(table, row)), row);
      byTable.set(table, rows);
    }
    return new Map([...byTable].map(([table, rows]) => [table, [...rows.values()]]));
  }

  async #upsert(client: pg.PoolClient, table: Table, rows: readonly Row[]): Promise<void> {
    const columns = fieldsOf(table).map(columnName);
    const keys = new Set(table.key.map(columnName));
    const updates = columns.filter((c) => !keys.has(c)).map((c) => `${c} = EXCLUDED.${c}`);
    const onConflict = `ON CONFLICT (${[...keys].join(', ')}) DO ${updates.length === 0 ? 'NOTHING' : `UPDATE SET ${updates.join(', ')}`}`;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values = chunk.flatMap((row) => encodeRow(table, row));
      const tuples = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
      await client.query(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${onConflict}`, values);
    }
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** A store whose tables are ready, or EventStoreUnavailableError saying which server (password left out) and why. */
export async function openPostgresProjections(connectionString: string): Promise<PostgresProjectionStore> {
  const store = new PostgresProjectionStore(connectionString);
  try {
    await store.ready();
    return store;
  } catch (error) {
    await store.close();
    throw new EventStoreUnavailableError(`the projections' PostgreSQL at ${redactedUrl(connectionString)} cannot be reached: ${(error as Error).message}`, { cause: error });
  }
}
