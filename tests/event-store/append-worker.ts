/**
 * Appends events to one stream the way a command handler does: expect the last known revision,
 * and on a conflict take the actual revision from the error and try again. Run as a script it is
 * the second process of the two-process test, starting when a line arrives on its stdin:
 *   node --import tsx tests/event-store/append-worker.ts <file> <stream> <count> <label>
 */
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { WrongExpectedRevisionError, type ExpectedRevision } from '../../application/ports/event-store.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { newEvent } from '../contract/contract-support.js';

/** Returns how many conflicts it met. */
export async function appendWithRetries(store: SqliteEventStore, streamId: string, count: number, label: string): Promise<number> {
  let expected: ExpectedRevision = 'no_stream';
  let conflicts = 0;
  for (let i = 0; i < count; ) {
    try {
      expected = (await store.append(streamId, [newEvent({ label, i })], expected)).nextExpectedRevision;
      i++;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      expected = error.actual;
      conflicts++;
    }
  }
  return conflicts;
}

async function main(): Promise<void> {
  const [file = '', streamId = '', count = '0', label = ''] = process.argv.slice(2);
  const store = new SqliteEventStore(file, { busyTimeoutMs: 20_000 });
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  const conflicts = await appendWithRetries(store, streamId, Number(count), label);
  await store.close();
  process.stdout.write(`${JSON.stringify({ conflicts })}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
