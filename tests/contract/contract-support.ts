/** Helpers of the event store contract: fresh stores, unique ids, events, waiting. */
import { randomUUID } from 'node:crypto';
import * as assert from 'uvu/assert';
import type { EventMetadata, EventStore, NewEvent, StoredEvent } from '../../application/ports/event-store.js';
import type { JsonValue } from '../../domain/shared/decision.js';

/** Opens a store for one test; `cleanup` closes it and removes whatever it created. */
export type OpenStore = () => Promise<{ readonly store: EventStore; readonly cleanup: () => Promise<void> }>;

export async function withStore(open: OpenStore, body: (store: EventStore) => Promise<void>): Promise<void> {
  const { store, cleanup } = await open();
  try {
    await body(store);
  } finally {
    await cleanup();
  }
}

const run = randomUUID().slice(0, 8);
let streams = 0;

/**
 * A stream id no other test uses, even against a store shared with earlier runs: assertions on
 * the global order look only at the test's own streams.
 */
export function freshStreamId(): string {
  streams += 1;
  return `Contract-${run}-${streams}`;
}

export const METADATA: EventMetadata = {
  commandId: 'command-1',
  correlationId: 'correlation-1',
  causationId: 'command-1',
  actor: 'seller',
  source: 'library',
  recordedAt: '2026-03-31T14:59:00.000Z',
};

/** Event ids are UUIDs, which every adapter accepts. */
export function newEvent(data: JsonValue = {}, type = 'ThingHappened', metadata: EventMetadata = METADATA): NewEvent {
  return { eventId: randomUUID(), type, data, metadata };
}

export async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export function inStreams<E extends { readonly streamId: string }>(events: readonly E[], streamIds: readonly string[]): E[] {
  return events.filter((event) => streamIds.includes(event.streamId));
}

export function ids(events: readonly { readonly eventId: string }[]): string[] {
  return events.map((event) => event.eventId);
}

/** The error the call throws or rejects with; fails the test if it succeeds. */
export async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  assert.unreachable('expected the call to fail');
  return undefined;
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds; generous, because some stores deliver over the network. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited >= timeoutMs) assert.unreachable(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(10);
  }
}
