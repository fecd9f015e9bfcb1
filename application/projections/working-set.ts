/**
 * The rows a runner has read or written since its last commit (and, while commits succeed, the
 * rows it knows to be stored): the projections read from it, their writes land in it, and a
 * commit takes the rows written since the previous one.
 */
import type { RowReader } from './projection.js';
import { keyOf, rowIdentity, type Cell, type Row, type RowWrite, type Table } from './tables.js';

export interface RowRef {
  readonly table: Table;
  readonly key: readonly Cell[];
}

export class WorkingSet {
  /** null: known not to exist. */
  readonly #known = new Map<string, Row | null>();
  readonly #written = new Map<string, RowWrite>();

  /** A reader over the known rows; every row it does not know is pushed to `missing` (and read as absent). */
  reader(missing: RowRef[]): RowReader {
    return {
      get: <R extends Row>(table: Table<R>, key: readonly Cell[]): R | undefined => {
        const row = this.#known.get(rowIdentity(table, key));
        if (row === undefined) missing.push({ table, key });
        return (row ?? undefined) as R | undefined;
      },
    };
  }

  learn(table: Table, key: readonly Cell[], row: Row | undefined): void {
    this.#known.set(rowIdentity(table, key), row ?? null);
  }

  apply(writes: readonly RowWrite[]): void {
    for (const written of writes) {
      const identity = rowIdentity(written.table, keyOf(written.table, written.row));
      this.#known.set(identity, written.row);
      this.#written.set(identity, written);
    }
  }

  /** The rows written since the last call, the last write of each. */
  takeWrites(): RowWrite[] {
    const writes = [...this.#written.values()];
    this.#written.clear();
    return writes;
  }

  /** Forgets everything (after a failed or conflicting commit, or to bound memory). */
  discard(): void {
    this.#known.clear();
    this.#written.clear();
  }

  get size(): number {
    return this.#known.size;
  }
}
