/** The inbox that belongs beside an event store: its table in a SQLite file, else its streams. */
import type { EventStore } from '../../application/ports/event-store.js';
import type { IpnInbox } from '../../application/ports/ipn-inbox.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { SqliteIpnInbox } from './sqlite/sqlite-ipn-inbox.js';
import { StreamIpnInbox } from './stream-ipn-inbox.js';

export function openIpnInbox(store: EventStore): IpnInbox {
  return store instanceof SqliteEventStore ? new SqliteIpnInbox(store.database) : new StreamIpnInbox(store);
}
