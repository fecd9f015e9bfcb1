/** Contract: following the global order. */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StoredEvent } from '../../application/ports/event-store.js';
import { eventually, freshStreamId, ids, newEvent, pause, withStore, type OpenStore } from './contract-support.js';

/** Longer than a polling store's interval: if an event were still coming, it would have come. */
const QUIET_MS = 400;

export function defineSubscribingContract(test: Test, open: OpenStore): void {
  test('a subscription catches up, then receives later appends in order, one at a time', () =>
    withStore(open, async (store) => {
      const marker = await store.append(freshStreamId(), [newEvent()], 'no_stream');
      const [a, b] = [freshStreamId(), freshStreamId()];
      const before = [newEvent(), newEvent(), newEvent()];
      await store.append(a, before, 'no_stream');
      const received: StoredEvent[] = [];
      let running = 0;
      let mostAtOnce = 0;
      const subscription = store.subscribeToAll({
        after: marker.position,
        onEvent: async (event) => {
          if (event.streamId !== a && event.streamId !== b) return;
          mostAtOnce = Math.max(mostAtOnce, ++running);
          await pause(2);
          received.push(event);
          running--;
        },
      });
      await eventually(() => received.length === 3, 'the catch-up');
      const later = [newEvent(), newEvent(), newEvent()];
      await store.append(b, later.slice(0, 2), 'no_stream');
      await store.append(a, later.slice(2), 2);
      await eventually(() => received.length === 6, 'the later appends');
      await subscription.close();
      assert.equal(ids(received), ids([...before, ...later]));
      assert.is(mostAtOnce, 1);
    }));

  test('closing a subscription stops delivery, even in the middle of a catch-up', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const received: StoredEvent[] = [];
      const { position } = await store.append(freshStreamId(), [newEvent()], 'no_stream');
      await store.append(streamId, [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()], 'no_stream');
      const subscription = store.subscribeToAll({
        after: position,
        onEvent: async (event) => {
          if (event.streamId !== streamId) return;
          received.push(event);
          await pause(20);
        },
      });
      await eventually(() => received.length === 1, 'the first event');
      await subscription.close();
      const atClose = received.length;
      await store.append(streamId, [newEvent()], 4);
      await pause(QUIET_MS);
      assert.ok(atClose < 5, `delivery went on after close (${atClose} events)`);
      assert.is(received.length, atClose);
    }));

  test('a handler that throws ends its subscription and the error is reported once', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const { position } = await store.append(freshStreamId(), [newEvent()], 'no_stream');
      const errors: Error[] = [];
      let calls = 0;
      const subscription = store.subscribeToAll({
        after: position,
        onEvent: (event) => {
          if (event.streamId !== streamId) return;
          calls++;
          throw new Error('projection failed');
        },
        onError: (error) => errors.push(error),
      });
      await store.append(streamId, [newEvent(), newEvent()], 'no_stream');
      await eventually(() => errors.length === 1, 'the error');
      await store.append(streamId, [newEvent()], 1);
      await pause(QUIET_MS);
      await subscription.close();
      assert.is(calls, 1);
      assert.is(errors.length, 1);
      assert.match(errors[0]?.message ?? '', 'projection failed');
    }));
}
