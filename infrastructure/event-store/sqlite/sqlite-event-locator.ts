/** Finds an event of the SQLite store by its id, through the unique index on `events.event_id`. */
import type Database from 'better-sqlite3';
import type { EventLocator } from '../../../application/ports/snapshot-store.js';

const SELECT_EVENT_REVISION = 'SELECT stream_id, revision FROM events WHERE event_id = ?';

export class SqliteEventLocator implements EventLocator {
  private readonly select: Database.Statement<[string], { stream_id: string; revision: number }>;

  constructor(database: Database.Database) {
    this.select = database.prepare(SELECT_EVENT_REVISION);
  }

  async revisionOf(streamId: string, eventId: string): Promise<number | undefined> {
    const row = this.select.get(eventId);
    return row?.stream_id === streamId ? row.revision : undefined;
  }
}
