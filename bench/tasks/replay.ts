/**
 * Replay. Baseline: raw better-sqlite3 iteration over the events table in global order with
 * JSON.parse of each payload, nothing else. Engine: a full rebuild of every projection through
 * the engine's own store and runner, from the same file.
 */
import Database from 'better-sqlite3';
import { PROJECTIONS, ProjectionRunner } from '../../application/projections/index.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';

export function replayBaseline(file: string): number {
  const database = new Database(file, { readonly: true });
  try {
    let count = 0;
    let checksum = 0;
    for (const row of database.prepare<[], { data: string }>('SELECT data FROM events ORDER BY position').iterate()) {
      const event = JSON.parse(row.data) as { type: string };
      checksum += event.type.length;
      count++;
    }
    if (checksum < 0) throw new Error('unreachable');
    return count;
  } finally {
    database.close();
  }
}

export async function replayEngine(file: string): Promise<number> {
  const opened = await openStore({ kind: 'sqlite', path: file });
  try {
    if (opened.projections === undefined) throw new Error('no projection store');
    const runner = new ProjectionRunner(opened.store, opened.projections, PROJECTIONS);
    const result = await runner.rebuild();
    return result.events;
  } finally {
    await opened.store.close();
  }
}
