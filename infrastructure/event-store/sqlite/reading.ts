/**
 * Reading events back: one page of rows at a time (never all rows at once), each row checked
 * while it is turned into a StoredEvent. A row that cannot be read throws; it is never skipped.
 */
import { CorruptEventError, type EventMetadata, type RecordedData, type StoredEvent } from '../../../application/ports/event-store.js';
import type { JsonValue } from '../../../domain/shared/decision.js';
import { formatPosition } from '../shared/append-rules.js';
import { translateReadFailure } from './failures.js';

export interface EventRow {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  /** Absent from the rows of `SELECT_ALL_DATA_AFTER`. */
  readonly metadata?: unknown;
}

const METADATA_FIELDS = ['commandId', 'correlationId', 'causationId', 'actor', 'source', 'recordedAt'] as const;

function corrupt(file: string, row: EventRow, problem: string): CorruptEventError {
  const where = `event at position ${row.position} (stream '${row.stream_id}', revision ${row.revision})`;
  return new CorruptEventError(`event store '${file}': ${where} ${problem}`, row.stream_id, formatPosition(row.position));
}

function parseJson(file: string, row: EventRow, column: 'data' | 'metadata'): JsonValue {
  const text = row[column];
  if (typeof text === 'string') {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      // reported below, with the row
    }
  }
  throw corrupt(file, row, `has ${column} that is not valid JSON`);
}

function parseMetadata(file: string, row: EventRow): EventMetadata {
  const metadata = parseJson(file, row, 'metadata');
  const isObject = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata);
  const missing = METADATA_FIELDS.find((field) => !isObject || typeof (metadata as Record<string, unknown>)[field] !== 'string');
  if (missing !== undefined) throw corrupt(file, row, `has metadata without the text field '${missing}'`);
  return metadata as unknown as EventMetadata;
}

export function rowToEvent(file: string, row: EventRow): StoredEvent {
  return { ...rowToData(file, row), metadata: parseMetadata(file, row) };
}

/** The event without its metadata (which the row may not hold). */
export function rowToData(file: string, row: EventRow): RecordedData {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: formatPosition(row.position),
    eventId: row.event_id,
    type: row.type,
    data: parseJson(file, row, 'data'),
  };
}

/**
 * A row of the data-only queries (`SELECT_ALL_DATA_AFTER`, `SELECT_STREAM_DATA_FROM`) read raw,
 * as its values in column order: cheaper than an object per row on long reads.
 */
export type DataRow = readonly [position: number, streamId: string, revision: number, eventId: string, type: string, data: unknown];

export function dataRowToData(file: string, [position, streamId, revision, eventId, type, data]: DataRow): RecordedData {
  if (typeof data === 'string') {
    try {
      return { streamId, revision, position: formatPosition(position), eventId, type, data: JSON.parse(data) as JsonValue };
    } catch {
      // reported below, with the row
    }
  }
  throw corrupt(file, { position, stream_id: streamId, revision, event_id: eventId, type, data }, 'has data that is not valid JSON');
}

/** How to page through one query: rows after a cursor, the cursor after a row. */
export interface Pager<R = EventRow> {
  readonly fetchPage: (cursor: number, limit: number) => R[];
  readonly cursorAfter: (row: R) => number;
  /** Where the read was, for error messages: "after position 7", "in stream 'x' from revision 3". */
  readonly describe: (cursor: number) => string;
}

/** Yields pages of events, each row turned into an event by `convert`; a page shorter than the batch size is the last one. */
export async function* pagedRows<T, R = EventRow>(file: string, pager: Pager<R>, start: number, batchSize: number, convert: (file: string, row: R) => T): AsyncGenerator<T[]> {
  let cursor = start;
  for (;;) {
    let rows: R[];
    try {
      rows = pager.fetchPage(cursor, batchSize);
    } catch (error) {
      throw translateReadFailure(file, pager.describe(cursor), error);
    }
    const last = rows.at(-1);
    if (last === undefined) return;
    const page: T[] = [];
    for (const row of rows) {
      try {
        page.push(convert(file, row));
      } catch (error) {
        // What precedes a bad row is delivered; the bad row stops the read.
        if (page.length > 0) yield page;
        throw error;
      }
    }
    yield page;
    if (rows.length < batchSize) return;
    cursor = pager.cursorAfter(last);
  }
}

/** Yields stored events one by one, read a page at a time. */
export async function* pagedEvents(file: string, pager: Pager, start: number, batchSize: number): AsyncGenerator<StoredEvent> {
  for await (const page of pagedRows(file, pager, start, batchSize, rowToEvent)) yield* page;
}
