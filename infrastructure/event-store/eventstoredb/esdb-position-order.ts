import type { GlobalPosition } from '../../../application/ports/event-store.js';
import { comparePositions, decodePosition } from './esdb-codec.js';

/** `$all` positions "commit:prepare" in log order. */
export const compareEsdbPositions = (a: GlobalPosition, b: GlobalPosition): number => comparePositions(decodePosition(a), decodePosition(b));
