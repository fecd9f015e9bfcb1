/**
 * The hash chain: hash(row) = SHA-256, as lower-case hex, of the UTF-8 JSON text of
 *   [position, stream_id, revision, event_id, type, data, metadata, recorded_at, previous]
 * where `data` and `metadata` are the stored JSON texts as they are (not re-serialized) and
 * `previous` is the hash of the row before it in position order (GENESIS_HASH for the first).
 * Changing, removing or inserting any row changes every hash from there on; only the newest rows
 * can be cut off unseen, which is why `verify` reports the head for the auditor to note.
 */
import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SELECT_CHAIN_PAGE, UPDATE_EVENT_HASH } from './sql-hash-chain.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

export function eventHash(e: ChainFields, previous: string): string {
  return linkHash(e.position, e.streamId, e.revision, e.eventId, e.type, e.data, e.metadata, e.recordedAt, previous);
}

function linkHash(position: number, streamId: string, revision: number, eventId: string, type: string, data: string, metadata: string, recordedAt: string, previous: string): string {
  return hash('sha256', JSON.stringify([position, streamId, revision, eventId, type, data, metadata, recordedAt, previous]), 'hex');
}

/** A column as hashed: one that is not text (damage) is hashed as its JSON, so it never matches. */
const text = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'));

const PAGE = 1000;

/** A row's columns as read (SELECT_CHAIN_PAGE): position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash. */
export type ChainColumns = readonly [number, string, number, string, string, unknown, unknown, unknown, string | null];

/** The hash a row's columns should have after `previous`: `eventHash` of the row as it was appended. */
export function columnsHash(c: ChainColumns, previous: string): string {
  return linkHash(c[0], c[1], c[2], c[3], c[4], text(c[5]), text(c[6]), text(c[7]), previous);
}

/**
 * The rows after position `after` up to `upTo`, in position order, as their columns, a page at a
 * time (the connection stays free between pages): arrays, which cost half what better-sqlite3's
 * row objects do.
 */
export function* chainPages(database: Database.Database, after = 0, upTo = Number.MAX_SAFE_INTEGER): Generator<readonly ChainColumns[]> {
  const page = database.prepare<[number, number, number], ChainColumns>(SELECT_CHAIN_PAGE).raw();
  let cursor = after;
  for (;;) {
    const rows = page.all(cursor, upTo, PAGE);
    if (rows.length > 0) yield rows;
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE) return;
    cursor = last[0];
  }
}

/** Migration 3: chains the rows written before the hash column existed. */
export function hashExistingEvents(database: Database.Database): void {
  const update = database.prepare<[string, number]>(UPDATE_EVENT_HASH);
  let previous = GENESIS_HASH;
  for (const rows of chainPages(database)) {
    for (const row of rows) {
      previous = columnsHash(row, previous);
      update.run(previous, row[0]);
    }
  }
}
