/** Rows of application/projections ↔ SQLite rows: snake_case columns, booleans as 0/1, JSON as text. */
import { columnName, type Cell, type Row, type Table } from '../../../application/projections/tables.js';

export type SqlValue = string | number | null;

const fields = new WeakMap<Table, readonly string[]>();

/** The table's fields in column order (computed once per table). */
export function fieldsOf(table: Table): readonly string[] {
  let known = fields.get(table);
  if (known === undefined) {
    known = Object.keys(table.columns);
    fields.set(table, known);
  }
  return known;
}

/** The row's values in column order, ready to bind. */
export function encodeRow(table: Table, row: Row): SqlValue[] {
  const names = fieldsOf(table);
  const values = new Array<SqlValue>(names.length);
  for (let i = 0; i < names.length; i++) values[i] = encodeCell(table, names[i] as string, row[names[i] as string] ?? null);
  return values;
}

export function encodeCell(table: Table, field: string, value: Cell): SqlValue {
  const type = table.columns[field];
  if (type === 'boolean') return value === true ? 1 : 0;
  if (type === 'json') return JSON.stringify(value);
  if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
    throw new TypeError(`projection table ${table.name}: field '${field}' holds ${JSON.stringify(value)}, not a ${type} value`);
  }
  return value;
}

export function decodeRow(table: Table, stored: Readonly<Record<string, unknown>>): Row {
  const row: Record<string, Cell> = {};
  for (const field of fieldsOf(table)) {
    const value = stored[columnName(field)] ?? null;
    const type = table.columns[field];
    row[field] = type === 'boolean' ? value === 1 : type === 'json' ? (JSON.parse(String(value)) as Cell) : (value as Cell);
  }
  return row;
}
