/** Shared by the EventStoreDB adapter tests: events to append, a fresh stand-in per test, waiting. */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventMetadata, NewEvent } from '../../application/ports/event-store.js';
import { EsdbEventStore } from '../../infrastructure/event-store/eventstoredb/esdb-event-store.js';
import { startEsdbStandIn, type EsdbStandIn, type EsdbStandInOptions } from '../support/esdb-server/index.js';

export function metadataFor(commandId: string): EventMetadata {
  return {
    commandId,
    correlationId: `corr-${commandId}`,
    causationId: `cause-${commandId}`,
    actor: 'seller',
    source: 'library',
    recordedAt: '2026-03-31T14:59:00.000Z',
  };
}

/** Ids as the application makes them: command id and index, not UUIDs. */
export function newEvents(commandId: string, count: number, type = 'AgreementNoted'): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: `${commandId}:${index}`,
    type,
    data: { commandId, index, amount: { amount: 5000, currency: 'JPY' } },
    metadata: metadataFor(commandId),
  }));
}

export async function withStandIn(
  run: (store: EsdbEventStore, standIn: EsdbStandIn) => Promise<void>,
  options: EsdbStandInOptions = {},
): Promise<void> {
  const standIn = await startEsdbStandIn(options);
  const store = EsdbEventStore.connect(standIn.connectionString);
  try {
    await run(store, standIn);
  } finally {
    await store.close();
    await standIn.stop();
  }
}

export async function collect<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const collected: Item[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}

export async function eventually(holds: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  for (let waited = 0; !holds(); waited += 10) {
    if (waited >= timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
