/**
 * EventStoreDB requires every event id to be a UUID and de-duplicates a retried append by those
 * ids, so an id that is not already a UUID is mapped to one deterministically: a name-based
 * UUID (RFC 4122 version 5, SHA-1) in a namespace of our own.
 */
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Never change: every stored event id not given as a UUID was derived in this namespace. */
const EVENT_ID_NAMESPACE = '59f443bc-4eba-46c8-b6ce-4cd94e36e10b';

/**
 * The id EventStoreDB stores for `eventId`: the id itself when it is a lower-case UUID (the
 * server answers ids in lower case, so only those come back unchanged), otherwise the derived one.
 */
export function eventUuid(eventId: string): string {
  if (UUID.test(eventId)) return eventId;
  const namespace = Buffer.from(EVENT_ID_NAMESPACE.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(eventId, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
