/** One contract for every IPN inbox adapter: memory, the SQLite table, streams (memory, EventStoreDB). */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpnInbox, NewInboxEntry } from '../../application/ports/ipn-inbox.js';
import { EsdbEventStore } from '../../infrastructure/event-store/eventstoredb/esdb-event-store.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { MemoryIpnInbox } from '../../infrastructure/ipn/memory-ipn-inbox.js';
import { openIpnInbox } from '../../infrastructure/ipn/open-inbox.js';
import { SqliteIpnInbox } from '../../infrastructure/ipn/sqlite/sqlite-ipn-inbox.js';
import { StreamIpnInbox } from '../../infrastructure/ipn/stream-ipn-inbox.js';
import { startEsdbStandIn } from '../support/esdb-server/index.js';

interface Opened {
  readonly inbox: IpnInbox;
  /** The same storage opened again (a restart); absent for memory. */
  readonly reopen?: () => IpnInbox;
  readonly cleanup: () => Promise<void>;
}

const ADAPTERS: Record<string, () => Promise<Opened>> = {
  memory: async () => ({ inbox: new MemoryIpnInbox(), cleanup: async () => undefined }),
  sqlite: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipn-inbox-'));
    const stores = [new SqliteEventStore(join(dir, 'billing.db'))];
    const inboxOf = (store: SqliteEventStore) => {
      const inbox = openIpnInbox(store);
      assert.instance(inbox, SqliteIpnInbox);
      return inbox;
    };
    return {
      inbox: inboxOf(stores[0] as SqliteEventStore),
      reopen: () => {
        const again = new SqliteEventStore(join(dir, 'billing.db'));
        stores.push(again);
        return inboxOf(again);
      },
      cleanup: async () => {
        for (const store of stores) await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  'streams (memory store)': async () => {
    const store = new MemoryEventStore();
    assert.instance(openIpnInbox(store), StreamIpnInbox);
    return { inbox: new StreamIpnInbox(store), reopen: () => new StreamIpnInbox(store), cleanup: () => store.close() };
  },
  'streams (EventStoreDB stand-in)': async () => {
    const standIn = await startEsdbStandIn();
    const store = EsdbEventStore.connect(standIn.connectionString);
    return {
      inbox: new StreamIpnInbox(store),
      reopen: () => new StreamIpnInbox(store),
      cleanup: async () => {
        await store.close();
        await standIn.stop();
      },
    };
  },
};

const entry = (n: number, overrides: Partial<NewInboxEntry> = {}): NewInboxEntry => ({
  key: `ref-${n}`,
  messageId: `msg-${n}`,
  snsType: 'Notification',
  notificationType: 'BillingAgreementNotification',
  objectId: 'C01-1132127-4529483',
  body: `{"n":${n},"text":"日本語 & <xml/>"}`,
  receivedAt: `2026-11-10T00:00:0${n}.000Z`,
  ...overrides,
});

for (const [name, open] of Object.entries(ADAPTERS)) {
  const test = suite(`IPN inbox contract (${name})`);
  const withInbox = (body: (o: Opened) => Promise<void>) => async () => {
    const opened = await open();
    try {
      await body(opened);
    } finally {
      await opened.cleanup();
    }
  };

  test('a new notification is stored pending, with its body exactly as received', withInbox(async ({ inbox }) => {
    const result = await inbox.add(entry(1));
    assert.equal(result, { added: true, entry: { ...entry(1), status: 'pending' } });
    assert.equal(await inbox.list(), [{ ...entry(1), status: 'pending' }]);
  }));

  test('the same key or the same message id is stored once, and the stored entry is returned', withInbox(async ({ inbox }) => {
    await inbox.add(entry(1));
    await inbox.settle('ref-1', 'applied', 'BillingAgreementClosed', '2026-11-10T00:01:00.000Z');
    const again = await inbox.add(entry(1, { messageId: 'msg-other', body: 'changed' }));
    assert.is(again.added, false);
    assert.equal([again.entry.status, again.entry.body, again.entry.detail], ['applied', entry(1).body, 'BillingAgreementClosed']);
    assert.is((await inbox.list()).length, 1);
  }));

  if (!name.startsWith('streams')) {
    test('a repeated SNS message id under another key is refused as well', withInbox(async ({ inbox }) => {
      await inbox.add(entry(1));
      assert.is((await inbox.add(entry(2, { messageId: 'msg-1' }))).added, false);
      assert.is((await inbox.list()).length, 1);
    }));
  }

  test('entries are listed in arrival order and filtered by status', withInbox(async ({ inbox }) => {
    for (const n of [3, 1, 2]) await inbox.add(entry(n));
    await inbox.settle('ref-1', 'unmatched', 'InvalidBillingAgreementId', '2026-11-10T00:01:00.000Z');
    await inbox.settle('ref-2', 'ignored', 'IsSample', '2026-11-10T00:01:00.000Z');
    assert.equal((await inbox.list()).map((e) => e.key), ['ref-3', 'ref-1', 'ref-2']);
    assert.equal((await inbox.list({ statuses: ['pending'] })).map((e) => e.key), ['ref-3']);
    assert.equal((await inbox.list({ statuses: ['unmatched', 'ignored'] })).map((e) => [e.key, e.status, e.settledAt]), [
      ['ref-1', 'unmatched', '2026-11-10T00:01:00.000Z'],
      ['ref-2', 'ignored', '2026-11-10T00:01:00.000Z'],
    ]);
  }));

  test('an entry may be settled again (an unmatched notification applied later)', withInbox(async ({ inbox }) => {
    const { notificationType: _type, objectId: _object, ...bare } = entry(1);
    await inbox.add(bare);
    await inbox.settle('ref-1', 'unmatched', 'unknown', '2026-11-10T00:01:00.000Z');
    await inbox.settle('ref-1', 'applied', 'BillingAgreementClosed', '2026-11-10T00:02:00.000Z');
    const [only] = await inbox.list();
    assert.equal([only?.status, only?.detail, only?.settledAt], ['applied', 'BillingAgreementClosed', '2026-11-10T00:02:00.000Z']);
  }));

  if (name !== 'memory') {
    test('stored entries survive a reopening of the same storage', withInbox(async ({ inbox, reopen }) => {
      assert.ok(reopen, 'the adapter can be reopened');
      await inbox.add(entry(1));
      await inbox.add(entry(2));
      await inbox.settle('ref-2', 'applied', 'x', '2026-11-10T00:01:00.000Z');
      const again = reopen!();
      assert.equal((await again.list({ statuses: ['pending'] })).map((e) => e.key), ['ref-1']);
      assert.is((await again.add(entry(2))).added, false);
    }));
  }

  test.run();
}
