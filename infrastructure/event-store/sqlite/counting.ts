/** How many events the SQLite file holds after a position: totals for progress bars and lag notes. */
import type Database from 'better-sqlite3';
import type { GlobalPosition } from '../../../application/ports/event-store.js';
import { parsePosition } from '../shared/append-rules.js';

export function countEventsAfter(database: Database.Database, after: GlobalPosition | undefined): number {
  const from = after === undefined ? 0 : parsePosition(after);
  return database.prepare<[number], number>('SELECT count(*) FROM events WHERE position > ?').pluck().get(from) ?? 0;
}
