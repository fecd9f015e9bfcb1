import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStoreUnavailableError } from '../../application/ports/event-store.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { collect, failureOf, newEvent } from './contract-support.js';
import { defineEventStoreContract } from './event-store-contract.js';

defineEventStoreContract('in-memory', async () => {
  const store = new MemoryEventStore();
  return { store, cleanup: () => store.close() };
});

const test = suite('in-memory event store');

test('positions are the decimal text of 1, 2, 3 in append order across streams', async () => {
  const store = new MemoryEventStore();
  await store.append('Agreement-1', [newEvent(), newEvent()], 'no_stream');
  assert.equal(await store.append('Agreement-2', [newEvent()], 'no_stream'), { nextExpectedRevision: 0, position: '3' });
  assert.equal((await collect(store.readAll({ after: '1' }))).map((event) => event.position), ['2', '3']);
});

test('a closed store refuses every operation with EventStoreUnavailableError', async () => {
  const store = new MemoryEventStore();
  await store.close();
  assert.instance(await failureOf(() => store.append('Agreement-1', [newEvent()], 'any')), EventStoreUnavailableError);
  assert.instance(await failureOf(() => collect(store.readAll())), EventStoreUnavailableError);
});

test.run();
