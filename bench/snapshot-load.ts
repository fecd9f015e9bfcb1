/**
 * Issue 7, "loading a long-lived agreement": the time to load a 1,000-event agreement against a
 * 50-event one, from a SQLite file, with and without snapshots, in the same run (median of
 * several loads each). With snapshots the 1,000-event agreement is measured twice: just after a
 * snapshot (best case) and `every − 1` events after one (worst case: the next load writes one).
 *
 *   node --import tsx bench/snapshot-load.ts [--runs 21] [--every 10]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { billingAgreements } from '../application/aggregates/billing-agreement.js';
import type { BillingEngine } from '../application/engine.js';
import type { NewEvent } from '../application/ports/event-store.js';
import { billingAgreementDecider, type BillingAgreementCommand, type BillingAgreementEvent, type BillingAgreementState } from '../domain/billing-agreement/index.js';
import { decodeSnapshot, encodeSnapshot } from '../application/snapshot-codec.js';
import type { JsonValue } from '../domain/shared/decision.js';
import { money } from '../domain/shared/money.js';
import { addMs, MS_PER_DAY } from '../domain/shared/time.js';
import { createBillingEngine, DEFAULT_SNAPSHOT_EVERY } from '../infrastructure/composition/create-billing-engine.js';
import { parseStoreLocation } from '../infrastructure/config/store-url.js';
import { openStore, type OpenedStore } from '../infrastructure/event-store/open-store.js';
import { random } from './history.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg('runs', 21);
const EVERY = arg('every', DEFAULT_SNAPSHOT_EVERY);
const jpy = (amount: number) => money(amount, 'JPY');

/** Commands of one agreement, week after week: charges, declines and recoveries, plan changes. */
function* lifeOf(id: string, seed: number): Generator<BillingAgreementCommand> {
  const r = random(seed);
  let at = '2020-01-06T09:00:00.000Z';
  const base = () => ({ billingAgreementId: id, at });
  yield { ...base(), type: 'CreateBillingAgreement', sellerId: 'A1BENCH', marketplace: 'JP', releaseEnvironment: 'Live', buyer: { name: 'B', email: 'b@example.jp' }, requiresShipping: false };
  yield { ...base(), type: 'GiveBuyerConsent' };
  yield { ...base(), type: 'SelectPaymentMethod', descriptor: 'Visa ****1111' };
  yield { ...base(), type: 'ConfirmBillingAgreement' };
  yield { ...base(), type: 'SelectPlan', planId: 'plan-980', price: jpy(980), anchorDay: 1 };
  for (let week = 0; ; week++) {
    at = addMs(at, 7 * MS_PER_DAY);
    const orderReferenceId = `P03-${id.slice(4, 11)}-${String(week).padStart(5, '0')}`;
    const declined = r() < 0.05;
    const outcome = declined ? ({ state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false } as const) : ({ state: 'Open' } as const);
    yield { ...base(), type: 'AuthorizeOnBillingAgreement', authorizationId: `${orderReferenceId}-A000001`, orderReferenceId, authorizationReferenceId: `w${week}`, amount: jpy(980), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true, outcome };
    if (declined) yield { ...base(), type: 'RecordPaymentMethodUpdate', descriptor: 'JCB ****5555', lastUpdateTimestamp: at };
    if (r() < 0.08) yield { ...base(), type: 'ChangePlan', planId: `plan-${week}`, price: jpy(r() < 0.5 ? 980 : 1_980), policy: 'days' };
  }
}

