/** Domain events to and from the store's records. */
import type { JsonValue } from '../domain/shared/decision.js';
import type { AggregateDefinition } from './aggregate.js';
import { CorruptEventError, type EventMetadata, type NewEvent, type RecordedData } from './ports/event-store.js';

/**
 * Deterministic event ids: the same command retried appends the same ids, which a store that
 * de-duplicates by id (EventStoreDB) recognises.
 */
export const eventIdFor = (commandId: string, streamId: string, index: number): string => `${commandId}/${streamId}/${index}`;

export function encodeEvents<E extends { readonly type: string }>(
  streamId: string,
  events: readonly E[],
  metadata: EventMetadata,
): NewEvent[] {
  return events.map((event, index) => ({
    eventId: eventIdFor(metadata.commandId, streamId, index),
    type: event.type,
    data: event as unknown as JsonValue,
    metadata,
  }));
}

type DecodingRules = Pick<AggregateDefinition<unknown, { readonly type: string }, unknown, string>, 'name' | 'eventTypes' | 'upcasters'>;

/** The domain event of a stored record; an unknown type or a payload of another type is corruption. */
export function decodeEvent<E extends { readonly type: string }>(definition: DecodingRules, stored: RecordedData): E {
  const where = `stream '${stored.streamId}' at revision ${stored.revision}, position ${stored.position}`;
  if (!definition.eventTypes.has(stored.type)) {
    throw new CorruptEventError(`unknown ${definition.name} event type '${stored.type}' in ${where}`, stored.streamId, stored.position);
  }
  const upcast = definition.upcasters?.[stored.type];
  const data = upcast ? upcast(stored.data) : stored.data;
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== stored.type) {
    throw new CorruptEventError(`event payload does not match its type '${stored.type}' in ${where}`, stored.streamId, stored.position);
  }
  return data as E;
}
