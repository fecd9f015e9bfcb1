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
  const canonical = JSON.stringify([e.position, e.streamId, e.revision, e.eventId, e.type, e.data, e.metadata, e.recordedAt, previous]);
  return hash('sha256', canonical, 'hex');
}

export interface ChainRow {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly recorded_at: unknown;
  readonly hash: string | null;
}

/** A row as hashed; a column that is not text (damage) is hashed as its JSON, so it never matches. */
export function chainFields(row: ChainRow): ChainFields {
  const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? 'null');
  return {
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    eventId: row.event_id,
    type: row.type,
    data: text(row.data),
    metadata: text(row.metadata),
    recordedAt: text(row.recorded_at),
  };
}

const PAGE = 1000;

type ChainColumns = [number, string, number, string, string, unknown, unknown, unknown, string | null];

/**
 * Every row in position order, a page at a time (the connection stays free between pages). The
 * rows come as arrays, made objects here: better-sqlite3's own row objects cost twice as much.
 */
export function* chainRows(database: Database.Database): Generator<ChainRow> {
  const page = database.prepare<[number, number], ChainColumns>(SELECT_CHAIN_PAGE).raw();
  let after = 0;
  for (;;) {
    const rows = page.all(after, PAGE);
    for (const [position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash] of rows) {
      yield { position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash };
    }
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < PAGE) return;
    after = last[0];
  }
}

/** Migration 3: chains the rows written before the hash column existed. */
export function hashExistingEvents(database: Database.Database): void {
  const update = database.prepare<[string, number]>(UPDATE_EVENT_HASH);
  let previous = GENESIS_HASH;
  for (const row of chainRows(database)) {
    previous = eventHash(chainFields(row), previous);
    update.run(previous, row.position);
  }
}
