/** `billing-engine ipn list`: the inbox as a table or JSON (bodies left out). */
import { existsSync } from 'node:fs';
import Table from 'cli-table3';
import type { InboxEntry, InboxStatus } from '../../../application/ports/ipn-inbox.js';
import { parseStoreLocation } from '../../config/store-url.js';
import { openStore } from '../../event-store/open-store.js';
import { openIpnInbox } from '../../ipn/open-inbox.js';
import { CliError } from '../program.js';
import type { CliOutput } from '../support/io.js';

const withoutBody = ({ body: _body, ...entry }: InboxEntry): Omit<InboxEntry, 'body'> => entry;

function table(entries: readonly InboxEntry[]): string {
  const rows = new Table({ head: ['received', 'notification', 'type', 'object', 'status', 'detail'], style: { head: [], border: [] } });
  for (const e of entries) rows.push([e.receivedAt, e.key, e.notificationType ?? e.snsType, e.objectId ?? '', e.status, e.detail ?? '']);
  return rows.toString();
}

export async function listInbox(storeText: string, statuses: readonly InboxStatus[] | undefined, json: boolean, out: CliOutput): Promise<void> {
  const location = parseStoreLocation(storeText);
  if (location.kind === 'sqlite' && !existsSync(location.path)) throw new CliError(`no database file at '${location.path}'`);
  const opened = await openStore(location, { readonly: location.kind === 'sqlite' });
  try {
    const entries = await openIpnInbox(opened.store).list(statuses === undefined ? {} : { statuses });
    if (json) out.write(`${JSON.stringify(entries.map(withoutBody), null, 2)}\n`);
    else out.write(entries.length === 0 ? 'no notifications\n' : `${table(entries)}\n${entries.length} notification(s)\n`);
  } finally {
    await opened.store.close();
  }
}
