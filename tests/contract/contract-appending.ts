/** Contract: appending with expected revisions, all or nothing. */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { WrongExpectedRevisionError, type EventStore } from '../../application/ports/event-store.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { collect, failureOf, freshStreamId, ids, inStreams, newEvent, withStore, type OpenStore } from './contract-support.js';

async function revisionsOf(store: EventStore, streamId: string): Promise<number[]> {
  return (await collect(store.readStream(streamId))).map((event) => event.revision);
}

function assertWrongRevision(error: unknown, streamId: string, expected: unknown, actual: unknown): void {
  assert.instance(error, WrongExpectedRevisionError);
  const wrong = error as WrongExpectedRevisionError;
  assert.is(wrong.streamId, streamId);
  assert.is(wrong.expected, expected);
  assert.is(wrong.actual, actual);
}

export function defineAppendingContract(test: Test, open: OpenStore): void {
  test('appending to a new stream with no_stream starts it at revision 0', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const event = newEvent({ n: 1 });
      const result = await store.append(streamId, [event], 'no_stream');
      assert.is(result.nextExpectedRevision, 0);
      const stored = await collect(store.readStream(streamId));
      assert.equal(ids(stored), [event.eventId]);
      assert.is(stored[0]?.revision, 0);
      assert.is(stored[0]?.streamId, streamId);
      assert.is(stored[0]?.position, result.position);
    }));

  test('appending with the exact current revision continues the stream', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      await store.append(streamId, [newEvent()], 'no_stream');
      assert.is((await store.append(streamId, [newEvent()], 0)).nextExpectedRevision, 1);
      assert.is((await store.append(streamId, [newEvent()], 1)).nextExpectedRevision, 2);
      assert.equal(await revisionsOf(store, streamId), [0, 1, 2]);
    }));

  test('appending with any starts a stream and continues it whatever its revision', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      assert.is((await store.append(streamId, [newEvent()], 'any')).nextExpectedRevision, 0);
      assert.is((await store.append(streamId, [newEvent(), newEvent()], 'any')).nextExpectedRevision, 2);
      assert.equal(await revisionsOf(store, streamId), [0, 1, 2]);
    }));

  test('appending with no_stream to an existing stream is refused with its actual revision', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      await store.append(streamId, [newEvent(), newEvent()], 'no_stream');
      const error = await failureOf(() => store.append(streamId, [newEvent()], 'no_stream'));
      assertWrongRevision(error, streamId, 'no_stream', 1);
      assert.equal(await revisionsOf(store, streamId), [0, 1]);
    }));

  test('appending with a revision to a missing stream is refused as no_stream', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const error = await failureOf(() => store.append(streamId, [newEvent()], 0));
      assertWrongRevision(error, streamId, 0, 'no_stream');
      assert.equal(await revisionsOf(store, streamId), []);
    }));

  test('appending with a stale revision is refused with the actual revision', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      await store.append(streamId, [newEvent(), newEvent(), newEvent()], 'no_stream');
      const error = await failureOf(() => store.append(streamId, [newEvent()], 1));
      assertWrongRevision(error, streamId, 1, 2);
      assert.equal(await revisionsOf(store, streamId), [0, 1, 2]);
    }));

  test('the events of one append get consecutive revisions and consecutive places in the global order', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      await store.append(streamId, [newEvent()], 'no_stream');
      const batch = [newEvent({ i: 1 }), newEvent({ i: 2 }), newEvent({ i: 3 })];
      const result = await store.append(streamId, batch, 0);
      assert.is(result.nextExpectedRevision, 3);
      const stream = await collect(store.readStream(streamId, { fromRevision: 1 }));
      assert.equal(ids(stream), ids(batch));
      assert.equal(stream.map((event) => event.revision), [1, 2, 3]);
      assert.is(stream[2]?.position, result.position);
      const all = inStreams(await collect(store.readAll()), [streamId]);
      assert.equal(ids(all).slice(1), ids(batch));
    }));

  test('an append that fails on its last event writes none of its events', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const first = newEvent();
      await store.append(streamId, [first], 'no_stream');
      // Not JSON: no adapter can encode it, whichever way it stores events.
      const unencodable = newEvent({ amount: 10n } as unknown as JsonValue);
      await failureOf(() => store.append(streamId, [newEvent(), newEvent(), unencodable], 0));
      assert.equal(ids(await collect(store.readStream(streamId))), [first.eventId]);
      assert.equal(ids(inStreams(await collect(store.readAll()), [streamId])), [first.eventId]);
      assert.is((await store.append(streamId, [newEvent()], 0)).nextExpectedRevision, 1);
    }));
}
