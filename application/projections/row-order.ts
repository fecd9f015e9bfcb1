/** Rows ordered by primary key, the same way in every projection store (and as SQLite orders them). */
import type { Cell, Row, Table } from './tables.js';

/** As SQLite orders them: numbers by value, text by its UTF-8 bytes (the BINARY collation). */
export function compareCells(a: Cell, b: Cell): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return Buffer.compare(Buffer.from(String(a), 'utf8'), Buffer.from(String(b), 'utf8'));
}

export function compareByKey(table: Table): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const field of table.key) {
      const order = compareCells(a[field] ?? null, b[field] ?? null);
      if (order !== 0) return order;
    }
    return 0;
  };
}
