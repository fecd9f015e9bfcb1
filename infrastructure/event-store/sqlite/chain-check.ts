/**
 * The check of a SQLite store's hash chain (hash-chain.ts), row by row up to the first break: in
 * the event loop's thread, or in parts on threads of their own (chain-thread.ts). Each link needs
 * only the stored hash of the row before it, so the chain splits into parts — the rows after one
 * position up to another — checked in any order; the verdict is that of the first break in
 * position order, as one pass from the start would give.
 */
import type Database from 'better-sqlite3';
import type { ChainVerification } from '../../../application/ports/tamper-evidence.js';
import { chainPages, columnsHash, GENESIS_HASH, type ChainColumns } from './hash-chain.js';
import { SELECT_CHAIN_LINK } from './sql-hash-chain.js';

const PROGRESS_EVERY = 10_000;

/** The rows after position `after`, up to position `upTo` (inclusive). */
export interface ChainPart {
  readonly after: number;
  readonly upTo: number;
}

/** A part's verdict: its rows, up to its first break if it has one. */
export type PartVerdict =
  | { readonly kind: 'intact'; readonly events: number; readonly last?: { readonly position: number; readonly hash: string } }
  | { readonly kind: 'broken'; readonly events: number; readonly position: number; readonly streamId: string; readonly reason: string };

function reason([position, , , , , , , , hash]: ChainColumns, previousPosition: number): string {
  if (hash === null) return 'the row has no hash: it was inserted outside the event store';
  if (position !== previousPosition + 1) {
    const missing = position - 1 === previousPosition + 1 ? `position ${previousPosition + 1} is` : `positions ${previousPosition + 1}–${position - 1} are`;
    return `${missing} missing: rows were deleted before this one`;
  }
  return 'the stored hash does not match the row: its content, or a row before it, was changed after it was written';
}

/** Checks the rows of `part`, the first against the stored hash of the row before it (that row is another part's). */
export function verifyPart(database: Database.Database, part: ChainPart, onProgress?: (checked: number) => void): PartVerdict {
  const link = part.after === 0 ? undefined : database.prepare<[number], { position: number; hash: string | null }>(SELECT_CHAIN_LINK).get(part.after);
  // A row before it without a hash is that part's break; this part only needs to fail too.
  let previous = link === undefined ? GENESIS_HASH : (link.hash ?? '');
  let previousPosition = link?.position ?? 0;
  let events = 0;
  let reported = 0;
  for (const rows of chainPages(database, part.after, part.upTo)) {
    for (const row of rows) {
      const hash = row[8];
      if (hash !== columnsHash(row, previous)) {
        onProgress?.(events - reported);
        return { kind: 'broken', events, position: row[0], streamId: row[1], reason: reason(row, previousPosition) };
      }
      previous = hash;
      previousPosition = row[0];
      events++;
      if (events - reported === PROGRESS_EVERY) {
        onProgress?.(PROGRESS_EVERY);
        reported = events;
      }
    }
  }
  onProgress?.(events - reported);
  return events === 0 ? { kind: 'intact', events } : { kind: 'intact', events, last: { position: previousPosition, hash: previous } };
}

/** The chain's verdict from the verdicts of its parts, in position order: the first break, after every row before it. */
export function combineParts(verdicts: readonly PartVerdict[]): ChainVerification {
  let events = 0;
  let last: { readonly position: number; readonly hash: string } | undefined;
  for (const verdict of verdicts) {
    events += verdict.events;
    if (verdict.kind === 'broken') return { kind: 'broken', events, position: String(verdict.position), streamId: verdict.streamId, reason: verdict.reason };
    last = verdict.last ?? last;
  }
  return last === undefined ? { kind: 'intact', events } : { kind: 'intact', events, head: { position: String(last.position), hash: last.hash } };
}

/** `parts` parts of about equal position ranges, up to the newest row now. */
export function chainParts(database: Database.Database, parts: number): ChainPart[] {
  const newest = database.prepare<[], number | null>('SELECT max(position) FROM events').pluck().get() ?? 0;
  const size = Math.max(1, Math.ceil(newest / parts));
  const result: ChainPart[] = [];
  for (let after = 0; after < newest; after += size) result.push({ after, upTo: Math.min(newest, after + size) });
  return result.length === 0 ? [{ after: 0, upTo: 0 }] : result;
}

/** The whole chain in one pass (this thread). */
export function verifyHashChain(database: Database.Database, onProgress?: (checked: number) => void): ChainVerification {
  let checked = 0;
  return combineParts([verifyPart(database, { after: 0, upTo: Number.MAX_SAFE_INTEGER }, onProgress && ((n) => onProgress((checked += n))))]);
}
