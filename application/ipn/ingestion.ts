/**
 * Ingesting a verified notification: decode, store in the inbox (durable: from then on it is
 * acknowledged and never lost), apply its fact command, record what became of it. The command id
 * derives from the inbox key, so a crash between applying and settling cannot apply it twice;
 * what a crash left pending is applied by `resume` at the next start.
 */
import type { CommandMetadata } from '../command-handler.js';
import type { BillingEngine } from '../engine.js';
import type { Clock } from '../ports/clock.js';
import type { InboxEntry, InboxStatus, IpnInbox, NewInboxEntry, SettledStatus } from '../ports/ipn-inbox.js';
import type { NotificationDecoder } from '../ports/notification-decoder.js';
import { factCommandFor } from './fact-commands.js';
import { objectIdOf, type DecodedNotification } from './notification.js';

export interface IngestionDependencies {
  readonly engine: Pick<BillingEngine, 'execute'>;
  readonly inbox: IpnInbox;
  readonly decoder: NotificationDecoder;
  readonly clock: Clock;
}

export type ReceiveResult =
  | { readonly kind: 'refused'; readonly reason: string }
  | {
      readonly kind: 'stored';
      /** The key or message id was stored before. */
      readonly duplicate: boolean;
      readonly entry: InboxEntry;
      /** Applying failed (the entry stays pending, applied at the next start): the error's message. */
      readonly failure?: string;
    };

export interface ResumeResult {
  readonly settled: readonly InboxEntry[];
  /** Still pending: applying them failed again. */
  readonly failed: readonly { readonly key: string; readonly reason: string }[];
}

/** A repeat of these is applied again: a crash interrupted it, or its object may exist by now. */
const RETRIED: readonly InboxStatus[] = ['pending', 'unmatched'];

export const inboxKey = (n: DecodedNotification): string => n.notificationReferenceId ?? `sns:${n.messageId}`;

interface Outcome {
  readonly status: SettledStatus;
  readonly detail: string;
}

export class IpnIngestion {
  constructor(private readonly deps: IngestionDependencies) {}

  async receive(body: string): Promise<ReceiveResult> {
    const decoded = this.deps.decoder.decode(body);
    if (!decoded.ok) return { kind: 'refused', reason: decoded.reason };
    const notification = decoded.notification;
    const { added, entry } = await this.deps.inbox.add(this.newEntry(notification, body));
    if (!added && !RETRIED.includes(entry.status)) return { kind: 'stored', duplicate: true, entry };
    try {
      return { kind: 'stored', duplicate: !added, entry: await this.apply(entry, notification) };
    } catch (error) {
      return { kind: 'stored', duplicate: !added, entry, failure: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Applies every entry left pending (by a crash between storing and applying); with
   * `unmatched` too, tries again those whose object was unknown. An entry that fails again keeps
   * its status and is reported; it never keeps the others from being applied.
   */
  async resume(statuses: readonly ('pending' | 'unmatched')[] = ['pending']): Promise<ResumeResult> {
    const settled: InboxEntry[] = [];
    const failed: { key: string; reason: string }[] = [];
    for (const entry of await this.deps.inbox.list({ statuses })) {
      const decoded = this.deps.decoder.decode(entry.body);
      try {
        if (decoded.ok) settled.push(await this.apply(entry, decoded.notification));
        else settled.push(await this.settle(entry, { status: 'ignored', detail: `cannot be decoded: ${decoded.reason}` }));
      } catch (error) {
        failed.push({ key: entry.key, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { settled, failed };
  }

  private newEntry(n: DecodedNotification, body: string): NewInboxEntry {
    const objectId = objectIdOf(n.content);
    const notificationType = n.notificationType;
    return {
      key: inboxKey(n),
      messageId: n.messageId,
      snsType: n.snsType,
      ...(notificationType === undefined ? {} : { notificationType }),
      ...(objectId === undefined ? {} : { objectId }),
      body,
      receivedAt: this.deps.clock.now(),
    };
  }

  private async apply(entry: InboxEntry, notification: DecodedNotification): Promise<InboxEntry> {
    return this.settle(entry, await this.outcome(entry.key, notification));
  }

  private async settle(entry: InboxEntry, outcome: Outcome): Promise<InboxEntry> {
    const at = this.deps.clock.now();
    await this.deps.inbox.settle(entry.key, outcome.status, outcome.detail, at);
    return { ...entry, status: outcome.status, detail: outcome.detail, settledAt: at };
  }

  private async outcome(key: string, notification: DecodedNotification): Promise<Outcome> {
    const mapping = factCommandFor(notification, this.deps.clock.now());
    if (mapping.kind !== 'command') return { status: mapping.kind, detail: mapping.reason };
    const result = await this.deps.engine.execute(mapping.command, this.metadata(key, notification));
    // Fact commands are rejected only for an object the engine does not know (InvalidBillingAgreementId, …).
    if (result.kind === 'rejected') return { status: 'unmatched', detail: `${result.rejection.code}: ${result.rejection.message}` };
    if (result.events.length === 0) return { status: 'unchanged', detail: `${mapping.command.type}: nothing to change (a repeated, stale or absorbed fact)` };
    return { status: 'applied', detail: `${mapping.command.type}: ${result.events.map((e) => e.type).join(', ')}` };
  }

  private metadata(key: string, notification: DecodedNotification): CommandMetadata {
    const commandId = `ipn:${key}`;
    return { commandId, correlationId: notification.notificationReferenceId ?? key, causationId: commandId, actor: 'amazon-ipn', source: 'ipn' };
  }
}
