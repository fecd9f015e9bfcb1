/** The check of a SQLite store's hash chain (hash-chain.ts), row by row up to the first break: in the event loop's thread or in the chain check's own (chain-thread.ts). */
import type Database from 'better-sqlite3';
import type { ChainVerification } from '../../../application/ports/tamper-evidence.js';
import { chainFields, chainRows, eventHash, GENESIS_HASH, type ChainRow } from './hash-chain.js';

const PROGRESS_EVERY = 10_000;

function reason(row: ChainRow, previousPosition: number): string {
  if (row.hash === null) return 'the row has no hash: it was inserted outside the event store';
  if (row.position !== previousPosition + 1) {
    const missing = row.position - 1 === previousPosition + 1 ? `position ${previousPosition + 1} is` : `positions ${previousPosition + 1}–${row.position - 1} are`;
    return `${missing} missing: rows were deleted before this one`;
  }
  return 'the stored hash does not match the row: its content, or a row before it, was changed after it was written';
}

export function verifyHashChain(database: Database.Database, onProgress?: (checked: number) => void): ChainVerification {
  let previous = GENESIS_HASH;
  let previousPosition = 0;
  let events = 0;
  for (const row of chainRows(database)) {
    if (row.hash !== eventHash(chainFields(row), previous)) {
      onProgress?.(events);
      return { kind: 'broken', events, position: String(row.position), streamId: row.stream_id, reason: reason(row, previousPosition) };
    }
    previous = row.hash;
    previousPosition = row.position;
    events++;
    if (events % PROGRESS_EVERY === 0) onProgress?.(events);
  }
  onProgress?.(events);
  return events === 0 ? { kind: 'intact', events } : { kind: 'intact', events, head: { position: String(previousPosition), hash: previous } };
}
