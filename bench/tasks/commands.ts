/**
 * Durable commands. Baseline: a raw loop on the same file and pragmas — read the stream's rows,
 * parse them, a trivial fold, insert one row with the same uniqueness check in its own durable
 * transaction. Engine: `execute()` of a realistic command mix through the full command handler,
 * each command appending one event, durable before it returns; sequentially, and with many in
 * flight at once (group commit).
 */
import Database from 'better-sqlite3';
import type { BillingEngine } from '../../application/engine.js';
import type { BillingAgreementCommand } from '../../domain/billing-agreement/index.js';
import { money } from '../../domain/shared/money.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';

export interface CommandRun {
  readonly commands: number;
  /** Per-command latencies in ms, in completion order. */
  readonly latencies: readonly number[];
  /** Wall time of the command loop alone (opening and closing excluded). */
  readonly loopMs: number;
}

/** Agreements that are not closed: every command of the mix is accepted on them. */
export function openAgreements(file: string, limit: number): string[] {
  const database = new Database(file, { readonly: true });
  try {
    const rows = database
      .prepare<[number], { stream_id: string }>(
        `SELECT stream_id FROM streams WHERE stream_id LIKE 'BillingAgreement-%'
         AND stream_id NOT IN (SELECT stream_id FROM events WHERE type = 'BillingAgreementClosed') ORDER BY stream_id LIMIT ?`,
      )
      .all(limit);
    return rows.map((r) => r.stream_id.slice('BillingAgreement-'.length));
  } finally {
    database.close();
  }
}

/** Agreements that take the unmeasured warm-up commands (two each), none of which is measured afterwards. */
export const WARM_UP_AGREEMENTS = 100;

export function splitAgreements(agreements: readonly string[]): [warmUp: string[], measured: string[]] {
  return [agreements.slice(0, WARM_UP_AGREEMENTS), agreements.slice(WARM_UP_AGREEMENTS)];
}

/**
 * Commands in bursts of `size` with a pause of `pauseMs` before each, the pauses left out of the
 * loop's time: a service that goes quiet and busy again, as the WAL checkpointer sees it after a
 * second without commits.
 */
export interface Bursts {
  readonly size: number;
  readonly pauseMs: number;
}

/** The baseline pauses without an event loop to keep: a plain sleep. */
const sleepSync = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export function commandsBaseline(file: string, agreements: readonly string[], n: number, warmUp: readonly string[] = [], bursts?: Bursts): CommandRun {
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  const read = database.prepare<[string], { data: string }>('SELECT data FROM events WHERE stream_id = ? ORDER BY revision');
  const revision = database.prepare<[string], { revision: number }>('SELECT revision FROM streams WHERE stream_id = ?');
  const insert = database.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const bump = database.prepare('UPDATE streams SET revision = ? WHERE stream_id = ? AND revision = ?');
  const append = database.transaction((streamId: string, expected: number, i: number) => {
    if (revision.get(streamId)?.revision !== expected) throw new Error('conflict');
    insert.run(streamId, expected + 1, `baseline-${i}`, 'BaselineNoop', '{"type":"BaselineNoop"}', '{}', '2026-11-01T00:00:00.000Z', '');
    bump.run(expected + 1, streamId, expected);
  });
  const one = (streamId: string, i: number): void => {
    let folded = -1;
    for (const row of read.iterate(streamId)) if (JSON.parse(row.data)) folded++;
    append.immediate(streamId, folded, i);
  };
  const latencies: number[] = [];
  let loopStarted = 0;
  try {
    for (let i = 0; i < 2 * warmUp.length; i++) one(`BillingAgreement-${warmUp[i % warmUp.length]}`, -1 - i);
    loopStarted = performance.now();
    for (let i = 0; i < n; i++) {
      if (bursts !== undefined && i % bursts.size === 0) {
        const paused = performance.now();
        sleepSync(bursts.pauseMs);
        loopStarted += performance.now() - paused;
      }
      const streamId = `BillingAgreement-${agreements[i % agreements.length]}`;
      const started = performance.now();
      one(streamId, i);
      latencies.push(performance.now() - started);
    }
  } finally {
    database.close();
  }
  return { commands: n, latencies, loopMs: performance.now() - loopStarted };
}

