import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CorruptEventError, EventStoreUnavailableError, WrongExpectedRevisionError, type ExpectedRevision } from '../../application/ports/event-store.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import type { EsdbEventStore } from '../../infrastructure/event-store/eventstoredb/esdb-event-store.js';
import { eventUuid } from '../../infrastructure/event-store/eventstoredb/event-uuid.js';
import { collect, metadataFor, newEvents, withStandIn } from './esdb-fixtures.js';

const test = suite('EventStoreDB adapter over the stand-in server');
const PATHS = { 'batch-append': 'through BatchAppend', 'append-only': 'through the older Append call' } as const;

test('appended events are read back in revision order with their metadata, revision and position', async () => {
  await withStandIn(async (store) => {
    const result = await store.append('BillingAgreement-B01', newEvents('cmd-1', 3), 'no_stream');
    const read = await collect(store.readStream('BillingAgreement-B01'));
    assert.equal(read.map((e) => [e.eventId, e.revision, e.streamId]), [
      ['cmd-1:0', 0, 'BillingAgreement-B01'],
      ['cmd-1:1', 1, 'BillingAgreement-B01'],
      ['cmd-1:2', 2, 'BillingAgreement-B01'],
    ]);
    assert.equal(read[1]?.data, newEvents('cmd-1', 3)[1]?.data);
    assert.equal(read[1]?.metadata, metadataFor('cmd-1'));
    assert.equal(result, { nextExpectedRevision: 2, position: read[2]?.position ?? '' });
  });
});

test('reading from a revision starts at that revision, and an absent stream yields nothing', async () => {
  await withStandIn(async (store) => {
    await store.append('OrderReference-S01', newEvents('cmd-1', 4), 'no_stream');
    const tail = await collect(store.readStream('OrderReference-S01', { fromRevision: 2 }));
    assert.equal(tail.map((e) => e.revision), [2, 3]);
    assert.equal(await collect(store.readStream('OrderReference-missing')), []);
  });
});

test('a reader that stops early leaves the store usable', async () => {
  await withStandIn(async (store) => {
    await store.append('BillingAgreement-B02', newEvents('cmd-1', 50), 'no_stream');
    for await (const event of store.readStream('BillingAgreement-B02')) if (event.revision === 1) break;
    await store.append('BillingAgreement-B02', newEvents('cmd-2', 1), 49);
    assert.is((await collect(store.readStream('BillingAgreement-B02'))).length, 51);
  });
});

async function conflictOf(store: EsdbEventStore, streamId: string, expected: ExpectedRevision): Promise<WrongExpectedRevisionError> {
  try {
    await store.append(streamId, newEvents(`late-${String(expected)}`, 1), expected);
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return error;
    throw error;
  }
  throw new Error('the append was accepted');
}

for (const [features, path] of Object.entries(PATHS) as [keyof typeof PATHS, string][]) {
  test(`a wrong expected revision is refused with the stream's actual revision, ${path}`, async () => {
    await withStandIn(async (store) => {
      await store.append('BillingAgreement-B03', newEvents('cmd-1', 2), 'no_stream');
      const stale = await conflictOf(store, 'BillingAgreement-B03', 0);
      assert.equal([stale.streamId, stale.expected, stale.actual], ['BillingAgreement-B03', 0, 1]);
      assert.is((await conflictOf(store, 'BillingAgreement-B03', 'no_stream')).actual, 1);
      assert.is((await conflictOf(store, 'BillingAgreement-missing', 4)).actual, 'no_stream');
      assert.is((await collect(store.readStream('BillingAgreement-B03'))).length, 2);
    }, { features });
  });

  test(`a retried append with the same event ids is accepted once and not duplicated, ${path}`, async () => {
    await withStandIn(async (store) => {
      await store.append('BillingAgreement-B04', newEvents('cmd-1', 1), 'no_stream');
      const first = await store.append('BillingAgreement-B04', newEvents('cmd-2', 2), 0);
      const retry = await store.append('BillingAgreement-B04', newEvents('cmd-2', 2), 0);
      assert.equal(retry, first);
      const read = await collect(store.readStream('BillingAgreement-B04'));
      assert.equal(read.map((e) => e.eventId), ['cmd-1:0', 'cmd-2:0', 'cmd-2:1']);
      const conflicting = await store.append('BillingAgreement-B04', newEvents('cmd-3', 1), 0).catch((error: unknown) => error);
      assert.instance(conflicting, WrongExpectedRevisionError);
    }, { features });
  });
}

test('a retried first append at no_stream is accepted once', async () => {
  await withStandIn(async (store) => {
    const first = await store.append('OrderReference-S02', newEvents('cmd-1', 2), 'no_stream');
    assert.equal(await store.append('OrderReference-S02', newEvents('cmd-1', 2), 'no_stream'), first);
    assert.is((await collect(store.readStream('OrderReference-S02'))).length, 2);
  });
});

