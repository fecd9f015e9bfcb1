/**
 * The rows a runner knows: those it read or wrote, the ones written since its last commit among
 * them. The projections read from it, their writes land in it, and a commit takes the rows
 * written since the previous one.
 *
 * Memory stays bounded by generations: rows live in a young map; at a commit, once the young map
 * holds more than half the capacity, it becomes the old one and the previous old one is dropped.
 * A row read from the old generation moves back to the young one, so rows in use stay and rows
 * left alone for two generations go (they are in the store, and read from it when asked for
 * again). Rows written since the last commit are never dropped: they are not stored yet.
 */
import type { RowReader } from './projection.js';
import { keyOf, rowIdentity, type Cell, type Row, type RowWrite, type Table } from './tables.js';

export interface RowRef {
  readonly table: Table;
  readonly key: readonly Cell[];
}

export class WorkingSet {
  /** null: known not to exist. */
  #young = new Map<string, Row | null>();
  #old = new Map<string, Row | null>();
  readonly #written = new Map<string, RowWrite>();
  /** Rows asked for and not known, since the last `reader()` reset. */
  readonly #missing: RowRef[] = [];
  readonly #reader: RowReader;

  /** `capacity`: rows kept between commits, about (the young and old generations together). */
  constructor(private readonly capacity: number) {
    this.#reader = {
      get: <R extends Row>(table: Table<R>, key: readonly Cell[]): R | undefined => {
        const row = this.#lookup(rowIdentity(table, key));
        if (row === undefined) this.#missing.push({ table, key });
        return (row ?? undefined) as R | undefined;
      },
    };
  }

  /** A reader over the known rows (the same object every time); every row it does not know goes to `missing`, read as absent. */
  reader(): RowReader {
    this.#missing.length = 0;
    return this.#reader;
  }

  /** The rows the reader was asked for and did not know since `reader()` was last called. */
  get missing(): readonly RowRef[] {
    return this.#missing;
  }

  learn(table: Table, key: readonly Cell[], row: Row | undefined): void {
    this.#young.set(rowIdentity(table, key), row ?? null);
  }

  apply(writes: readonly RowWrite[]): void {
    for (const written of writes) {
      const identity = rowIdentity(written.table, keyOf(written.table, written.row));
      this.#young.set(identity, written.row);
      this.#written.set(identity, written);
    }
  }

  /** The rows written since the last call, the last write of each; the caller commits them. */
  takeWrites(): RowWrite[] {
    const writes = [...this.#written.values()];
    this.#written.clear();
    return writes;
  }

  /** After a successful commit (nothing is unwritten then): starts a new generation if the young one is full. */
  committed(): void {
    if (this.#young.size <= this.capacity / 2) return;
    this.#old = this.#young;
    this.#young = new Map();
  }

  /** Forgets everything (after a failed or conflicting commit). */
  discard(): void {
    this.#young.clear();
    this.#old.clear();
    this.#written.clear();
    this.#missing.length = 0;
  }

  get size(): number {
    return this.#young.size + this.#old.size;
  }

  #lookup(identity: string): Row | null | undefined {
    const young = this.#young.get(identity);
    if (young !== undefined) return young;
    const old = this.#old.get(identity);
    if (old !== undefined) this.#young.set(identity, old);
    return old;
  }
}
