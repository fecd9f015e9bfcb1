/** Finds an event of the SQLite store by its id, through the unique index on `events.event_id`, and a stream's current revision. */
import type Database from 'better-sqlite3';
import type { EventLocator } from '../../../application/ports/snapshot-store.js';
import { SELECT_STREAM_REVISION } from './sql.js';

const SELECT_EVENT_REVISION = 'SELECT stream_id, revision FROM events WHERE event_id = ?';

export class SqliteEventLocator implements EventLocator {
  private readonly select: Database.Statement<[string], { stream_id: string; revision: number }>;
  private readonly current: Database.Statement<[string], number>;

  constructor(database: Database.Database) {
    this.select = database.prepare(SELECT_EVENT_REVISION);
    this.current = database.prepare<[string], number>(SELECT_STREAM_REVISION).pluck();
  }

  /** From the table `streams`, which every append keeps. */
  async currentRevision(streamId: string): Promise<number | undefined> {
    return this.current.get(streamId);
  }

  async revisionOf(streamId: string, eventId: string): Promise<number | undefined> {
    const row = this.select.get(eventId);
    return row?.stream_id === streamId ? row.revision : undefined;
  }
}
