import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { GlobalPosition } from '../../application/ports/event-store.js';
import { SETTLEMENT_CHECKPOINT } from '../../application/settlement.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { BA, START, allEvents, jpy, openAgreement } from './support.js';

const test = suite('process manager checkpoint');

/** Counts the writes of each checkpoint. */
class CountingCheckpoints implements CheckpointStore {
  readonly positions = new Map<string, GlobalPosition>();
  readonly writes = new Map<string, number>();
  async get(name: string): Promise<GlobalPosition | undefined> {
    return this.positions.get(name);
  }
  async put(name: string, position: GlobalPosition): Promise<void> {
    this.positions.set(name, position);
    this.writes.set(name, (this.writes.get(name) ?? 0) + 1);
  }
}

const until = async (condition: () => Promise<boolean>, ms = 5_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

test('the follower saves its checkpoint once for a run of events, not once per event, and reaches the last event', async () => {
  const store = new MemoryEventStore();
  const checkpoints = new CountingCheckpoints();
  const engine = await createBillingEngine({ opened: { store, checkpoints }, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), projections: false });
  try {
    await openAgreement(engine, START);
    for (const ref of ['a', 'b', 'c', 'd']) {
      const charge = await engine.authorizeOnBillingAgreement({ billingAgreementId: BA, authorizationReferenceId: ref, amount: jpy(500), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true });
      assert.is(charge.kind, 'accepted');
    }
    const events = await allEvents(store);
    const last = events.at(-1)?.position;
    await until(async () => (await checkpoints.get('process-manager:orders')) === last);
    const writes = checkpoints.writes.get('process-manager:orders') ?? 0;
    assert.ok(events.length >= 20, `${events.length} events`);
    assert.ok(writes <= 3, `${writes} checkpoint writes for ${events.length} events`);
  } finally {
    await engine.close();
  }
});

test('closing the engine saves the checkpoint of what each follower handled; the settlement follower passes over events that ask nothing of it, so a restart resumes at the last event', async () => {
  const store = new MemoryEventStore();
  const checkpoints = new CountingCheckpoints();
  const engine = await createBillingEngine({ opened: { store, checkpoints }, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), projections: false });
  // An agreement's setup records no authorization, capture or refund request.
  await openAgreement(engine, START);
  const last = (await allEvents(store)).at(-1)?.position;
  // Handled by the followers (they read the store after each append) long before this ends.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await engine.close();
  assert.is(await checkpoints.get('process-manager:orders'), last);
  assert.ok((checkpoints.writes.get('process-manager:orders') ?? 0) <= 2, 'one write at close (and perhaps one by the timer), not one per event');
  assert.is(await checkpoints.get(SETTLEMENT_CHECKPOINT), last);
});

test.run();
