/**
 * Opens the event store a location names, with what belongs beside it: checkpoints, projection
 * storage, tamper evidence, the order of its positions.
 */
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { Lease } from '../../application/ports/lease.js';
import { resolve } from 'node:path';
import type { EventStore } from '../../application/ports/event-store.js';
import type { ComparePositions } from '../../application/ports/position-order.js';
import type { ProjectionStore } from '../../application/ports/projection-store.js';
import type { SnapshotStorage } from '../../application/ports/snapshot-store.js';
import type { TamperEvidence } from '../../application/ports/tamper-evidence.js';
import { MemoryCheckpointStore } from '../checkpoints/memory-checkpoint-store.js';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store.js';
import { StreamCheckpointStore } from '../checkpoints/stream-checkpoint-store.js';
import { ConfigurationError, type ProjectionLocation, type StoreLocation } from '../config/store-url.js';
import { MemoryProjectionStore } from '../projections/memory/memory-projection-store.js';
import { SqliteProjectionStore } from '../projections/sqlite/sqlite-projection-store.js';
import { MemorySnapshotStore } from '../snapshots/memory-snapshot-store.js';
import { SqliteSnapshotStore } from '../snapshots/sqlite-snapshot-store.js';
import { MemoryEventStore } from './memory/memory-event-store.js';
import { compareNumericPositions } from './shared/append-rules.js';
import { StreamChainEvidence } from './shared/stream-chain.js';
import { SqliteEventLocator } from './sqlite/sqlite-event-locator.js';
import { openSqliteEventStore, type SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store.js';
import { SqliteTamperEvidence } from './sqlite/sqlite-tamper-evidence.js';

export interface OpenedStore {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  /** The SQLite store itself when the location is a SQLite file (projections share its file). */
  readonly sqlite?: SqliteEventStore;
  /** Where projection rows live: tables in the SQLite file; in memory otherwise (the default when absent). */
  readonly projections?: ProjectionStore;
  /** The hash chain of the SQLite store; the default says there is none. */
  readonly tamperEvidence?: TamperEvidence;
  /** The default compares the positions of the SQLite and in-memory stores ("1", "2", …). */
  readonly comparePositions?: ComparePositions;
  /** Snapshots of long streams (a cache) and how to find the events they skip; none on EventStoreDB. */
  readonly snapshots?: SnapshotStorage;
  /** False where projections should catch up only when queried rather than follow every append (EventStoreDB). */
  readonly followProjections?: boolean;
  /** True where the projection rows are kept (a SQLite file, PostgreSQL), so `audit verify` can compare them. */
  readonly projectionsKept?: boolean;
  /** With PostgreSQL: the followers' lease, so that of several engine processes one runs them. */
  readonly lease?: Lease;
}

export interface OpenOptions extends SqliteEventStoreOptions {
  /** Projection tables elsewhere than beside the events (PostgreSQL). */
  readonly projections?: ProjectionLocation;
}

export async function openStore(location: StoreLocation, options: OpenOptions = {}): Promise<OpenedStore> {
  const { projections, ...sqliteOptions } = options;
  const opened = await openEvents(location, sqliteOptions);
  if (projections === undefined) return opened;
  if (projections.kind === 'sqlite') return { ...opened, projections: await sqliteProjections(projections.path, opened), followProjections: true, projectionsKept: true };
  const { openPostgresProjections } = await import('../projections/postgres/postgres-projection-store.js');
  const store = await openPostgresProjections(projections.connectionString).catch(async (error: unknown) => {
    await opened.store.close();
    throw error;
  });
  // The tables are shared by every engine process on the history: the lease picks the one that follows.
  const { PostgresLease } = await import('../leases/postgres-lease.js');
  return { ...opened, projections: store, followProjections: true, projectionsKept: true, lease: new PostgresLease(projections.connectionString) };
}

/**
 * Projection tables in a SQLite file of their own (the engine's schema, its events table unused):
 * closed with the projection store. The same file as the events is refused (they are there already).
 */
async function sqliteProjections(path: string, events: OpenedStore): Promise<ProjectionStore> {
  if (events.sqlite !== undefined && resolve(path) === events.sqlite.file) {
    await events.store.close();
    throw new ConfigurationError(`projections 'sqlite:${path}' is the store's own file: its projection tables are used without --projections`);
  }
  const file = await openSqliteEventStore(path);
  return new SqliteProjectionStore(file.database, undefined, { owner: file });
}

async function openEvents(location: StoreLocation, options: SqliteEventStoreOptions): Promise<OpenedStore> {
  switch (location.kind) {
    case 'memory': {
      const store = new MemoryEventStore();
      return {
        store,
        checkpoints: new MemoryCheckpointStore(),
        projections: new MemoryProjectionStore(),
        tamperEvidence: new StreamChainEvidence(() => store.chainedRecords()),
        comparePositions: compareNumericPositions,
        snapshots: { store: new MemorySnapshotStore(), locator: store },
      };
    }
    case 'sqlite': {
      const sqlite = await openSqliteEventStore(location.path, options);
      return {
        store: sqlite,
        checkpoints: new SqliteCheckpointStore(sqlite.database),
        sqlite,
        projections: new SqliteProjectionStore(sqlite.database),
        projectionsKept: true,
        tamperEvidence: new SqliteTamperEvidence(sqlite.database, sqlite.file),
        comparePositions: compareNumericPositions,
        snapshots: { store: new SqliteSnapshotStore(sqlite.database), locator: new SqliteEventLocator(sqlite.database) },
      };
    }
    case 'esdb': {
      // Loaded only when asked for: the gRPC client costs a SQLite or memory process time and memory for nothing.
      const [{ EsdbEventStore }, { compareEsdbPositions }] = await Promise.all([import('./eventstoredb/esdb-event-store.js'), import('./eventstoredb/esdb-position-order.js')]);
      const store = EsdbEventStore.connect(location.connectionString);
      return {
        store,
        checkpoints: new StreamCheckpointStore(store),
        projections: new MemoryProjectionStore(),
        tamperEvidence: new StreamChainEvidence(() => store.chainedRecords()),
        comparePositions: compareEsdbPositions,
        followProjections: false,
      };
    }
  }
}
