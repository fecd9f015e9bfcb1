/**
 * Checkpoints kept as events in a stream of their own (`Checkpoint-<name>`), for stores without
 * a side table (EventStoreDB). The last event of the stream is the checkpoint.
 */
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { EventStore, GlobalPosition } from '../../application/ports/event-store.js';
import { randomUUID } from 'node:crypto';

export const CHECKPOINT_STREAM_PREFIX = 'Checkpoint-';

export class StreamCheckpointStore implements CheckpointStore {
  private readonly cache = new Map<string, GlobalPosition>();

  constructor(private readonly store: EventStore) {}

  async get(name: string): Promise<GlobalPosition | undefined> {
    const cached = this.cache.get(name);
    if (cached !== undefined) return cached;
    let last: GlobalPosition | undefined;
    for await (const event of this.store.readStream(`${CHECKPOINT_STREAM_PREFIX}${name}`)) {
      const position = (event.data as { position?: unknown }).position;
      if (typeof position === 'string') last = position;
    }
    if (last !== undefined) this.cache.set(name, last);
    return last;
  }

  async put(name: string, position: GlobalPosition): Promise<void> {
    const metadata = { commandId: randomUUID(), correlationId: name, causationId: name, actor: 'engine', source: 'process-manager', recordedAt: new Date().toISOString() } as const;
    await this.store.append(`${CHECKPOINT_STREAM_PREFIX}${name}`, [{ eventId: randomUUID(), type: 'CheckpointStored', data: { position }, metadata }], 'any');
    this.cache.set(name, position);
  }
}