/** Appends the agreement's history until it holds `target` events; `midway` runs once it holds `midway.at`. */
async function record(opened: OpenedStore, id: string, target: number, seed: number, midway?: { at: number; run: () => Promise<unknown> }): Promise<void> {
  let state: BillingAgreementState = billingAgreementDecider.initialState;
  let revision = -1;
  let n = 0;
  for (const command of lifeOf(id, seed)) {
    if (revision + 1 === midway?.at) await midway.run();
    if (revision + 1 >= target) return;
    const decision = billingAgreementDecider.decide(command, state);
    if (decision.kind === 'rejected' || decision.events.length === 0) continue;
    const stop = midway !== undefined && revision + 1 < midway.at ? midway.at : target;
    const events = decision.events.slice(0, stop - revision - 1);
    state = events.reduce(billingAgreementDecider.evolve, state);
    const commandId = `bench-${id}-${++n}`;
    const metadata = { commandId, correlationId: commandId, causationId: commandId, actor: 'seller', source: 'library', recordedAt: command.at } as const;
    const streamId = billingAgreements.streamId(id);
    const records: NewEvent[] = events.map((e: BillingAgreementEvent, i) => ({ eventId: `${commandId}/${streamId}/${i}`, type: e.type, data: e as unknown as JsonValue, metadata }));
    revision = (await opened.store.append(streamId, records, revision < 0 ? 'no_stream' : revision)).nextExpectedRevision;
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function timeLoad(engine: BillingEngine, id: string): Promise<number> {
  const started = performance.now();
  // The command path: a load with a command id that recorded nothing (what every new command does).
  await engine.handler.load(billingAgreements, id, 'bench-new-command');
  return performance.now() - started;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-bench-'));
  const opened = await openStore(parseStoreLocation(`sqlite:${join(dir, 'bench.db')}`));
  try {
    // Generation only; measuring, the file is as the engine opens it (synchronous = FULL).
    opened.sqlite?.database.pragma('synchronous = OFF');
    const ids = { small: 'B03-0000050-0000001', best: 'B03-0001000-0000001', worst: 'B03-0001000-0000002' };
    const cached = await createBillingEngine({ opened, follow: false, snapshots: { every: EVERY } });
    const plain = await createBillingEngine({ opened, follow: false, snapshots: false });
    await record(opened, ids.small, 50, 1);
    await record(opened, ids.best, 1_000, 2);
    await cached.handler.load(billingAgreements, ids.best);
    await record(opened, ids.worst, 1_000, 3, { at: 1_000 - (EVERY - 1), run: () => cached.handler.load(billingAgreements, ids.worst) });
    opened.sqlite?.database.pragma('synchronous = FULL');
    const bestStream = billingAgreements.streamId(ids.best);
    const snapshot = await opened.snapshots?.store.get(bestStream);
    const decoded = snapshot && decodeSnapshot(bestStream, snapshot.revision, snapshot.state);
    const timed = async (work: () => unknown) => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const cases = {
      '50 events, no snapshot': () => timeLoad(plain, ids.small),
      '1,000 events, no snapshot': () => timeLoad(plain, ids.best),
      '1,000 events, snapshot at the end': () => timeLoad(cached, ids.best),
      [`1,000 events, snapshot ${EVERY - 1} events behind`]: () => timeLoad(cached, ids.worst),
      '  of which: read the snapshot row': () => timed(() => opened.snapshots?.store.get(bestStream)),
      '  of which: checksum and JSON.parse': () => timed(() => decodeSnapshot(bestStream, snapshot?.revision ?? 0, snapshot?.state ?? '')),
      '  of which: JSON.parse alone': () => timed(() => JSON.parse(snapshot?.state ?? '')),
      'writing that snapshot (encode, put)': async () => {
        const { state, revision } = await plain.handler.load(billingAgreements, ids.best);
        return timed(() => opened.snapshots?.store.put(bestStream, revision, encodeSnapshot(bestStream, revision, decoded?.lastEventId ?? '', state) ?? '', 1));
      },
    };
    const samples = new Map<string, number[]>(Object.keys(cases).map((k) => [k, []]));
    for (let run = -2; run < RUNS; run++) {
      for (const [name, measure] of Object.entries(cases)) {
        const ms = await measure();
        if (run >= 0) samples.get(name)?.push(ms);
      }
    }
    const baseline = median(samples.get('50 events, no snapshot') ?? []);
    console.log(`snapshot every ${EVERY} events; state of the 1,000-event agreement: ${snapshot?.state.length ?? 0} characters; median of ${RUNS} loads`);
    for (const [name, xs] of samples) {
      const m = median(xs);
      console.log(`${name.padEnd(40)} median ${m.toFixed(2).padStart(7)} ms  min ${Math.min(...xs).toFixed(2).padStart(7)}  max ${Math.max(...xs).toFixed(2).padStart(7)}  ×${(m / baseline).toFixed(2)} of 50 events`);
    }
  } finally {
    await opened.store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
