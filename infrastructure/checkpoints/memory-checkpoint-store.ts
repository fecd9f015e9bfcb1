import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { GlobalPosition } from '../../application/ports/event-store.js';

export class MemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, GlobalPosition>();

  async get(name: string): Promise<GlobalPosition | undefined> {
    return this.positions.get(name);
  }

  async put(name: string, position: GlobalPosition): Promise<void> {
    this.positions.set(name, position);
  }
}
