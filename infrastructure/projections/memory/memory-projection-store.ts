/**
 * Projection rows in memory, for tests and for `verify`'s fresh rebuild. Rows are kept as JSON
 * text, so what comes back is a copy, as from the SQLite store.
 */
import { ProjectionCheckpointConflictError, type ProjectionCommit, type ProjectionStore } from '../../../application/ports/projection-store.js';
import type { GlobalPosition } from '../../../application/ports/event-store.js';
import { canonicalRow, keyOf, type Cell, type Row, type Table } from '../../../application/projections/tables.js';
import { compareByKey } from '../../../application/projections/row-order.js';

export class MemoryProjectionStore implements ProjectionStore {
  readonly #tables = new Map<string, Map<string, string>>();
  #checkpoint: GlobalPosition | undefined;

  async checkpoint(): Promise<GlobalPosition | undefined> {
    return this.#checkpoint;
  }

  async get(table: Table, key: readonly Cell[]): Promise<Row | undefined> {
    const text = this.#tables.get(table.name)?.get(JSON.stringify(key));
    return text === undefined ? undefined : (JSON.parse(text) as Row);
  }

  async commit({ expected, position, writes }: ProjectionCommit): Promise<void> {
    if (this.#checkpoint !== expected) throw new ProjectionCheckpointConflictError(expected, this.#checkpoint);
    const encoded = writes.map(({ table, row }) => [table.name, JSON.stringify(keyOf(table, row)), JSON.stringify(canonicalRow(table, row))] as const);
    for (const [name, key, text] of encoded) {
      const rows = this.#tables.get(name) ?? new Map<string, string>();
      rows.set(key, text);
      this.#tables.set(name, rows);
    }
    this.#checkpoint = position;
  }

  async rows(table: Table, where: Readonly<Record<string, Cell>> = {}): Promise<Row[]> {
    const all = [...(this.#tables.get(table.name)?.values() ?? [])].map((text) => JSON.parse(text) as Row);
    const conditions = Object.entries(where);
    return all.filter((row) => conditions.every(([field, value]) => row[field] === value)).sort(compareByKey(table));
  }

  async *scan(table: Table): AsyncIterable<Row> {
    yield* await this.rows(table);
  }

  async reset(tables: readonly Table[]): Promise<void> {
    for (const table of tables) this.#tables.delete(table.name);
    this.#checkpoint = undefined;
  }
}
