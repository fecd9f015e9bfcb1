/** Clocks: the system's for production, a manual one for tests and demos. */
import type { Clock } from '../../application/ports/clock.js';
import { addMs, isInstant, type Instant } from '../../domain/shared/time.js';

export class SystemClock implements Clock {
  now(): Instant {
    return new Date().toISOString();
  }
}

/** A clock that moves only when told to: deterministic tests and replays. */
export class ManualClock implements Clock {
  private current: Instant;

  constructor(start: Instant) {
    if (!isInstant(start)) throw new RangeError(`ManualClock: '${start}' is not an ISO-8601 UTC instant`);
    this.current = start;
  }

  now(): Instant {
    return this.current;
  }

  set(instant: Instant): void {
    if (!isInstant(instant)) throw new RangeError(`ManualClock: '${instant}' is not an ISO-8601 UTC instant`);
    this.current = instant;
  }

  advance(ms: number): Instant {
    this.current = addMs(this.current, ms);
    return this.current;
  }
}
