/**
 * Do the stored projections agree with a fresh replay? The history is replayed into an empty
 * projection store up to the stored checkpoint (a scratch file for SQLite), then every table is
 * compared with the replay in key order, both read as streams: memory stays bounded whatever the
 * size of the history.
 */
import type { EventStore, GlobalPosition } from '../ports/event-store.js';
import type { ProjectionStore } from '../ports/projection-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner, type CatchUpOptions, type Progress } from '../projections/runner.js';
import { compareByKey } from '../projections/row-order.js';
import { keyOf, type Cell, type Row, type Table } from '../projections/tables.js';

export interface ProjectionDifference {
  readonly table: string;
  readonly key: readonly Cell[];
  /** `missing`: the replay has the row, the store not; `unexpected`: the other way round. */
  readonly kind: 'missing' | 'unexpected' | 'different';
  /** For `different`: the fields that differ. */
  readonly fields: readonly string[];
}

export type ProjectionVerification =
  | { readonly kind: 'not-stored'; readonly reason: string }
  | { readonly kind: 'match'; readonly position: GlobalPosition | undefined; readonly rows: number }
  | {
      readonly kind: 'mismatch';
      readonly position: GlobalPosition | undefined;
      readonly rows: number;
      readonly problem?: string;
      /** The first differences found (at most `limit`), and how many there are. */
      readonly differences: readonly ProjectionDifference[];
      /** Per table that differs: how many rows, and the first in key order. */
      readonly byTable: readonly TableDifferences[];
      readonly total: number;
    };

/** How many rows of a table differ, and the first of them in key order. */
export interface TableDifferences {
  readonly table: string;
  readonly count: number;
  readonly first: ProjectionDifference;
}

/** Equal cells: the same text, number, boolean or null, or JSON values of the same text. */
const sameCell = (a: Cell, b: Cell): boolean => a === b || (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b));

/**
 * Compares a table's stored rows with the replayed ones, both in key order, one row of each at a
 * time (a merge of two sorted streams): memory does not grow with the table. Calls `found` for
 * every difference, in key order; returns how many rows were stored.
 */
export async function compareTable(table: Table, stored: AsyncIterable<Row>, replayed: AsyncIterable<Row>, found: (difference: ProjectionDifference) => void): Promise<number> {
  const order = compareByKey(table);
  const columns = Object.keys(table.columns);
  const actual = stored[Symbol.asyncIterator]();
  const expected = replayed[Symbol.asyncIterator]();
  let a = await actual.next();
  let e = await expected.next();
  let rows = 0;
  while (!a.done || !e.done) {
    const side = a.done ? 1 : e.done ? -1 : order(a.value, e.value);
    if (side < 0 && !a.done) {
      found({ table: table.name, key: keyOf(table, a.value), kind: 'unexpected', fields: [] });
      rows += 1;
      a = await actual.next();
    } else if (side > 0 && !e.done) {
      found({ table: table.name, key: keyOf(table, e.value), kind: 'missing', fields: [] });
      e = await expected.next();
    } else if (!a.done && !e.done) {
      const storedRow = a.value;
      const replayedRow = e.value;
      const fields = columns.filter((f) => !sameCell(storedRow[f] ?? null, replayedRow[f] ?? null));
      if (fields.length > 0) found({ table: table.name, key: keyOf(table, e.value), kind: 'different', fields });
      rows += 1;
      [a, e] = await Promise.all([actual.next(), expected.next()]);
    }
  }
  return rows;
}

/**
 * Compares a table's stored rows with the replayed ones as `compareTable` does (the same
 * differences, in key order; the stored rows counted): a store's faster way, where it has one.
 */
export type TableComparer = (table: Table, found: (difference: ProjectionDifference) => void) => Promise<number>;

/** Builds the fresh store from the history up to `until` (a store's faster way than the runner's, where it has one). */
export type FreshBuild = (options: CatchUpOptions & { readonly until: GlobalPosition }) => Promise<unknown>;

export async function verifyProjections(
  store: EventStore,
  stored: ProjectionStore,
  fresh: ProjectionStore,
  projections: readonly Projection[],
  options: {
    readonly limit?: number;
    readonly onProgress?: (progress: Progress) => void;
    readonly onTable?: (table: string) => void;
    readonly build?: FreshBuild;
    readonly compare?: TableComparer;
  } = {},
): Promise<ProjectionVerification> {
  const position = await stored.checkpoint();
  const runner = new ProjectionRunner(store, fresh, projections);
  const build: FreshBuild = options.build ?? ((catchUp) => runner.catchUp(catchUp));
  const compare: TableComparer = options.compare ?? ((table, found) => compareTable(table, stored.scan(table), fresh.scan(table), found));
  let problem: string | undefined;
  try {
    if (position !== undefined) await build({ until: position, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const reached = await fresh.checkpoint();
    if (reached !== position) problem = `the stored checkpoint ${position} is not a position of the event store (the replay ended at ${reached ?? 'nothing'})`;
  } catch (error) {
    problem = `the replay failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const limit = options.limit ?? 20;
  const differences: ProjectionDifference[] = [];
  const byTable: TableDifferences[] = [];
  let total = 0;
  let rows = 0;
  for (const table of runner.tables) {
    let count = 0;
    let first: ProjectionDifference | undefined;
    rows += await compare(table, (difference) => {
      count += 1;
      first ??= difference;
      if (differences.length < limit) differences.push(difference);
    });
    options.onTable?.(table.name);
    total += count;
    if (first !== undefined) byTable.push({ table: table.name, count, first });
  }
  if (total === 0 && problem === undefined) return { kind: 'match', position, rows };
  return { kind: 'mismatch', position, rows, ...(problem === undefined ? {} : { problem }), differences, byTable, total };
}
