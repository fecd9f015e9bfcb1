import { EsdbEventStore } from '../../infrastructure/event-store/eventstoredb/esdb-event-store.js';
import { startEsdbStandIn } from '../support/esdb-server/index.js';
import { defineEventStoreContract } from './event-store-contract.js';

defineEventStoreContract('EventStoreDB (stand-in server)', async () => {
  const standIn = await startEsdbStandIn();
  const store = EsdbEventStore.connect(standIn.connectionString);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await standIn.stop();
    },
  };
});

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];
if (connectionString === undefined || connectionString === '') {
  console.log('EventStoreDB contract against a real server skipped: EVENTSTORE_CONNECTION_STRING is not set');
} else {
  defineEventStoreContract('EventStoreDB (real server)', async () => {
    const store = EsdbEventStore.connect(connectionString);
    return { store, cleanup: () => store.close() };
  });
}
