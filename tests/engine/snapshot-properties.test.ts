/**
 * Snapshots are a pure cache, over random histories made by the real engine: a load from any
 * snapshot, valid, stale, garbled, of another version or of another history, gives the state,
 * revision and command-id answer of a full fold; an engine whose snapshots are deleted, garbled
 * or rewound between commands answers every command as an engine without snapshots does.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BILLING_AGREEMENT_STREAM_PREFIX, billingAgreements } from '../../application/aggregates/billing-agreement.js';
import { ORDER_REFERENCE_STREAM_PREFIX, orderReferences } from '../../application/aggregates/order-reference.js';
import { CommandHandler, DEFAULT_RETRY } from '../../application/command-handler.js';
import type { BillingEngine } from '../../application/engine.js';
import type { EventLocator, Snapshot } from '../../application/ports/snapshot-store.js';
import { isExactJson } from '../../application/snapshot-codec.js';
import type { StoredEvent } from '../../application/ports/event-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { MemorySnapshotStore } from '../../infrastructure/snapshots/memory-snapshot-store.js';
import { check } from '../support/properties.js';
import { allEventsOf, generate, historyEngine, runSteps, steps } from '../projections/histories.js';
import { plan, plant, stateAt, type AnyDefinition, type Plan } from './snapshot-faults.js';
import { START } from './support.js';

const test = suite('engine snapshots: properties over random engine histories');

/** The aggregate streams of a history, each with its definition, id and events. */
function streamsOf(events: readonly StoredEvent[]): { definition: AnyDefinition; id: string; streamId: string; events: StoredEvent[] }[] {
  const byStream = new Map<string, StoredEvent[]>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  return [...byStream].flatMap(([streamId, stream]) => {
    const [definition, prefix] = streamId.startsWith(BILLING_AGREEMENT_STREAM_PREFIX)
      ? [billingAgreements as AnyDefinition, BILLING_AGREEMENT_STREAM_PREFIX]
      : streamId.startsWith(ORDER_REFERENCE_STREAM_PREFIX)
        ? [orderReferences as AnyDefinition, ORDER_REFERENCE_STREAM_PREFIX]
        : [undefined, ''];
    return definition === undefined ? [] : [{ definition, id: streamId.slice(prefix.length), streamId, events: stream }];
  });
}

const comparable = (loaded: { state: unknown; revision: number; recordedByCommand: readonly unknown[] }) => ({
  state: loaded.state,
  text: JSON.stringify(loaded.state),
  revision: loaded.revision,
  recorded: loaded.recordedByCommand,
});

test('a load from any planted snapshot (valid, stale, garbled, truncated, old version, beyond the end, shifted, of another stream) equals the full fold, command ids included', () =>
  check(
    fc.asyncProperty(steps, fc.array(plan, { minLength: 1, maxLength: 6 }), async (history, plans) => {
      const { engine, events } = await generate(history);
      const clock = new ManualClock(START);
      const full = new CommandHandler(engine.deps.store, clock);
      for (const [i, stream] of streamsOf(events).entries()) {
        const p = plans[i % plans.length] as Plan;
        assert.ok(isExactJson(stateAt(stream.definition, stream.events, stream.events.length - 1)), 'the state is plain JSON data');
        const snapshots = new MemorySnapshotStore();
        await plant(snapshots, stream.definition, stream.streamId, stream.events, p);
        const locator = engine.deps.store as unknown as EventLocator;
        const cached = new CommandHandler(engine.deps.store, clock, DEFAULT_RETRY, { store: snapshots, locator, every: p.every });
        const commandId = stream.events[p.command % (stream.events.length + 1)]?.metadata.commandId ?? 'never-recorded';
        const expected = comparable(await full.load(stream.definition, stream.id, commandId));
        assert.equal(comparable(await cached.load(stream.definition, stream.id, commandId)), expected, `${p.fault} snapshot of ${stream.streamId}`);
        if (p.deleteBetweenLoads) await snapshots.delete(stream.streamId);
        assert.equal(comparable(await cached.load(stream.definition, stream.id, commandId)), expected, 'again, from the snapshot the first load wrote');
      }
      await engine.close();
    }),
  ));

type Mischief = 'none' | 'clear' | 'delete' | 'garble' | 'rewind';
const mischief = fc.array(fc.constantFrom<Mischief>('none', 'none', 'clear', 'delete', 'garble', 'rewind'), { minLength: 1, maxLength: 8 });

/** Does something bad to the cache: deletes, garbles, or puts back a stream's oldest snapshot. */
async function disturb(store: MemorySnapshotStore, what: Mischief, pick: number, oldest: Map<string, Snapshot>): Promise<void> {
  const streams = store.streams();
  for (const streamId of streams) if (!oldest.has(streamId)) oldest.set(streamId, (await store.get(streamId))!);
  const streamId = streams[pick % Math.max(streams.length, 1)];
  const snapshot = streamId === undefined ? undefined : await store.get(streamId);
  if (what === 'clear') await store.clear();
  if (streamId === undefined || snapshot === undefined) return;
  if (what === 'delete') await store.delete(streamId);
  if (what === 'garble') await store.put(streamId, snapshot.revision, snapshot.state.replace(/[0-9]/, (d) => (d === '7' ? '8' : '7')), snapshot.version);
  const old = oldest.get(streamId);
  if (what === 'rewind' && old !== undefined) await store.put(streamId, old.revision, old.state, old.version);
}

async function finalStates(engine: BillingEngine): Promise<unknown[]> {
  const events = await allEventsOf(engine);
  const states = await Promise.all(streamsOf(events).map(async (s) => comparable(await engine.handler.load(s.definition, s.id))));
  return [states, events];
}

test('an engine whose snapshots are deleted, garbled or rewound between commands answers every command and query as one without snapshots', () =>
  check(
    fc.asyncProperty(steps, fc.integer({ min: 1, max: 3 }), mischief, fc.nat(), async (history, every, harm, pick) => {
      const plain = await historyEngine({ snapshots: false });
      const results: string[] = [];
      await runSteps(plain.engine, plain.clock, history, async (result) => void results.push(JSON.stringify(result)));
      const cached = await historyEngine({ snapshots: { every } });
      const store = cached.engine.deps.snapshots?.store as MemorySnapshotStore;
      const oldest = new Map<string, Snapshot>();
      let i = 0;
      await runSteps(cached.engine, cached.clock, history, async (result) => {
        assert.is(JSON.stringify(result), results[i], `command ${i}`);
        await disturb(store, harm[i % harm.length] ?? 'none', pick + i, oldest);
        i++;
      });
      assert.is(i, results.length);
      assert.equal(await finalStates(cached.engine), await finalStates(plain.engine));
      await Promise.all([plain.engine.close(), cached.engine.close()]);
    }),
  ));

test.run();