/** Each command appends one event: a new monthly limit, pause/resume in turn, another payment method in turn. */
function mix(id: string, i: number, turn: number): BillingAgreementCommand {
  const base = { billingAgreementId: id, at: '2026-11-15T00:00:00.000Z' };
  switch (i % 3) {
    case 0:
      return { ...base, type: 'ChangeMonthlyLimit', monthlyLimit: money(60_000 + i, 'JPY') };
    case 1:
      return turn % 2 === 0 ? { ...base, type: 'PauseRecurringCharges' } : { ...base, type: 'ResumeRecurringCharges' };
    default:
      return { ...base, type: 'SelectPaymentMethod', descriptor: turn % 2 === 0 ? 'JCB ****5555' : 'Visa ****1111' };
  }
}

/**
 * `followers`: as `npm start` runs the engine (process manager, settlements, projections following
 * every append). `writerThread`: the groups committed by the store's writer thread (group-commit.ts), started before the warm-up.
 * `projectionsFile`: the projections kept in a SQLite file of their own (`--projections sqlite:<file>`),
 * which follow on their own thread; built from the history when the engine starts, before the warm-up.
 * `bursts`: one command at a time, in bursts after pauses.
 */
export async function commandsEngine(
  file: string,
  agreements: readonly string[],
  n: number,
  inFlight: number,
  warmUp: readonly string[] = [],
  followers = false,
  writerThread = false,
  projectionsFile?: string,
  bursts?: Bursts,
): Promise<CommandRun> {
  const opened = await openStore(
    { kind: 'sqlite', path: file },
    { ...(writerThread ? { writerThreadAfter: 0 } : {}), ...(projectionsFile === undefined ? {} : { projections: { kind: 'sqlite', path: projectionsFile } }) },
  );
  if (writerThread && !(await opened.sqlite?.startWriterThread())) throw new Error('the writer thread did not start');
  const engine: BillingEngine = await createBillingEngine({ opened, follow: followers, projections: followers });
  for (let i = 0; i < 2 * warmUp.length; i++) {
    const id = warmUp[i % warmUp.length] ?? '';
    const result = await engine.execute(mix(id, 3 * i, 0), { commandId: `bench-warm-up-${i}` });
    if (result.kind !== 'accepted') throw new Error(`warm-up command ${i} on ${id} was rejected`);
  }
  const latencies: number[] = [];
  const turns = new Map<string, number>();
  let next = 0;
  let pausedMs = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      if (bursts !== undefined && next % bursts.size === 0) {
        const paused = performance.now();
        await new Promise((resolve) => setTimeout(resolve, bursts.pauseMs));
        pausedMs += performance.now() - paused;
      }
      const i = next++;
      const id = agreements[i % agreements.length] ?? '';
      const key = `${id}/${i % 3}`;
      const turn = turns.get(key) ?? 0;
      turns.set(key, turn + 1);
      const started = performance.now();
      const result = await engine.execute(mix(id, i, turn), { commandId: `bench-${i}` });
      latencies.push(performance.now() - started);
      if (result.kind !== 'accepted' || result.events.length !== 1) throw new Error(`command ${i} on ${id} did not append one event`);
    }
  };
  const loopStarted = performance.now();
  let loopMs = 0;
  try {
    await Promise.all(Array.from({ length: inFlight }, worker));
    // With the followers on, the loop ends once the projections hold every command's event: their
    // work counts wherever it runs (the event loop, their thread), none of it is left for later.
    if (followers) await engine.projectionRunner?.catchUp();
    loopMs = performance.now() - loopStarted - pausedMs;
  } finally {
    await engine.close();
  }
  return { commands: n, latencies, loopMs };
}
