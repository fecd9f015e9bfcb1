/**
 * Rules every adapter of the event store port applies the same way: expected revisions, what an
 * append may carry, and the positions of the SQLite and in-memory stores.
 */
import {
  WrongExpectedRevisionError,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
} from '../../../application/ports/event-store.js';

/** An event id is stored at most once in the whole store; reusing one is a bug in the caller. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`event id '${eventId}' is already stored (stream '${streamId}'): nothing was appended`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Throws WrongExpectedRevisionError unless `current` (undefined: no stream) is as expected. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: number | undefined): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? current === undefined : current === expected) return;
  throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

/** Refuses appends that are bugs whatever the stored state: no events, bad revisions, repeated ids. */
export function checkAppendable(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): void {
  if (streamId === '') throw new RangeError('cannot append to an empty stream id');
  if (events.length === 0) throw new RangeError(`append to stream '${streamId}' carries no events`);
  if (typeof expected === 'number' && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new RangeError(`expected revision of stream '${streamId}' must be a non-negative integer, got ${expected}`);
  }
  const seen = new Set<string>();
  for (const { eventId } of events) {
    if (seen.has(eventId)) throw new DuplicateEventIdError(eventId, streamId);
    seen.add(eventId);
  }
}

/** Where readStream starts: absent means the stream's first event. */
export function checkFromRevision(fromRevision: number | undefined): number {
  const from = fromRevision ?? 0;
  if (!Number.isSafeInteger(from) || from < 0) throw new RangeError(`fromRevision must be a non-negative integer, got ${from}`);
  return from;
}

export function checkBatchSize(batchSize: number): number {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  return batchSize;
}

/**
 * Positions of the SQLite and in-memory stores are the decimal text of 1, 2, 3, … in append
 * order; "0" stands for "before the first event".
 */
export function parsePosition(position: GlobalPosition): number {
  const value = /^(0|[1-9][0-9]*)$/.test(position) ? Number(position) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new RangeError(`'${position}' is not a position of this event store`);
  return value;
}

export function formatPosition(position: number): GlobalPosition {
  return String(position);
}

/** The order of two positions of the SQLite or in-memory store. */
export const compareNumericPositions = (a: GlobalPosition, b: GlobalPosition): number => parsePosition(a) - parsePosition(b);
