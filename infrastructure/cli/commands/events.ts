/**
 * `billing-engine events tail [--stream <id>] [--limit N] [--follow] [--json]`: the newest events
 * of the store (or of one stream: a stream id, or an agreement or order reference id), then with
 * `--follow` every new one as it is recorded, until Ctrl-C. `--json` prints one JSON object per
 * line (NDJSON), metadata included.
 */
import type { Command } from 'commander';
import { BILLING_AGREEMENT_STREAM_PREFIX } from '../../../application/aggregates/billing-agreement.js';
import { ORDER_REFERENCE_STREAM_PREFIX } from '../../../application/aggregates/order-reference.js';
import type { StoredEvent } from '../../../application/ports/event-store.js';
import { CliError, type GlobalOptions } from '../program.js';
import { stdoutOutput, type CliOutput } from '../support/io.js';
import { openForReading } from '../support/stores.js';

/** `C03-…` is an agreement's stream, `S03-…` (or P…) an order reference's; anything else is a stream id as it is. */
export function streamOf(name: string): string {
  if (!/^[A-Z]\d{2}-\d{7}-\d{7}$/.test(name)) return name;
  return `${name.startsWith('C') || name.startsWith('B') ? BILLING_AGREEMENT_STREAM_PREFIX : ORDER_REFERENCE_STREAM_PREFIX}${name}`;
}

function line(event: StoredEvent, json: boolean): string {
  if (json) return `${JSON.stringify({ position: event.position, streamId: event.streamId, revision: event.revision, type: event.type, data: event.data, metadata: event.metadata })}\n`;
  const { recordedAt, actor, source } = event.metadata;
  return `${recordedAt}  ${event.position.padStart(8)}  ${event.streamId}@${event.revision}  ${event.type}  (${actor} via ${source})\n`;
}

function limitOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new CliError(`--limit '${text}': a whole number from 0 to 100000`);
  return n;
}

/** The last `limit` of `events`, holding no more than that many at a time. */
async function newest(events: AsyncIterable<StoredEvent>, limit: number): Promise<StoredEvent[]> {
  const kept: StoredEvent[] = [];
  for await (const event of events) {
    if (limit === 0) continue;
    if (kept.length === limit) kept.shift();
    kept.push(event);
  }
  return kept;
}

export function registerEventsCommands(program: Command, out: CliOutput = stdoutOutput): void {
  const events = program.command('events').description('the recorded events: the newest, and those recorded from now on');
  events
    .command('tail')
    .description('print the newest events, oldest first; --follow goes on printing new ones until Ctrl-C')
    .option('--stream <id>', 'one stream: a stream id (BillingAgreement-C03-…), or an agreement or order reference id')
    .option('--limit <n>', 'how many of the newest to print first', '20')
    .option('--follow', 'then print every new event as it is recorded (by any process on the store)')
    .option('--json', 'one JSON object per line (NDJSON), data and metadata included')
    .action(async (flags: { stream?: string; limit: string; follow?: boolean; json?: boolean }, command: Command) => {
      const limit = limitOf(flags.limit);
      const stream = flags.stream === undefined ? undefined : streamOf(flags.stream);
      const opened = await openForReading(command.optsWithGlobals<GlobalOptions>().store, 'events');
      const { store } = opened;
      try {
        const first = await newest(stream === undefined ? store.readAll() : store.readStream(stream), limit);
        for (const event of first) out.write(line(event, flags.json === true));
        if (flags.follow !== true) {
          if (first.length === 0 && flags.json !== true) out.write(stream === undefined ? 'no events\n' : `no events in ${stream}\n`);
          return;
        }
        // From the end of the whole store, so only new events follow whatever was shown.
        const last = await newest(store.readAll(), 1);
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        const subscription = store.subscribeToAll({
          ...(last[0] === undefined ? {} : { after: last[0].position }),
          onEvent: (event) => {
            if (stream === undefined || event.streamId === stream) out.write(line(event, flags.json === true));
          },
        });
        process.stderr.write(`following new events${stream === undefined ? '' : ` of ${stream}`} (Ctrl-C stops)\n`);
        await stopped;
        await subscription.close();
      } finally {
        await store.close();
      }
    });
}
