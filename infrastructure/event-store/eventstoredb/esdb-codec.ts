/**
 * Between the port's events and EventStoreDB's: JSON data, our metadata plus the `$correlationId`
 * and `$causationId` keys EventStoreDB's own projections read, positions as "commit:prepare".
 */
import { ANY, jsonEvent, NO_STREAM, type AppendExpectedRevision, type EventData, type JSONType, type Position, type RecordedEvent } from '@eventstore/db-client';
import type { ChainLink } from '../shared/stream-chain.js';
import { CorruptEventError, type Actor, type EventMetadata, type ExpectedRevision, type GlobalPosition, type NewEvent, type Source, type StoredEvent } from '../../../application/ports/event-store.js';
import { eventUuid } from './event-uuid.js';

/** `$all` positions: two unsigned 64-bit log offsets, written as decimal "commit:prepare". */
export function encodePosition(position: Position): GlobalPosition {
  return `${position.commit.toString(10)}:${position.prepare.toString(10)}`;
}

export function decodePosition(position: GlobalPosition): Position {
  const match = /^(\d+):(\d+)$/.exec(position);
  if (match === null || match[1] === undefined || match[2] === undefined) {
    throw new RangeError(`'${position}' is not a position of this event store (EventStoreDB: "commit:prepare")`);
  }
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'any') return ANY;
  return BigInt(expected);
}

/** Types of the events the server writes itself (epochs, settings, stream metadata, links). */
export function isSystemEventType(type: string): boolean {
  return type.startsWith('$');
}

/**
 * Encoded here first: the client encodes inside a promise of its own, where a value JSON cannot
 * hold (a BigInt, a cycle) becomes an unhandled rejection that ends the process.
 */
export function toEventData(event: NewEvent, link?: ChainLink): EventData {
  checkEncodable(event);
  const id = eventUuid(event.eventId);
  const metadata = {
    ...event.metadata,
    $correlationId: event.metadata.correlationId,
    $causationId: event.metadata.causationId,
    ...(id === event.eventId ? {} : { eventId: event.eventId }),
    ...(link === undefined ? {} : { chain: link }),
  };
  // JSONType leaves out top-level numbers, booleans and null; the client writes any JSON value.
  return jsonEvent({ id, type: event.type, data: event.data as JSONType, metadata });
}

function checkEncodable(event: NewEvent): void {
  try {
    if (event.data === undefined || JSON.stringify(event.data) === undefined) throw new TypeError('no JSON value');
    JSON.stringify(event.metadata);
  } catch (error) {
    throw new TypeError(`event ${event.eventId} (${event.type}) cannot be written as JSON: ${String(error)}`, { cause: error });
  }
}

export function toStoredEvent(recorded: RecordedEvent): StoredEvent {
  const corrupt = (why: string): CorruptEventError =>
    new CorruptEventError(`event ${recorded.id} (${recorded.streamId}@${recorded.revision}): ${why}`, recorded.streamId, recorded.position && encodePosition(recorded.position));
  if (!recorded.isJson) throw corrupt('not JSON');
  if (recorded.position === undefined) throw corrupt('no position');
  if (recorded.revision > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('revision beyond safe integers');
  const { metadata, eventId } = decodeMetadata(recorded.metadata, corrupt);
  return {
    eventId: eventId ?? recorded.id,
    type: recorded.type,
    data: recorded.data as StoredEvent['data'],
    metadata,
    streamId: recorded.streamId,
    revision: Number(recorded.revision),
    position: encodePosition(recorded.position),
  };
}

const ACTORS: Record<Actor, true> = { buyer: true, seller: true, 'amazon-ipn': true, operator: true, engine: true };
const SOURCES: Record<Source, true> = { library: true, mws: true, ipn: true, http: true, cli: true, 'process-manager': true };

function decodeMetadata(raw: unknown, corrupt: (why: string) => Error): { metadata: EventMetadata; eventId: string | undefined } {
  if (typeof raw !== 'object' || raw === null || raw instanceof Uint8Array || Array.isArray(raw)) throw corrupt('metadata is not a JSON object');
  const fields = raw as Record<string, unknown>;
  const text = (key: string): string => {
    const value = fields[key];
    if (typeof value !== 'string') throw corrupt(`metadata.${key} is not a string`);
    return value;
  };
  const actor = text('actor');
  const source = text('source');
  if (!Object.hasOwn(ACTORS, actor)) throw corrupt(`unknown actor '${actor}'`);
  if (!Object.hasOwn(SOURCES, source)) throw corrupt(`unknown source '${source}'`);
  const metadata: EventMetadata = {
    commandId: text('commandId'),
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    actor: actor as Actor,
    source: source as Source,
    recordedAt: text('recordedAt'),
  };
  return { metadata, eventId: fields['eventId'] === undefined ? undefined : text('eventId') };
}
