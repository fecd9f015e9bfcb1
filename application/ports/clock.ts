import type { Instant } from '../../domain/shared/time.js';

/** The application's only source of "now". Deterministic in tests. */
export interface Clock {
  now(): Instant;
}
