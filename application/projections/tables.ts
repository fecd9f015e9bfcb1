/**
 * The shape of projection storage, independent of where it lives: tables of flat rows with a
 * primary key. A field `limitAmount` is the column `limit_amount` in SQL (see `columnName`).
 */
import type { JsonValue } from '../../domain/shared/decision.js';

/**
 * `integer` columns hold safe integers (money in minor units, counts); `boolean` is 0/1 in SQL;
 * `json` is JSON text in SQL and a parsed value in rows. A `?` allows null.
 */
export type ColumnType = 'text' | 'text?' | 'integer' | 'integer?' | 'boolean' | 'json';

export type Cell = JsonValue;
export type Row = { readonly [field: string]: Cell };

export interface Table<R extends Row = Row> {
  /** The SQL table name. */
  readonly name: string;
  /** The fields of the primary key, in order. */
  readonly key: readonly (keyof R & string)[];
  readonly columns: { readonly [K in keyof R & string]: ColumnType };
  /** A projection's own bookkeeping (lookups between streams), not a report. */
  readonly internal: boolean;
}

/** A whole row to insert or replace. */
export interface RowWrite {
  readonly table: Table;
  readonly row: Row;
}

export const write = <R extends Row>(table: Table<R>, row: R): RowWrite => ({ table, row });

export function keyOf(table: Table, row: Row): Cell[] {
  return table.key.map((field) => row[field] ?? null);
}

/** `limitAmount` → `limit_amount`: the stable SQL column name of a field. */
export const columnName = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One text for a table and key, for maps keyed by row identity (each text cell prefixed by its length: no two keys meet). */
export function rowIdentity(table: Table, key: readonly Cell[]): string {
  let identity = table.name;
  for (const cell of key) identity += typeof cell === 'string' ? `\u0000${cell.length}:${cell}` : `\u0001${JSON.stringify(cell)}`;
  return identity;
}

/** The row with its fields in the table's column order: equal rows then have equal JSON. */
export function canonicalRow(table: Table, row: Row): Row {
  return Object.fromEntries(Object.keys(table.columns).map((field) => [field, row[field] ?? null]));
}
