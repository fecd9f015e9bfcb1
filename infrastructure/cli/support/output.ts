/**
 * Printing rows as a table (for people), CSV or JSON (for programs). CSV and JSON carry the
 * stable SQL column names and raw values (amounts in minor units); tables show amounts as
 * decimals of their currency with thousands separators.
 */
import Table from 'cli-table3';
import { columnName, type Cell, type Row, type Table as ProjectionTable } from '../../../application/projections/tables.js';
import { formatAmount, isCurrency } from '../../../domain/shared/money.js';

export const FORMATS = ['table', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** A row as the SQL table has it: snake_case column names, in column order. */
export function sqlRecord(table: ProjectionTable, row: Row): Record<string, Cell> {
  return Object.fromEntries(Object.keys(table.columns).map((field) => [columnName(field), row[field] ?? null]));
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: a header line, then one line per record, CRLF-free (\n), quoted where needed. */
export function toCsv(records: readonly Record<string, Cell>[], headers: readonly string[] = Object.keys(records[0] ?? {})): string {
  const lines = [headers.map(csvCell).join(','), ...records.map((r) => headers.map((h) => csvCell(r[h] ?? null)).join(','))];
  return `${lines.join('\n')}\n`;
}

export const toJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** "49,500" for 49500 JPY, "1,234.50" for 123450 USD; the raw number for an unknown currency. */
export function showAmount(amount: number | null, currency: string): string {
  if (amount === null) return '';
  const text = isCurrency(currency) ? formatAmount({ amount, currency }) : String(amount);
  const [whole = '', fraction] = text.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

export interface TableColumn<R> {
  readonly header: string;
  readonly value: (row: R) => string | number | boolean | null;
  /** Numbers and amounts are right-aligned. */
  readonly align?: 'left' | 'right';
}

export function renderTable<R>(columns: readonly TableColumn<R>[], rows: readonly R[], footer?: readonly string[]): string {
  const table = new Table({
    head: columns.map((c) => c.header),
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push(columns.map((c) => String(c.value(row) ?? '')));
  if (footer !== undefined) table.push([...footer]);
  return `${table.toString()}\n`;
}
