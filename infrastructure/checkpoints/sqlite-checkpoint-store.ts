/** Checkpoints in the engine's SQLite file, beside the events (table `checkpoints`). */
import type Database from 'better-sqlite3';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { GlobalPosition } from '../../application/ports/event-store.js';
import { SELECT_CHECKPOINT, UPSERT_CHECKPOINT } from '../event-store/sqlite/sql.js';

export class SqliteCheckpointStore implements CheckpointStore {
  private readonly select: Database.Statement<[string], { position: string }>;
  private readonly upsert: Database.Statement<[string, string]>;

  constructor(database: Database.Database) {
    this.select = database.prepare(SELECT_CHECKPOINT);
    this.upsert = database.prepare(UPSERT_CHECKPOINT);
  }

  async get(name: string): Promise<GlobalPosition | undefined> {
    return this.select.get(name)?.position;
  }

  async put(name: string, position: GlobalPosition): Promise<void> {
    this.upsert.run(name, position);
  }
}
