/** The IPN inbox in memory (tests, demos): the same rules as the SQLite table. */
import type { InboxAddResult, InboxEntry, InboxFilter, IpnInbox, NewInboxEntry, SettledStatus } from '../../application/ports/ipn-inbox.js';

export class MemoryIpnInbox implements IpnInbox {
  private readonly entries: InboxEntry[] = [];

  async add(entry: NewInboxEntry): Promise<InboxAddResult> {
    const known = this.entries.find((e) => e.key === entry.key || e.messageId === entry.messageId);
    if (known !== undefined) return { added: false, entry: known };
    const stored: InboxEntry = { ...entry, status: 'pending' };
    this.entries.push(stored);
    return { added: true, entry: stored };
  }

  async settle(key: string, status: SettledStatus, detail: string, at: string): Promise<void> {
    const index = this.entries.findIndex((e) => e.key === key);
    const entry = this.entries[index];
    if (entry !== undefined) this.entries[index] = { ...entry, status, detail, settledAt: at };
  }

  async list(filter: InboxFilter = {}): Promise<InboxEntry[]> {
    const statuses = filter.statuses;
    return this.entries.filter((e) => statuses === undefined || statuses.includes(e.status));
  }
}
