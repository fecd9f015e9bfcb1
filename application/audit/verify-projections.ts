/**
 * Do the stored projections agree with a fresh replay? The history is replayed into an empty
 * projection store up to the stored checkpoint, then every table is compared row by row.
 */
import type { EventStore, GlobalPosition } from '../ports/event-store.js';
import type { ProjectionStore } from '../ports/projection-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner, type Progress } from '../projections/runner.js';
import { canonicalRow, keyOf, rowIdentity, type Cell, type Row, type Table } from '../projections/tables.js';

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
      readonly total: number;
    };

const byIdentity = (table: Table, rows: readonly Row[]): Map<string, Row> => new Map(rows.map((row) => [rowIdentity(table, keyOf(table, row)), canonicalRow(table, row)]));

export function compareTable(table: Table, stored: readonly Row[], replayed: readonly Row[]): ProjectionDifference[] {
  const expected = byIdentity(table, replayed);
  const actual = byIdentity(table, stored);
  const differences: ProjectionDifference[] = [];
  for (const [identity, row] of expected) {
    const found = actual.get(identity);
    if (found === undefined) {
      differences.push({ table: table.name, key: keyOf(table, row), kind: 'missing', fields: [] });
      continue;
    }
    const fields = Object.keys(table.columns).filter((f) => JSON.stringify(found[f]) !== JSON.stringify(row[f]));
    if (fields.length > 0) differences.push({ table: table.name, key: keyOf(table, row), kind: 'different', fields });
  }
  for (const [identity, row] of actual) {
    if (!expected.has(identity)) differences.push({ table: table.name, key: keyOf(table, row), kind: 'unexpected', fields: [] });
  }
  return differences;
}

export async function verifyProjections(
  store: EventStore,
  stored: ProjectionStore,
  fresh: ProjectionStore,
  projections: readonly Projection[],
  options: { readonly limit?: number; readonly onProgress?: (progress: Progress) => void } = {},
): Promise<ProjectionVerification> {
  const position = await stored.checkpoint();
  const runner = new ProjectionRunner(store, fresh, projections);
  let problem: string | undefined;
  try {
    if (position !== undefined) await runner.catchUp({ until: position, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const reached = await fresh.checkpoint();
    if (reached !== position) problem = `the stored checkpoint ${position} is not a position of the event store (the replay ended at ${reached ?? 'nothing'})`;
  } catch (error) {
    problem = `the replay failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const differences: ProjectionDifference[] = [];
  let rows = 0;
  for (const table of runner.tables) {
    const [actual, expected] = await Promise.all([stored.rows(table), fresh.rows(table)]);
    rows += actual.length;
    differences.push(...compareTable(table, actual, expected));
  }
  if (differences.length === 0 && problem === undefined) return { kind: 'match', position, rows };
  const limit = options.limit ?? 20;
  return { kind: 'mismatch', position, rows, ...(problem === undefined ? {} : { problem }), differences: differences.slice(0, limit), total: differences.length };
}
