/**
 * Snapshots: a cache of an aggregate's state at a revision of its stream, so that a load folds
 * only the events after it. Never a source of truth: a missing, stale, corrupt or old-version
 * snapshot changes no answer (the command handler checks each one and falls back to a full fold).
 * Adapters: a SQLite table beside the events, in memory; none for EventStoreDB.
 */

export interface Snapshot {
  /** Revision of the last event folded into the state. */
  readonly revision: number;
  /** The JSON text the application wrote (its state and what it checks the snapshot by). */
  readonly state: string;
  /** The aggregate's `snapshotVersion` when it was written: another version is ignored. */
  readonly version: number;
}

export interface SnapshotStore {
  get(streamId: string): Promise<Snapshot | undefined>;
  /** Replaces the stream's snapshot. Outside any append's transaction: a failure here is only a cache miss. */
  put(streamId: string, revision: number, state: string, version: number): Promise<void>;
  delete(streamId: string): Promise<void>;
  clear(): Promise<void>;
}

/**
 * Finds an event by its id without reading the stream (the SQLite store answers from the unique
 * index on `event_id`). The command handler needs it for the command-id check: the events a
 * command recorded may lie before a snapshot, where the load no longer reads.
 */
export interface EventLocator {
  /** The revision of the event with this id in this stream; undefined when the stream holds none. */
  revisionOf(streamId: string, eventId: string): Promise<number | undefined>;
  /**
   * The stream's current revision (undefined: no such stream), where the store has it at hand: a
   * load from a snapshot at the stream's head then has nothing to read. Optional.
   */
  currentRevision?(streamId: string): Promise<number | undefined>;
}

/** What a store offers for snapshots: where they live and how to find the events they skip. */
export interface SnapshotStorage {
  readonly store: SnapshotStore;
  readonly locator: EventLocator;
}

export interface SnapshotSettings extends SnapshotStorage {
  /** A new snapshot is written once at least this many events were folded since the last one. */
  readonly every: number;
}
