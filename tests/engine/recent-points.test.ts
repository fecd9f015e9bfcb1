import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { billingAgreements } from '../../application/aggregates/billing-agreement.js';
import type { StoredEvent } from '../../application/ports/event-store.js';
import { StreamLoader } from '../../application/stream-loader.js';
import { MemorySnapshotStore } from '../../infrastructure/snapshots/memory-snapshot-store.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { MemoryCheckpointStore } from '../../infrastructure/checkpoints/memory-checkpoint-store.js';
import { DelegatingStore } from './store-wrappers.js';
import { START, openAgreement } from './support.js';

const test = suite('memory tier of the stream loader');

/** Notes where each stream read starts: 0 is a fold from the start, more is a read from a kept point. */
class ReadRecorder extends DelegatingStore {
  readonly starts: [string, number][] = [];
  override readStream(streamId: string, options?: { readonly fromRevision?: number }): AsyncIterable<StoredEvent> {
    this.starts.push([streamId, options?.fromRevision ?? 0]);
    return super.readStream(streamId, options);
  }
}

const IDS = ['C03-0000001-0000001', 'C03-0000001-0000002', 'C03-0000001-0000003'];

async function agreements(): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  const engine = await createBillingEngine({ opened: { store, checkpoints: new MemoryCheckpointStore() }, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  for (const id of IDS) await openAgreement(engine, START, id);
  return store;
}

const loaderOver = (store: MemoryEventStore, streams: number, events: number) => {
  const recorder = new ReadRecorder(store);
  return { recorder, loader: new StreamLoader(recorder, { store: new MemorySnapshotStore(), locator: store, every: 1_000 }, streams, events) };
};

test('at most the given number of streams is kept, the least recently used going first', async () => {
  const { recorder, loader } = loaderOver(await agreements(), 2, 1_000);
  for (const id of IDS) await loader.load(billingAgreements, id);
  recorder.starts.length = 0;
  for (const id of [IDS[2], IDS[1], IDS[0]] as string[]) await loader.load(billingAgreements, id);
  assert.equal(recorder.starts.map(([, from]) => from > 0), [true, true, false], 'the first stream was dropped, the two others read from their kept point');
});

test('a state is kept only while the events folded into all kept states stay within the budget', async () => {
  const store = await agreements();
  const events: StoredEvent[] = [];
  for await (const e of store.readStream(billingAgreements.streamId(IDS[0] as string))) events.push(e);
  const { recorder, loader } = loaderOver(store, 10, events.length * 2);
  for (const id of IDS) await loader.load(billingAgreements, id);
  recorder.starts.length = 0;
  for (const id of [IDS[2], IDS[1], IDS[0]] as string[]) await loader.load(billingAgreements, id);
  assert.equal(recorder.starts.map(([, from]) => from > 0), [true, true, false], 'two states fit the budget: the oldest went');
  const { recorder: none, loader: tiny } = loaderOver(store, 10, events.length - 1);
  await tiny.load(billingAgreements, IDS[0] as string);
  await tiny.load(billingAgreements, IDS[0] as string);
  assert.equal(none.starts.map(([, from]) => from), [0, 0], 'a state larger than the whole budget is not kept');
});

test.run();
