/**
 * Reading events back: one page of rows at a time (never all rows at once), each row checked
 * while it is turned into a StoredEvent. A row that cannot be read throws; it is never skipped.
 */
import { CorruptEventError, type EventMetadata, type StoredEvent } from '../../../application/ports/event-store.js';
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
  readonly metadata: unknown;
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
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: formatPosition(row.position),
    eventId: row.event_id,
    type: row.type,
    data: parseJson(file, row, 'data'),
    metadata: parseMetadata(file, row),
  };
}

/** How to page through one query: rows after a cursor, the cursor after a row. */
export interface Pager {
  readonly fetchPage: (cursor: number, limit: number) => EventRow[];
  readonly cursorAfter: (row: EventRow) => number;
  /** Where the read was, for error messages: "after position 7", "in stream 'x' from revision 3". */
  readonly describe: (cursor: number) => string;
}

/** Yields events page after page; a page shorter than the batch size is the last one. */
export async function* pagedEvents(file: string, pager: Pager, start: number, batchSize: number): AsyncGenerator<StoredEvent> {
  let cursor = start;
  for (;;) {
    let rows: EventRow[];
    try {
      rows = pager.fetchPage(cursor, batchSize);
    } catch (error) {
      throw translateReadFailure(file, pager.describe(cursor), error);
    }
    for (const row of rows) {
      yield rowToEvent(file, row);
      cursor = pager.cursorAfter(row);
    }
    if (rows.length < batchSize) return;
  }
}
