import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { defineEventStoreContract } from './event-store-contract.js';

defineEventStoreContract('SQLite', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'event-store-contract-'));
  const store = await openSqliteEventStore(join(directory, 'engine.sqlite'), { pollIntervalMs: 50 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
});
