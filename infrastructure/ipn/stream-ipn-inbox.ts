/**
 * The IPN inbox as streams of the event store, for stores without side tables (EventStoreDB,
 * memory): `IpnInbox-<key>` holds `IpnNotificationReceived` and then one `IpnNotificationSettled`
 * per settlement. Uniqueness is by key (a stream appended with `no_stream`); an SNS MessageId
 * determines its Message and so its NotificationReferenceId, hence no separate message-id claim.
 * `list` reads the global order, so it is meant for operators, not for hot paths.
 */
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type StoredEvent,
} from '../../application/ports/event-store.js';
import type { InboxAddResult, InboxEntry, InboxFilter, IpnInbox, NewInboxEntry, SettledStatus } from '../../application/ports/ipn-inbox.js';
import type { JsonValue } from '../../domain/shared/decision.js';

export const IPN_INBOX_STREAM_PREFIX = 'IpnInbox-';
const RECEIVED = 'IpnNotificationReceived';
const SETTLED = 'IpnNotificationSettled';
const MAX_SETTLE_ATTEMPTS = 5;

interface Folded {
  readonly entry: InboxEntry | undefined;
  readonly revision: number;
}

function foldEvent(entry: InboxEntry | undefined, event: StoredEvent): InboxEntry | undefined {
  const data = event.data as Record<string, JsonValue>;
  if (event.type === RECEIVED) return { ...(data as unknown as NewInboxEntry), status: 'pending' };
  if (event.type === SETTLED && entry !== undefined) return { ...entry, ...(data as unknown as Pick<InboxEntry, 'status' | 'detail' | 'settledAt'>) };
  return entry;
}

export class StreamIpnInbox implements IpnInbox {
  constructor(private readonly store: EventStore) {}

  async add(entry: NewInboxEntry): Promise<InboxAddResult> {
    const streamId = IPN_INBOX_STREAM_PREFIX + entry.key;
    const known = await this.read(streamId);
    if (known.entry !== undefined) return { added: false, entry: known.entry };
    try {
      await this.store.append(streamId, [this.event(streamId, 0, RECEIVED, entry as unknown as JsonValue, entry.receivedAt)], 'no_stream');
      return { added: true, entry: { ...entry, status: 'pending' } };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const stored = (await this.read(streamId)).entry;
      if (stored === undefined) throw error;
      return { added: false, entry: stored };
    }
  }

  async settle(key: string, status: SettledStatus, detail: string, at: string): Promise<void> {
    const streamId = IPN_INBOX_STREAM_PREFIX + key;
    for (let attempt = 1; ; attempt++) {
      const { revision } = await this.read(streamId);
      if (revision < 0) return;
      try {
        await this.store.append(streamId, [this.event(streamId, revision + 1, SETTLED, { status, detail, settledAt: at }, at)], revision);
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_SETTLE_ATTEMPTS) throw error;
      }
    }
  }

  async list(filter: InboxFilter = {}): Promise<InboxEntry[]> {
    const entries = new Map<string, InboxEntry | undefined>();
    for await (const event of this.store.readAll()) {
      if (event.streamId.startsWith(IPN_INBOX_STREAM_PREFIX)) entries.set(event.streamId, foldEvent(entries.get(event.streamId), event));
    }
    const statuses = filter.statuses;
    return [...entries.values()].filter((e): e is InboxEntry => e !== undefined && (statuses === undefined || statuses.includes(e.status)));
  }

  private async read(streamId: string): Promise<Folded> {
    let entry: InboxEntry | undefined;
    let revision = -1;
    for await (const event of this.store.readStream(streamId)) {
      entry = foldEvent(entry, event);
      revision = event.revision;
    }
    return { entry, revision };
  }

  private event(streamId: string, revision: number, type: string, data: JsonValue, recordedAt: string) {
    const key = streamId.slice(IPN_INBOX_STREAM_PREFIX.length);
    const metadata: EventMetadata = { commandId: `ipn-inbox:${key}:${revision}`, correlationId: key, causationId: key, actor: 'amazon-ipn', source: 'ipn', recordedAt };
    return { eventId: `${streamId}:${revision}`, type, data, metadata };
  }
}
