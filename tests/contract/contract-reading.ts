/** Contract: reading streams and the global order, and what comes back. */
import type { Test } from 'uvu';
import * as assert from 'uvu/assert';
import { readEventPages, readStreamPages, type EventMetadata, type EventStore, type NewEvent, type RecordedData } from '../../application/ports/event-store.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { collect, freshStreamId, ids, inStreams, METADATA, newEvent, withStore, type OpenStore } from './contract-support.js';

/** Appends each event on its own, alternating between the streams; returns them in append order. */
async function interleave(store: EventStore, streamIds: readonly string[], count: number): Promise<NewEvent[]> {
  const appended: NewEvent[] = [];
  for (let i = 0; i < count; i++) {
    const event = newEvent({ i });
    await store.append(streamIds[i % streamIds.length] ?? '', [event], 'any');
    appended.push(event);
  }
  return appended;
}

const AWKWARD_DATA: JsonValue = {
  text: 'Amazon ペイ 🎉 e\u0301 "quoted" \\ back\nslash \u0000 \u2028',
  empty: '',
  amounts: { maximum: Number.MAX_SAFE_INTEGER, minimum: Number.MIN_SAFE_INTEGER, zero: 0, negative: -5000, fraction: 0.1 },
  nested: { deeper: { deepest: [1, [2, [3, { four: null }]], true, false] } },
  list: [],
  object: {},
};

const AWKWARD_METADATA: EventMetadata = {
  ...METADATA,
  commandId: 'コマンド-1 ✓',
  correlationId: 'corr/with spaces & "quotes"',
  actor: 'amazon-ipn',
  source: 'ipn',
  recordedAt: '2026-12-31T23:59:59.999Z',
};

export function defineReadingContract(test: Test, open: OpenStore): void {
  test('reading a stream returns its events in revision order, from a given revision on', () =>
    withStore(open, async (store) => {
      const [streamId, other] = [freshStreamId(), freshStreamId()];
      const events = await interleave(store, [streamId, other], 8);
      const mine = events.filter((_, i) => i % 2 === 0);
      assert.equal(ids(await collect(store.readStream(streamId))), ids(mine));
      const fromTwo = await collect(store.readStream(streamId, { fromRevision: 2 }));
      assert.equal(ids(fromTwo), ids(mine.slice(2)));
      assert.equal(fromTwo.map((event) => event.revision), [2, 3]);
      assert.equal(await collect(store.readStream(streamId, { fromRevision: 4 })), []);
    }));

  test('reading an absent stream yields nothing', () =>
    withStore(open, async (store) => {
      await store.append(freshStreamId(), [newEvent()], 'no_stream');
      assert.equal(await collect(store.readStream(freshStreamId())), []);
    }));

  test('reading all returns the events of every stream in the order they were appended', () =>
    withStore(open, async (store) => {
      const streamIds = [freshStreamId(), freshStreamId(), freshStreamId()];
      const appended = await interleave(store, streamIds, 7);
      const all = inStreams(await collect(store.readAll()), streamIds);
      assert.equal(ids(all), ids(appended));
      assert.is(new Set(all.map((event) => event.position)).size, all.length);
    }));

  test('reading all after a position returns only the events after it', () =>
    withStore(open, async (store) => {
      const streamIds = [freshStreamId(), freshStreamId()];
      const appended = await interleave(store, streamIds, 5);
      const all = inStreams(await collect(store.readAll()), streamIds);
      const after = all[1]?.position ?? '';
      const later = inStreams(await collect(store.readAll({ after })), streamIds);
      assert.equal(ids(later), ids(appended.slice(2)));
      const last = all[4]?.position ?? '';
      assert.equal(inStreams(await collect(store.readAll({ after: last })), streamIds), []);
    }));

  test('reading all in batches smaller than the history returns every event exactly once', () =>
    withStore(open, async (store) => {
      const marker = await store.append(freshStreamId(), [newEvent()], 'no_stream');
      const streamIds = [freshStreamId(), freshStreamId()];
      const appended = await interleave(store, streamIds, 11);
      for (const batchSize of [1, 2, 3, 10]) {
        const read = inStreams(await collect(store.readAll({ after: marker.position, batchSize })), streamIds);
        assert.equal(ids(read), ids(appended), `batch size ${batchSize}`);
      }
    }));

  test('reading all page by page (the store\'s light read, or readAll grouped) returns every event once, as readAll does without its metadata', () =>
    withStore(open, async (store) => {
      const marker = await store.append(freshStreamId(), [newEvent()], 'no_stream');
      const streamIds = [freshStreamId(), freshStreamId()];
      await interleave(store, streamIds, 11);
      const full = inStreams(await collect(store.readAll({ after: marker.position })), streamIds);
      for (const batchSize of [1, 2, 3, 10]) {
        const pages: (readonly RecordedData[])[] = [];
        for await (const page of readEventPages(store, { after: marker.position, batchSize })) pages.push(page);
        assert.ok(pages.every((page) => page.length >= 1 && page.length <= batchSize), `pages of 1 to ${batchSize} events`);
        const read = inStreams(pages.flat(), streamIds);
        assert.equal(
          read.map(({ streamId, revision, position, eventId, type, data }) => ({ streamId, revision, position, eventId, type, data })),
          full.map(({ streamId, revision, position, eventId, type, data }) => ({ streamId, revision, position, eventId, type, data })),
          `batch size ${batchSize}`,
        );
      }
    }));

  test('reading a stream page by page from a revision returns what readStream returns, without the metadata', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      await store.append(streamId, Array.from({ length: 7 }, (_, i) => newEvent({ i })), 'no_stream');
      const strip = ({ streamId: s, revision, position, eventId, type, data }: RecordedData) => ({ streamId: s, revision, position, eventId, type, data });
      for (const fromRevision of [0, 3, 6, 7]) {
        const pages: (readonly RecordedData[])[] = [];
        for await (const page of readStreamPages(store, streamId, { fromRevision })) pages.push(page);
        assert.equal(pages.flat().map(strip), (await collect(store.readStream(streamId, { fromRevision }))).map(strip), `from revision ${fromRevision}`);
      }
      const none: RecordedData[] = [];
      for await (const page of readStreamPages(store, freshStreamId())) none.push(...page);
      assert.equal(none, [], 'an absent stream has no pages');
    }));

  test('data and metadata come back exactly as appended', () =>
    withStore(open, async (store) => {
      const streamId = freshStreamId();
      const event = newEvent(AWKWARD_DATA, 'AwkwardThingHappened', AWKWARD_METADATA);
      const plain = newEvent('just a string');
      await store.append(streamId, [event, plain], 'no_stream');
      const fromStream = await collect(store.readStream(streamId));
      const fromAll = inStreams(await collect(store.readAll()), [streamId]);
      for (const read of [fromStream, fromAll]) {
        assert.equal(read[0]?.data, AWKWARD_DATA);
        assert.equal(read[0]?.metadata, AWKWARD_METADATA);
        assert.is(read[0]?.type, 'AwkwardThingHappened');
        assert.equal(read[1]?.data, 'just a string');
      }
    }));
}
