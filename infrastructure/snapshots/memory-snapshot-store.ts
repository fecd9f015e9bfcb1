/** Snapshots in memory (tests, `memory:`): kept as text, as a file would keep them. */
import type { Snapshot, SnapshotStore } from '../../application/ports/snapshot-store.js';

export class MemorySnapshotStore implements SnapshotStore {
  private readonly snapshots = new Map<string, Snapshot>();

  async get(streamId: string): Promise<Snapshot | undefined> {
    return this.snapshots.get(streamId);
  }

  async put(streamId: string, revision: number, state: string, version: number): Promise<void> {
    this.snapshots.set(streamId, { revision, state, version });
  }

  async delete(streamId: string): Promise<void> {
    this.snapshots.delete(streamId);
  }

  async clear(): Promise<void> {
    this.snapshots.clear();
  }

  /** The streams that have a snapshot (tests). */
  streams(): string[] {
    return [...this.snapshots.keys()];
  }
}