test('stored metadata carries $correlationId and $causationId next to ours, under derived UUIDs', async () => {
  await withStandIn(async (store, standIn) => {
    await store.append('BillingAgreement-B05', newEvents('cmd-1', 2), 'no_stream');
    const ours = standIn.recorded().filter((e) => e.streamId === 'BillingAgreement-B05');
    assert.equal(ours.map((e) => e.id), [eventUuid('cmd-1:0'), eventUuid('cmd-1:1')]);
    const { chain, ...metadata } = ours[0]?.metadata as { chain: { previous: string; hash: string } };
    assert.equal(metadata, {
      ...metadataFor('cmd-1'),
      $correlationId: 'corr-cmd-1',
      $causationId: 'cause-cmd-1',
      eventId: 'cmd-1:0',
    });
    assert.equal(chain.previous, '0'.repeat(64), "the stream's first event links to zeros");
    assert.match(chain.hash, /^[0-9a-f]{64}$/);
    assert.is((ours[1]?.metadata as { chain: { previous: string } }).chain.previous, chain.hash, 'the second links to the first');
  });
});

test('an event id that is a lower-case UUID is stored as it is', async () => {
  await withStandIn(async (store, standIn) => {
    const id = '0b6e7f8a-9b0c-4c1b-9a5e-8f1b3c9e1d2a';
    const [event] = newEvents('cmd-1', 1);
    await store.append('BillingAgreement-B06', [{ ...event!, eventId: id }], 'any');
    assert.is(standIn.recorded().find((e) => e.streamId === 'BillingAgreement-B06')?.id, id);
    assert.is((await collect(store.readStream('BillingAgreement-B06')))[0]?.eventId, id);
  });
});

test('derived event UUIDs are stable, name-based version 5 and distinct per id', () => {
  assert.is(eventUuid('cmd-1:0'), eventUuid('cmd-1:0'));
  assert.is.not(eventUuid('cmd-1:0'), eventUuid('cmd-1:1'));
  assert.match(eventUuid('cmd-1:0'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is.not(eventUuid('0B6E7F8A-9B0C-4C1B-9A5E-8F1B3C9E1D2A'), '0B6E7F8A-9B0C-4C1B-9A5E-8F1B3C9E1D2A');
});

test('an append of no events, or repeating an id, is refused before anything reaches the server', async () => {
  await withStandIn(async (store, standIn) => {
    const before = standIn.recorded().length;
    assert.instance(await store.append('BillingAgreement-B07', [], 'no_stream').catch((error: unknown) => error), RangeError);
    const [event] = newEvents('cmd-1', 1);
    const repeated = await store.append('BillingAgreement-B07', [event!, event!], 'no_stream').catch((error: unknown) => error);
    assert.instance(repeated, Error);
    assert.not.instance(repeated, WrongExpectedRevisionError);
    assert.is(standIn.recorded().length, before);
  });
});

for (const [features, path] of Object.entries(PATHS) as [keyof typeof PATHS, string][]) {
  test(`data JSON cannot hold is refused before anything is sent, ${path}`, async () => {
    await withStandIn(async (store) => {
      const [event] = newEvents('cmd-1', 1);
      const unencodable = { ...event!, data: { amount: 10n } as unknown as JsonValue };
      assert.instance(await store.append('BillingAgreement-B10', [unencodable], 'no_stream').catch((error: unknown) => error), TypeError);
      assert.equal(await collect(store.readStream('BillingAgreement-B10')), []);
    }, { features });
  });
}

test('like the server, the stand-in de-duplicates only a retry in place: an id reused elsewhere is stored again', async () => {
  await withStandIn(async (store) => {
    await store.append('BillingAgreement-B11', newEvents('cmd-1', 1), 'no_stream');
    await store.append('BillingAgreement-B12', newEvents('cmd-1', 1), 'no_stream');
    const copies = (await collect(store.readAll())).filter((e) => e.eventId === 'cmd-1:0');
    assert.equal(copies.map((e) => e.streamId), ['BillingAgreement-B11', 'BillingAgreement-B12']);
  });
});

test('a closed store refuses every operation with EventStoreUnavailableError', async () => {
  await withStandIn(async (store) => {
    await store.close();
    assert.instance(await store.append('BillingAgreement-B09', newEvents('cmd-1', 1), 'any').catch((error: unknown) => error), EventStoreUnavailableError);
    assert.instance(await collect(store.readAll()).catch((error: unknown) => error), EventStoreUnavailableError);
    assert.throws(() => store.subscribeToAll({ onEvent: () => undefined }), (error: unknown) => error instanceof EventStoreUnavailableError);
  });
});

test('an event another application wrote without our metadata is reported as corrupt, not skipped', async () => {
  await withStandIn(async (store, standIn) => {
    standIn.appendDirectly('BillingAgreement-B08', 'AgreementNoted', { foreign: true });
    const error = await collect(store.readStream('BillingAgreement-B08')).catch((caught: unknown) => caught);
    assert.instance(error, CorruptEventError);
    assert.is((error as CorruptEventError).streamId, 'BillingAgreement-B08');
  });
});

test.run();
