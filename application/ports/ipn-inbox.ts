/**
 * The IPN inbox: every notification Amazon sent, stored as received before it is acknowledged,
 * with what became of it. Adapters: a table in the SQLite file, streams `IpnInbox-<key>` in any
 * event store (EventStoreDB), and memory (tests).
 */
import type { Instant } from '../../domain/shared/time.js';

/**
 * pending: stored, not applied yet (a crash may leave it so; applied at the next start);
 * applied: its fact command recorded events; unchanged: accepted, nothing to record (repeated,
 * stale or absorbed); unmatched: about an object the engine does not know; ignored: nothing to
 * act on (test notifications, subscription messages, unknown types).
 */
export type InboxStatus = 'pending' | 'applied' | 'unchanged' | 'unmatched' | 'ignored';
export const INBOX_STATUSES: readonly InboxStatus[] = ['pending', 'applied', 'unchanged', 'unmatched', 'ignored'];
export type SettledStatus = Exclude<InboxStatus, 'pending'>;

export interface NewInboxEntry {
  /** `NotificationReferenceId`, or `sns:<MessageId>` for SNS messages without one. */
  readonly key: string;
  /** The SNS `MessageId`: unique as well. */
  readonly messageId: string;
  /** SNS `Type`: Notification, SubscriptionConfirmation, UnsubscribeConfirmation. */
  readonly snsType: string;
  readonly notificationType?: string;
  /** The Amazon object the notification is about, when it names one. */
  readonly objectId?: string;
  /** The HTTP body exactly as received. */
  readonly body: string;
  readonly receivedAt: Instant;
}

export interface InboxEntry extends NewInboxEntry {
  readonly status: InboxStatus;
  readonly detail?: string;
  readonly settledAt?: Instant;
}

export interface InboxAddResult {
  /** False when an entry with the same key or message id was stored before. */
  readonly added: boolean;
  /** The stored entry (the earlier one when not added). */
  readonly entry: InboxEntry;
}

export interface InboxFilter {
  readonly statuses?: readonly InboxStatus[];
}

export interface IpnInbox {
  /** Stores the entry as pending unless its key or message id is known; durable before it resolves. */
  add(entry: NewInboxEntry): Promise<InboxAddResult>;
  /** Records what became of an entry (it may be settled again, e.g. an unmatched one re-applied). */
  settle(key: string, status: SettledStatus, detail: string, at: Instant): Promise<void>;
  /** Entries in the order they were stored. */
  list(filter?: InboxFilter): Promise<InboxEntry[]>;
}
