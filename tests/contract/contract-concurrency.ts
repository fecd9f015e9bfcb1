/** Contract: competing writers and reused event ids. */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { WrongExpectedRevisionError } from '../../application/ports/event-store.js';
import { collect, failureOf, freshStreamId, ids, newEvent, withStore, type OpenStore } from './contract-support.js';

export function defineConcurrencyContract(test: Test, open: OpenStore): void {
  test('of two concurrent appends expecting the same revision exactly one wins', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      await store.append(streamId, [newEvent()], 'no_stream');
      const [a, b] = [newEvent({ writer: 'a' }), newEvent({ writer: 'b' })];
      const outcomes = await Promise.allSettled([store.append(streamId, [a], 0), store.append(streamId, [b], 0)]);
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      assert.is(won.length, 1);
      assert.is(lost.length, 1);
      assert.instance(lost[0], WrongExpectedRevisionError);
      assert.is((lost[0] as WrongExpectedRevisionError).actual, 1);
      const stream = await collect(store.readStream(streamId));
      assert.is(stream.length, 2);
      assert.ok([a.eventId, b.eventId].includes(stream[1]?.eventId ?? ''));
    }));

  test('of two concurrent appends creating the same stream exactly one wins', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const outcomes = await Promise.allSettled([
        store.append(streamId, [newEvent(), newEvent()], 'no_stream'),
        store.append(streamId, [newEvent()], 'no_stream'),
      ]);
      assert.equal(outcomes.map((outcome) => outcome.status).sort(), ['fulfilled', 'rejected']);
      const winner = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
      assert.is((await collect(store.readStream(streamId))).length, winner === 0 ? 2 : 1);
    }));

  test('an append retried with the same event ids after it succeeded is not written twice', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const events = [newEvent({ n: 1 }), newEvent({ n: 2 })];
      await store.append(streamId, events, 'no_stream');
      // EventStoreDB answers an exact retry with success; the others refuse it: either way, once.
      await store.append(streamId, events, 'no_stream').catch((error: unknown) => assert.instance(error, Error));
      assert.equal(ids(await collect(store.readStream(streamId))), ids(events));
    }));

  test('an event id repeated within one append is refused and nothing is written', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const event = newEvent();
      const error = await failureOf(() => store.append(streamId, [event, newEvent(), event], 'no_stream'));
      assert.instance(error, Error);
      assert.equal(await collect(store.readStream(streamId)), []);
      assert.is((await store.append(streamId, [event], 'no_stream')).nextExpectedRevision, 0);
    }));
}
