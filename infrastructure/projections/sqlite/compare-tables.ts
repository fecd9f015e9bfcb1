/**
 * `audit verify`'s comparison of a stored SQLite table with its replay in the scratch file, inside
 * SQLite: the scratch file is attached to the stored tables' connection, and two joins on the key
 * give the differences — the stored rows the replay lacks or has otherwise (stored LEFT JOIN
 * replayed), the replayed rows the store lacks (the other way round) — each in key order, merged
 * here. The same differences, in the same order, as `compareTable`'s merge of two scans
 * (application/audit/verify-projections.ts), without a JavaScript row for every stored and every
 * replayed row: 1M events' tables in about 0.6 s instead of 2.3 s of the event loop.
 */
import type Database from 'better-sqlite3';
import type { ProjectionDifference, TableComparer } from '../../../application/audit/verify-projections.js';
import { compareByKey } from '../../../application/projections/row-order.js';
import { columnName, type Row, type Table } from '../../../application/projections/tables.js';
import { decodeField, fieldsOf } from './row-codec.js';
import type { ScratchProjections } from './scratch-projections.js';

const REPLAYED = 'replayed';

export interface SqliteComparer {
  readonly compare: TableComparer;
  /** Detaches the scratch file from the stored tables' connection (before the file is deleted). */
  detach(): void;
}

/** `stored`: the connection of the stored tables; `scratch`: the replay, built (its own connection is closed on first use). */
export function sqliteComparer(stored: Database.Database, scratch: ScratchProjections): SqliteComparer {
  let attached = false;
  const attach = (): void => {
    if (attached) return;
    // The scratch connection holds its file's lock (locking_mode EXCLUSIVE) until it closes.
    if (scratch.database.open) scratch.database.close();
    stored.prepare(`ATTACH DATABASE ? AS ${REPLAYED}`).run(scratch.file);
    attached = true;
  };
  return {
    async compare(table, found) {
      attach();
      compareInSqlite(stored, table, found);
      return stored.prepare<[], number>(`SELECT count(*) FROM main.${table.name}`).pluck().get() ?? 0;
    },
    detach() {
      if (attached && stored.open) stored.exec(`DETACH DATABASE ${REPLAYED}`);
      attached = false;
    },
  };
}

function compareInSqlite(database: Database.Database, table: Table, found: (difference: ProjectionDifference) => void): void {
  const keys = table.key;
  const others = fieldsOf(table).filter((field) => !keys.includes(field));
  const on = keys.map((field) => `s.${columnName(field)} = r.${columnName(field)}`).join(' AND ');
  const differs = others.map((field) => `s.${columnName(field)} IS NOT r.${columnName(field)}`);
  const keyOf = (alias: string): string => keys.map((field) => `${alias}.${columnName(field)}`).join(', ');
  const first = columnName(keys[0] as string);
  // Stored rows with no replayed row (the flag) or another one (a flag per field); then replayed rows with no stored row.
  const storedSide = database
    .prepare<[], unknown[]>(
      `SELECT ${keyOf('s')}, r.${first} IS NULL${differs.map((d) => `, ${d}`).join('')}
       FROM main.${table.name} AS s LEFT JOIN ${REPLAYED}.${table.name} AS r ON ${on}
       WHERE r.${first} IS NULL${differs.map((d) => ` OR ${d}`).join('')} ORDER BY ${keyOf('s')}`,
    )
    .raw()
    .iterate();
  const replayedSide = database
    .prepare<[], unknown[]>(
      `SELECT ${keyOf('r')} FROM ${REPLAYED}.${table.name} AS r LEFT JOIN main.${table.name} AS s ON ${on}
       WHERE s.${first} IS NULL ORDER BY ${keyOf('r')}`,
    )
    .raw()
    .iterate();
  const keyRow = (values: readonly unknown[]): Row => Object.fromEntries(keys.map((field, i) => [field, decodeField(table, field, values[i])]));
  const order = compareByKey(table);
  try {
    let s = storedSide.next();
    let r = replayedSide.next();
    while (!s.done || !r.done) {
      const storedKey = s.done ? undefined : keyRow(s.value);
      const replayedKey = r.done ? undefined : keyRow(r.value);
      if (storedKey !== undefined && (replayedKey === undefined || order(storedKey, replayedKey) <= 0)) {
        const flags = (s.value as unknown[]).slice(keys.length);
        const key = keys.map((field) => storedKey[field] ?? null);
        if (flags[0] === 1) found({ table: table.name, key, kind: 'unexpected', fields: [] });
        else found({ table: table.name, key, kind: 'different', fields: others.filter((_, i) => flags[i + 1] === 1) });
        s = storedSide.next();
      } else if (replayedKey !== undefined) {
        found({ table: table.name, key: keys.map((field) => replayedKey[field] ?? null), kind: 'missing', fields: [] });
        r = replayedSide.next();
      }
    }
  } finally {
    // A statement left half-read (a `found` that threw) would keep the scratch file from detaching.
    storedSide.return?.();
    replayedSide.return?.();
  }
}
