import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingEngine } from '../../application/engine.js';
import { WrongExpectedRevisionError, type AppendResult, type ExpectedRevision, type NewEvent } from '../../application/ports/event-store.js';
import { MemoryCheckpointStore } from '../../infrastructure/checkpoints/memory-checkpoint-store.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { DelegatingStore } from './store-wrappers.js';
import { BA, KINDS, START, allEvents, jpy, openAgreement, withEngine } from './support.js';

/** 20 charges of 5,000 JPY at once against a 50,000 JPY limit. */
async function chargeAtOnce(engines: readonly BillingEngine[]) {
  return Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      engines[i % engines.length]!.authorizeOnBillingAgreement({
        billingAgreementId: BA,
        authorizationReferenceId: `charge-${i}`,
        amount: jpy(5_000),
        chargeType: 'OneOff',
        transactionTimeout: 0,
        captureNow: false,
      }),
    ),
  );
}

async function assertSequentialHistory(engine: BillingEngine, accepted: number): Promise<void> {
  const events = (await allEvents(engine.deps.store)).filter((e) => e.streamId === `BillingAgreement-${BA}`);
  assert.equal(
    events.map((e) => e.revision),
    events.map((_, i) => i),
    'revisions are consecutive: no lost update',
  );
  assert.is(events.filter((e) => e.type === 'AuthorizationRequested').length, accepted, 'each accepted charge recorded once');
  const agreement = await engine.billingAgreement(BA);
  assert.is(agreement?.consumedByWindow['2026-11-01T00:00:00.000Z'], 50_000);
}

for (const kind of KINDS) {
  const test = suite(`engine concurrency (${kind})`);

  test('many concurrent charges on one agreement end as some sequential order would: exactly the limit is charged', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const results = await chargeAtOnce([t.engine]);
    const accepted = results.filter((r) => r.kind === 'accepted').length;
    const refused = results.filter((r) => r.kind === 'rejected' && r.rejection.code === 'PeriodicAmountExceeded').length;
    assert.is(accepted, 10);
    assert.is(refused, 10);
    await assertSequentialHistory(t.engine, 10);
    }));

  test('two engines on the same store charging at once lose no update and double nothing', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const second = await t.reopen();
    const results = await chargeAtOnce([t.engine, second]);
    assert.is(results.filter((r) => r.kind === 'accepted').length, 10);
    await assertSequentialHistory(second, 10);
    }));

  test.run();
}

const within = suite('engine concurrency within one process');

/** Counts appends refused for a stale expected revision. */
class ConflictCounter extends DelegatingStore {
  conflicts = 0;
  override async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      return await super.append(streamId, events, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) this.conflicts++;
      throw error;
    }
  }
}

within('commands on one stream run one after another in a process: twenty at once never meet a revision conflict', async () => {
  const store = new ConflictCounter(new MemoryEventStore());
  const engine = await createBillingEngine({ opened: { store, checkpoints: new MemoryCheckpointStore() }, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  try {
    await openAgreement(engine, START);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => engine.execute({ type: 'ChangeMonthlyLimit', billingAgreementId: BA, at: START, monthlyLimit: jpy(60_000 + i) })),
    );
    assert.ok(results.every((r) => r.kind === 'accepted' && r.events.length === 1), 'every change recorded');
    assert.is(store.conflicts, 0, 'no command decided on a state another one was about to change');
  } finally {
    await engine.close();
  }
});

within.run();
