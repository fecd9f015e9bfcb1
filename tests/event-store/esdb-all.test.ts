import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CorruptEventError, EventStoreUnavailableError, type StoredEvent } from '../../application/ports/event-store.js';
import type { EsdbEventStore } from '../../infrastructure/event-store/eventstoredb/esdb-event-store.js';
import type { EsdbStandIn } from '../support/esdb-server/index.js';
import { collect, eventually, newEvents, withStandIn } from './esdb-fixtures.js';

const test = suite('EventStoreDB adapter: $all and subscriptions over the stand-in server');

/** Three streams written in turns, with the server's own statistics events in between. */
async function interleaved(store: EsdbEventStore, standIn: EsdbStandIn): Promise<string[]> {
  await store.append('BillingAgreement-A', newEvents('a1', 2), 'no_stream');
  standIn.appendDirectly('$stats-127.0.0.1:2113', '$statsCollected');
  await store.append('OrderReference-B', newEvents('b1', 3), 'no_stream');
  await store.append('BillingAgreement-A', newEvents('a2', 1), 1);
  standIn.appendDirectly('$stats-127.0.0.1:2113', '$statsCollected');
  standIn.appendDirectly('$stats-127.0.0.1:2113', '$statsCollected');
  await store.append('BillingAgreement-C', newEvents('c1', 1), 'no_stream');
  return ['a1:0', 'a1:1', 'b1:0', 'b1:1', 'b1:2', 'a2:0', 'c1:0'];
}

function comparePositions(a: string, b: string): number {
  const [ac = 0n, ap = 0n] = a.split(':').map(BigInt);
  const [bc = 0n, bp = 0n] = b.split(':').map(BigInt);
  return ac === bc ? Number(ap - bp) : Number(ac - bc);
}

test('reading $all gives every event of every stream in global order, in any batch size, without system events', async () => {
  await withStandIn(async (store, standIn) => {
    const expected = await interleaved(store, standIn);
    for (const batchSize of [1, 2, 3, 500]) {
      const all = await collect(store.readAll({ batchSize }));
      assert.equal(all.map((e) => e.eventId), expected, `batch size ${batchSize}`);
      all.slice(1).forEach((event, i) => assert.ok(comparePositions(all[i]?.position ?? '', event.position) < 0));
    }
  });
});

test('reading $all after each position gives exactly the events after it', async () => {
  await withStandIn(async (store, standIn) => {
    const expected = await interleaved(store, standIn);
    const all = await collect(store.readAll());
    for (const [index, event] of all.entries()) {
      const rest = await collect(store.readAll({ after: event.position, batchSize: 2 }));
      assert.equal(rest.map((e) => e.eventId), expected.slice(index + 1), `after ${event.eventId}`);
    }
  });
});

test('reading $all of a store holding only system events gives nothing', async () => {
  await withStandIn(async (store) => {
    assert.equal(await collect(store.readAll({ batchSize: 1 })), []);
  });
});

test('an event in $all that cannot be decoded stops the read with CorruptEventError', async () => {
  await withStandIn(async (store, standIn) => {
    await store.append('BillingAgreement-A', newEvents('a1', 1), 'no_stream');
    standIn.appendDirectly('Inventory-1', 'StockCounted', { count: 3 });
    const error = await collect(store.readAll()).catch((caught: unknown) => caught);
    assert.instance(error, CorruptEventError);
  });
});

test('a subscription meeting an event it cannot decode reports CorruptEventError and stops', async () => {
  await withStandIn(async (store, standIn) => {
    await store.append('BillingAgreement-A', newEvents('a1', 1), 'no_stream');
    standIn.appendDirectly('Inventory-1', 'StockCounted', { count: 3 });
    await store.append('BillingAgreement-A', newEvents('a2', 1), 0);
    const seen: string[] = [];
    const errors: Error[] = [];
    store.subscribeToAll({ onEvent: (event) => void seen.push(event.eventId), onError: (error) => errors.push(error) });
    await eventually(() => errors.length > 0, 'the error');
    await sleep(20);
    assert.equal(seen, ['a1:0']);
    assert.instance(errors[0], CorruptEventError);
  });
});

