/**
 * Replay. Baseline: raw better-sqlite3 iteration over the events table in global order with
 * JSON.parse of each payload, nothing else. Engine: a full rebuild of every projection as
 * `billing-engine rebuild` does it (into a scratch file, swapped in at the end), from the same
 * file. Verify: `audit verify` (chain, replay into a scratch file, ordered comparison). As of:
 * the state of one agreement at an instant, `audit state --as-of`.
 */
import Database from 'better-sqlite3';
import { auditOf } from '../../infrastructure/audit/audit-of.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { rebuildInScratch } from '../../infrastructure/projections/sqlite/partitioned-build.js';

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

/** `threads`: the build's threads (the CLI's default when undefined). */
export async function replayEngine(file: string, threads?: number): Promise<number> {
  const opened = await openStore({ kind: 'sqlite', path: file });
  try {
    if (opened.projections === undefined) throw new Error('no projection store');
    if (opened.sqlite === undefined) throw new Error('not a SQLite store');
    const result = await rebuildInScratch(opened.sqlite, threads === undefined ? {} : { threads });
    return result.events;
  } finally {
    await opened.store.close();
  }
}

export async function verifyEngine(file: string): Promise<{ events: number; ok: boolean }> {
  const opened = await openStore({ kind: 'sqlite', path: file }, { readonly: true });
  try {
    const report = await auditOf(opened).verify();
    if (report.chain.kind !== 'intact' || report.projections.kind !== 'match') throw new Error(`verify did not pass: ${report.chain.kind}, ${report.projections.kind}`);
    return { events: report.chain.events, ok: report.ok };
  } finally {
    await opened.store.close();
  }
}

/** The state of the history's first agreement as of the end of its first year, `repetitions` times: each time's ms. */
export async function stateAsOfEngine(file: string, repetitions: number): Promise<{ runs: number[]; events: number }> {
  const opened = await openStore({ kind: 'sqlite', path: file }, { readonly: true });
  try {
    const audit = auditOf(opened);
    const runs: number[] = [];
    let events = 0;
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      const state = await audit.stateAsOf('B03-0000001-0000001', { kind: 'instant', instant: '2024-12-31T23:59:59.999Z' });
      runs.push(performance.now() - started);
      if (state === undefined) throw new Error('no agreement B03-0000001-0000001 in the history');
      events = state.events;
    }
    return { runs, events };
  } finally {
    await opened.store.close();
  }
}
