/**
 * The events this store's connection committed last, kept for its subscriptions: a follower woken
 * by an append takes the new events from here instead of querying the file (with the engine run
 * as a service, three followers read every new event). Only a run of positions without a gap is
 * kept: when another connection appended in between (the next append's positions do not follow
 * on), the run starts again, and a follower whose next position is not here (behind the run, or
 * past its end, where another connection's newer events may be) reads the file. Each read turns
 * the rows into events afresh (`rowToEvent`), exactly as a read of the file does.
 */
import type { AppendResult } from '../../../application/ports/event-store.js';
import { parsePosition } from '../shared/append-rules.js';
import type { PreparedAppend } from './appending.js';
import type { EventRow } from './reading.js';

/** Events kept, at least; twice as many at most. */
export const RECENT_EVENTS = 1_024;

export class RecentEvents {
  #rows: EventRow[] = [];

  constructor(private readonly keep = RECENT_EVENTS) {}

  /** After its COMMIT: the rows one append wrote, at the positions and revisions its result names. */
  committed(append: PreparedAppend, result: AppendResult): void {
    const count = append.events.length;
    const first = parsePosition(result.position) - count + 1;
    const firstRevision = result.nextExpectedRevision - count + 1;
    if (this.#rows.at(-1)?.position !== first - 1) this.#rows = [];
    append.events.forEach(({ eventId, type, data, metadata }, i) => {
      this.#rows.push({ position: first + i, stream_id: append.streamId, revision: firstRevision + i, event_id: eventId, type, data, metadata });
    });
    if (this.#rows.length > 2 * this.keep) this.#rows = this.#rows.slice(-this.keep);
  }

  /** Rows kept now. */
  get size(): number {
    return this.#rows.length;
  }

  /** Every row after `position`, when the one right after it is here; undefined when the file must be read. */
  after(position: number): readonly EventRow[] | undefined {
    const start = position + 1 - (this.#rows[0]?.position ?? Number.NaN);
    return start >= 0 && start < this.#rows.length ? this.#rows.slice(start) : undefined;
  }
}
