/** Rows ordered by primary key, the same way in every projection store. */
import type { Cell, Row, Table } from '../../application/projections/tables.js';

function compareCells(a: Cell, b: Cell): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
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
