/** Running projections over a list of events and reading every table back, for the projection tests. */
import type { EventStore, StoredEvent } from '../../application/ports/event-store.js';
import type { ProjectionStore } from '../../application/ports/projection-store.js';
import { PROJECTION_TABLES, PROJECTIONS, ProjectionRunner } from '../../application/projections/index.js';
import { canonicalRow, keyOf, rowIdentity, type Row, type Table } from '../../application/projections/tables.js';
import type { DomainEvent } from '../../application/projections/projection.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { MemoryProjectionStore } from '../../infrastructure/projections/memory/memory-projection-store.js';

/** Every table's rows, each sorted by its identity, in column order: equal projections give equal dumps. */
export async function dump(store: ProjectionStore, tables: readonly Table[] = PROJECTION_TABLES): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const table of tables) out[table.name] = sortRows(table, await store.rows(table));
  return out;
}

export function sortRows(table: Table, rows: readonly Row[]): Row[] {
  return rows
    .map((row) => [rowIdentity(table, keyOf(table, row)), canonicalRow(table, row)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => row);
}

/** A store holding copies of `events` (same ids, streams, revisions, metadata), appended one by one. */
export async function copyInto(target: EventStore, events: readonly StoredEvent[]): Promise<void> {
  for (const e of events) await target.append(e.streamId, [{ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata }], 'any');
}

/** The projections of `events`, computed in one go from zero. */
export async function projectFromZero(events: readonly StoredEvent[], batchSize = 500, maxCachedRows?: number): Promise<MemoryProjectionStore> {
  const source = new MemoryEventStore();
  await copyInto(source, events);
  const target = new MemoryProjectionStore();
  await new ProjectionRunner(source, target, PROJECTIONS, { batchSize, ...(maxCachedRows === undefined ? {} : { maxCachedRows }) }).catchUp();
  return target;
}

/** Synthetic domain events, appended to their streams with plain metadata and projected from zero. */
export async function projectEvents(events: readonly DomainEvent[]): Promise<MemoryProjectionStore> {
  const source = new MemoryEventStore();
  for (const [i, event] of events.entries()) {
    const streamId = 'billingAgreementId' in event ? `BillingAgreement-${event.billingAgreementId}` : `OrderReference-${event.orderReferenceId}`;
    const metadata = { commandId: `c${i}`, correlationId: `c${i}`, causationId: `c${i}`, actor: 'seller', source: 'library', recordedAt: event.at } as const;
    await source.append(streamId, [{ eventId: `e${i}`, type: event.type, data: event as unknown as JsonValue, metadata }], 'any');
  }
  const target = new MemoryProjectionStore();
  await new ProjectionRunner(source, target, PROJECTIONS).catchUp();
  return target;
}

/** Retries the assertions until they hold (background work: a follower, a thread), for at most 5 s. */
export async function eventually(check: () => Promise<void>): Promise<void> {
  for (let waited = 0; ; waited += 20) {
    try {
      return await check();
    } catch (error) {
      if (waited >= 5000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
