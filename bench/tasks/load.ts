/**
 * Loading a long-lived agreement: one with 1,000 events (about ten years of weekly charges) and
 * one with 10,000 against one with 50, through the engine's own load (the cost a command pays
 * before it decides). All are charged weekly.
 */
import type { NewEvent } from '../../application/ports/event-store.js';
import { billingAgreementDecider, type BillingAgreementCommand, type BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { money } from '../../domain/shared/money.js';
import { addMs, MS_PER_DAY } from '../../domain/shared/time.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { openSqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';

function history(id: string, events: number): BillingAgreementEvent[] {
  const at = '2026-01-01T00:00:00.000Z';
  const base = { billingAgreementId: id, at };
  const commands: BillingAgreementCommand[] = [
    { ...base, type: 'CreateBillingAgreement', sellerId: 'A1BENCHSELLER', marketplace: 'JP', releaseEnvironment: 'Live', buyer: { name: 'B', email: 'b@example.jp' }, requiresShipping: false },
    { ...base, type: 'GiveBuyerConsent' },
    { ...base, type: 'SelectPaymentMethod', descriptor: 'Visa ****1111' },
    { ...base, type: 'ConfirmBillingAgreement' },
  ];
  // A charge a week (two events each), as a subscription's agreement accumulates them over years.
  for (let i = 0; commands.length < events; i++) {
    const week = addMs(at, i * 7 * MS_PER_DAY);
    commands.push({
      ...base,
      at: week,
      type: 'AuthorizeOnBillingAgreement',
      authorizationId: `P03-${id.slice(4)}-${i}-A000001`,
      orderReferenceId: `P03-${id.slice(4)}-${i}`,
      authorizationReferenceId: `w${i}`,
      amount: money(500, 'JPY'),
      chargeType: 'Recurring',
      transactionTimeout: 0,
      captureNow: true,
      outcome: { state: 'Open' },
    });
  }
  let state = billingAgreementDecider.initialState;
  const out: BillingAgreementEvent[] = [];
  for (const command of commands) {
    const decision = billingAgreementDecider.decide(command, state);
    if (decision.kind === 'rejected') throw new Error(decision.rejection.message);
    for (const event of decision.events) {
      state = billingAgreementDecider.evolve(state, event);
      out.push(event);
    }
  }
  return out.slice(0, events);
}

async function write(file: string, id: string, events: number): Promise<void> {
  const store = await openSqliteEventStore(file);
  try {
    const metadata = { commandId: `load-${id}`, correlationId: id, causationId: id, actor: 'seller', source: 'library', recordedAt: '2026-01-01T00:00:00.000Z' } as const;
    const records: NewEvent[] = history(id, events).map((e, i) => ({ eventId: `load-${id}-${i}`, type: e.type, data: e as unknown as JsonValue, metadata }));
    await store.append(`BillingAgreement-${id}`, records, 'any');
  } finally {
    await store.close();
  }
}

export interface LoadRun {
  /** Loads with the stream's latest point in memory (a process that has served the agreement before). */
  readonly shortMs: readonly number[];
  readonly longMs: readonly number[];
  /** Loads with nothing in memory (after a restart): from the stored snapshot and the events after it. */
  readonly shortColdMs: readonly number[];
  readonly longColdMs: readonly number[];
  /** The 10,000-event agreement, nothing in memory. */
  readonly hugeColdMs: readonly number[];
}

export async function loadLongLived(file: string, repetitions: number): Promise<LoadRun> {
  const [short, long, huge] = ['C03-5000000-0000050', 'C03-5000000-0001000', 'C03-5000000-0010000'] as const;
  await write(file, short, 50);
  await write(file, long, 1_000);
  await write(file, huge, 10_000);
  const engine = await createBillingEngine({ store: `sqlite:${file}`, follow: false });
  const time = async (id: string, cold = false): Promise<number> => {
    // Cold: nothing in memory. Warm: the agreement was just loaded, so its latest point is.
    if (cold) engine.handler.forgetRecent();
    else await engine.billingAgreement(id);
    const started = performance.now();
    if ((await engine.billingAgreement(id)) === undefined) throw new Error(`agreement ${id} missing`);
    return performance.now() - started;
  };
  const shortMs: number[] = [];
  const longMs: number[] = [];
  const shortColdMs: number[] = [];
  const longColdMs: number[] = [];
  const hugeColdMs: number[] = [];
  try {
    for (let i = 0; i < repetitions; i++) {
      shortColdMs.push(await time(short, true));
      longColdMs.push(await time(long, true));
      hugeColdMs.push(await time(huge, true));
      shortMs.push(await time(short));
      longMs.push(await time(long));
    }
  } finally {
    await engine.close();
  }
  return { shortMs, longMs, shortColdMs, longColdMs, hugeColdMs };
}
