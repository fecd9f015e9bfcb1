/** Snapshots in the engine's SQLite file, beside the events (table `snapshots`, migration 6). */
import type Database from 'better-sqlite3';
import type { Snapshot, SnapshotStore } from '../../application/ports/snapshot-store.js';
import { DELETE_ALL_SNAPSHOTS, DELETE_SNAPSHOT, SELECT_SNAPSHOT, UPSERT_SNAPSHOT } from './schema-sql.js';

export class SqliteSnapshotStore implements SnapshotStore {
  private readonly select: Database.Statement<[string], Snapshot>;
  private readonly upsert: Database.Statement<[string, number, number, string]>;
  private readonly remove: Database.Statement<[string]>;
  private readonly removeAll: Database.Statement<[]>;

  constructor(private readonly database: Database.Database) {
    this.select = database.prepare(SELECT_SNAPSHOT);
    this.upsert = database.prepare(UPSERT_SNAPSHOT);
    this.remove = database.prepare(DELETE_SNAPSHOT);
    this.removeAll = database.prepare(DELETE_ALL_SNAPSHOTS);
  }

  async get(streamId: string): Promise<Snapshot | undefined> {
    return this.select.get(streamId);
  }

  /**
   * Its own short transaction, after the append's has committed, without an fsync: a snapshot is
   * a cache (a lost or torn one is refused by its checksum and rebuilt), so it must not cost a
   * durable commit on the command path. The next durable commit syncs the log up to here anyway.
   */
  async put(streamId: string, revision: number, state: string, version: number): Promise<void> {
    if (this.database.inTransaction) {
      this.upsert.run(streamId, revision, version, state);
      return;
    }
    this.database.pragma('synchronous = OFF');
    try {
      this.upsert.run(streamId, revision, version, state);
    } finally {
      this.database.pragma('synchronous = FULL');
    }
  }

  async delete(streamId: string): Promise<void> {
    this.remove.run(streamId);
  }

  async clear(): Promise<void> {
    this.removeAll.run();
  }
}
