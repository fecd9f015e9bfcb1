import type { GlobalPosition } from './event-store.js';

/** Where followers of the global order (projections, process managers) remember how far they got. */
export interface CheckpointStore {
  get(name: string): Promise<GlobalPosition | undefined>;
  put(name: string, position: GlobalPosition): Promise<void>;
}