test('a subscription catches up, follows live appends one at a time, and stops when closed', async () => {
  await withStandIn(async (store, standIn) => {
    const expected = await interleaved(store, standIn);
    const seen: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const subscription = store.subscribeToAll({
      onEvent: async (event) => {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        await sleep(2);
        seen.push(event.eventId);
        running--;
      },
    });
    await eventually(() => seen.length === expected.length, 'the catch-up');
    await store.append('OrderReference-B', newEvents('b2', 2), 2);
    standIn.appendDirectly('$stats-127.0.0.1:2113', '$statsCollected');
    await eventually(() => seen.length === expected.length + 2, 'the live events');
    await subscription.close();
    await store.append('OrderReference-B', newEvents('b3', 1), 4);
    await sleep(50);
    assert.equal(seen, [...expected, 'b2:0', 'b2:1']);
    assert.is(mostAtOnce, 1);
  });
});

test('a subscription after a position delivers only the later events', async () => {
  await withStandIn(async (store, standIn) => {
    const expected = await interleaved(store, standIn);
    const all = await collect(store.readAll());
    const seen: StoredEvent[] = [];
    const subscription = store.subscribeToAll({ after: all[3]?.position ?? '', onEvent: (event) => void seen.push(event) });
    await eventually(() => seen.length === expected.length - 4, 'the events after the position');
    await sleep(20);
    await subscription.close();
    assert.equal(seen, all.slice(4));
  });
});

test('closing a subscription from inside its handler stops it', async () => {
  await withStandIn(async (store) => {
    await store.append('BillingAgreement-A', newEvents('a1', 5), 'no_stream');
    const seen: string[] = [];
    let closed: Promise<void> | undefined;
    const subscription = store.subscribeToAll({
      onEvent: async (event) => {
        seen.push(event.eventId);
        if (seen.length === 2) await (closed = subscription.close());
      },
    });
    await eventually(() => closed !== undefined, 'the close');
    await closed;
    await sleep(30);
    assert.equal(seen, ['a1:0', 'a1:1']);
  });
});

test('a handler that throws is reported once through onError and the subscription stops', async () => {
  await withStandIn(async (store) => {
    await store.append('BillingAgreement-A', newEvents('a1', 3), 'no_stream');
    const errors: Error[] = [];
    let calls = 0;
    const subscription = store.subscribeToAll({
      onEvent: () => {
        calls++;
        throw new Error('projection failed');
      },
      onError: (error) => errors.push(error),
    });
    await eventually(() => errors.length > 0, 'the error');
    await subscription.close();
    await sleep(20);
    assert.equal([calls, errors.map((e) => e.message)], [1, ['projection failed']]);
  });
});

test('a subscription whose server goes away reports EventStoreUnavailableError once, and so does the next append', async () => {
  await withStandIn(async (store, standIn) => {
    const errors: Error[] = [];
    store.subscribeToAll({ onEvent: () => undefined, onError: (error) => errors.push(error) });
    await store.append('BillingAgreement-A', newEvents('a1', 1), 'no_stream');
    await standIn.stop();
    await eventually(() => errors.length > 0, 'the error');
    const append = await store.append('BillingAgreement-A', newEvents('a2', 1), 0).catch((error: unknown) => error);
    assert.is(errors.length, 1);
    assert.instance(errors[0], EventStoreUnavailableError);
    assert.instance(append, EventStoreUnavailableError);
  });
});

test('closing the store closes its open subscriptions', async () => {
  await withStandIn(async (store) => {
    const seen: string[] = [];
    store.subscribeToAll({ onEvent: (event) => void seen.push(event.eventId) });
    await store.append('BillingAgreement-A', newEvents('a1', 1), 'no_stream');
    await eventually(() => seen.length === 1, 'the first event');
    await store.close();
  });
});

test.run();
