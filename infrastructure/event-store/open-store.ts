/** Opens the event store a location names, with the checkpoint store that belongs beside it. */
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { EventStore } from '../../application/ports/event-store.js';
import { MemoryCheckpointStore } from '../checkpoints/memory-checkpoint-store.js';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store.js';
import { StreamCheckpointStore } from '../checkpoints/stream-checkpoint-store.js';
import type { StoreLocation } from '../config/store-url.js';
import { EsdbEventStore } from './eventstoredb/esdb-event-store.js';
import { MemoryEventStore } from './memory/memory-event-store.js';
import { openSqliteEventStore, type SqliteEventStore } from './sqlite/sqlite-event-store.js';

export interface OpenedStore {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  /** The SQLite store itself when the location is a SQLite file (projections share its file). */
  readonly sqlite?: SqliteEventStore;
}

export async function openStore(location: StoreLocation): Promise<OpenedStore> {
  switch (location.kind) {
    case 'memory':
      return { store: new MemoryEventStore(), checkpoints: new MemoryCheckpointStore() };
    case 'sqlite': {
      const sqlite = await openSqliteEventStore(location.path);
      return { store: sqlite, checkpoints: new SqliteCheckpointStore(sqlite.database), sqlite };
    }
    case 'esdb': {
      const store = EsdbEventStore.connect(location.connectionString);
      return { store, checkpoints: new StreamCheckpointStore(store) };
    }
  }
}
