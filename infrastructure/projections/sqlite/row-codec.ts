/** Rows of application/projections ↔ SQLite rows: snake_case columns, booleans as 0/1, JSON as text. */
import { columnName, type Cell, type ColumnType, type Row, type Table } from '../../../application/projections/tables.js';

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

interface ColumnLayout {
  readonly field: string;
  readonly column: string;
  readonly type: ColumnType | undefined;
}

const layouts = new WeakMap<Table, readonly ColumnLayout[]>();

/** Each field of the table with its SQL column and type, in column order (computed once per table). */
function layoutOf(table: Table): readonly ColumnLayout[] {
  let layout = layouts.get(table);
  if (layout === undefined) {
    layout = fieldsOf(table).map((field) => ({ field, column: columnName(field), type: table.columns[field] }));
    layouts.set(table, layout);
  }
  return layout;
}

function decodeCell(type: ColumnType | undefined, value: unknown): Cell {
  return type === 'boolean' ? value === 1 : type === 'json' ? (JSON.parse(String(value)) as Cell) : ((value ?? null) as Cell);
}

/** One field's value as read from its column. */
export function decodeField(table: Table, field: string, value: unknown): Cell {
  return decodeCell(table.columns[field], value ?? null);
}

/** A row read as an object keyed by column name. */
export function decodeRow(table: Table, stored: Readonly<Record<string, unknown>>): Row {
  const row: Record<string, Cell> = {};
  for (const { field, column, type } of layoutOf(table)) row[field] = decodeCell(type, stored[column] ?? null);
  return row;
}

/** A row read as the values of its columns in column order (a raw statement over `fieldsOf`). */
export function decodeValues(table: Table, values: readonly unknown[]): Row {
  const row: Record<string, Cell> = {};
  const layout = layoutOf(table);
  for (let i = 0; i < layout.length; i++) {
    const { field, type } = layout[i] as ColumnLayout;
    row[field] = decodeCell(type, values[i] ?? null);
  }
  return row;
}
