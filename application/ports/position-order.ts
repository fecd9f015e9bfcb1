import type { GlobalPosition } from './event-store.js';

/**
 * The order of two positions of the same store (negative: `a` comes first). Positions are opaque
 * outside their store, so the store's adapter supplies it.
 */
export type ComparePositions = (a: GlobalPosition, b: GlobalPosition) => number;
