/** The IPN inbox as a table of the engine's SQLite file; a row is durable when `add` resolves. */
import type Database from 'better-sqlite3';
import type { InboxAddResult, InboxEntry, InboxFilter, InboxStatus, IpnInbox, NewInboxEntry, SettledStatus } from '../../../application/ports/ipn-inbox.js';
import { INSERT_IPN, SELECT_IPN_WITH_STATUS, SELECT_IPN_BY_KEY_OR_MESSAGE, SETTLE_IPN } from './schema-sql.js';

interface InboxRow {
  readonly notification_key: string;
  readonly message_id: string;
  readonly sns_type: string;
  readonly notification_type: string | null;
  readonly object_id: string | null;
  readonly body: string;
  readonly received_at: string;
  readonly status: InboxStatus;
  readonly detail: string | null;
  readonly settled_at: string | null;
}

const optional = <K extends string>(name: K, value: string | null): { [P in K]?: string } => (value === null ? {} : ({ [name]: value } as { [P in K]: string }));

function toEntry(row: InboxRow): InboxEntry {
  return {
    key: row.notification_key,
    messageId: row.message_id,
    snsType: row.sns_type,
    ...optional('notificationType', row.notification_type),
    ...optional('objectId', row.object_id),
    body: row.body,
    receivedAt: row.received_at,
    status: row.status,
    ...optional('detail', row.detail),
    ...optional('settledAt', row.settled_at),
  };
}

export class SqliteIpnInbox implements IpnInbox {
  private readonly insert: Database.Statement<[Record<string, string | null>]>;
  private readonly byKeyOrMessage: Database.Statement<[string, string], InboxRow>;
  private readonly withStatus: Database.Statement<[{ statuses: string | null }], InboxRow>;
  private readonly settleRow: Database.Statement<[string, string, string, string]>;

  /** `database` belongs to the SQLite event store (its migration 5 made the table). */
  constructor(database: Database.Database) {
    this.insert = database.prepare(INSERT_IPN);
    this.byKeyOrMessage = database.prepare(SELECT_IPN_BY_KEY_OR_MESSAGE);
    this.withStatus = database.prepare<[{ statuses: string | null }], InboxRow>(SELECT_IPN_WITH_STATUS);
    this.settleRow = database.prepare(SETTLE_IPN);
  }

  async add(entry: NewInboxEntry): Promise<InboxAddResult> {
    const parameters = { ...entry, notificationType: entry.notificationType ?? null, objectId: entry.objectId ?? null };
    const added = this.insert.run(parameters).changes === 1;
    const row = this.byKeyOrMessage.get(entry.key, entry.messageId);
    if (row === undefined) throw new Error(`IPN inbox: notification '${entry.key}' was neither stored nor found`);
    return { added, entry: toEntry(row) };
  }

  async settle(key: string, status: SettledStatus, detail: string, at: string): Promise<void> {
    this.settleRow.run(status, detail, at, key);
  }

  async list(filter: InboxFilter = {}): Promise<InboxEntry[]> {
    const statuses = filter.statuses === undefined ? null : JSON.stringify(filter.statuses);
    return this.withStatus.all({ statuses }).map(toEntry);
  }
}
