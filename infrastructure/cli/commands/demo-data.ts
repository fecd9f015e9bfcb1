/**
 * `billing-engine demo-data`: writes the demo history (infrastructure/demo-data) through the real
 * engine into an empty store, with projections up to date: data for the README's auditor and
 * analyst examples and for tests. The same history, ids and hashes on every run.
 */
import type { Command } from 'commander';
import type { EventStore } from '../../../application/ports/event-store.js';
import { createBillingEngine } from '../../composition/create-billing-engine.js';
import { DEMO, DEMO_START, writeDemoHistory } from '../../demo-data/demo-history.js';
import { openStore } from '../../event-store/open-store.js';
import { ManualClock } from '../../runtime/clock.js';
import { SequentialIdGenerator } from '../../runtime/ids.js';
import { CliError, EXIT, type GlobalOptions } from '../program.js';
import { processIo, type Io } from '../support/io.js';
import { toJson } from '../support/output.js';
import { storeLocation } from '../support/stores.js';

async function countEvents(store: EventStore): Promise<number> {
  let count = 0;
  for await (const _ of store.readAll()) count++;
  return count;
}

async function writeDemo(io: Io, command: Command, json: boolean): Promise<void> {
  const { store } = command.optsWithGlobals<GlobalOptions>();
  const opened = await openStore(storeLocation(store));
  if ((await countEvents(opened.store)) > 0) {
    await opened.store.close();
    throw new CliError(`'${store}' already holds events: demo-data writes into an empty store (name a new file)`, EXIT.usage);
  }
  const clock = new ManualClock(DEMO_START);
  const engine = await createBillingEngine({ opened, clock, ids: new SequentialIdGenerator(2026), follow: false });
  try {
    await writeDemoHistory({ engine, clock });
    const totals = await engine.projections.monthlyTotals();
    const events = await countEvents(opened.store);
    const agreements = Object.keys(DEMO).length;
    if (json) io.out(toJson({ store, events, agreements, months: totals.map((t) => t.month) }));
    else io.out(`demo-data: wrote ${events} events (${agreements} billing agreements, ${totals.length} months) to ${store}; projections up to date\n`);
  } finally {
    await engine.close();
  }
}

export function registerDemoData(program: Command, io: Io = processIo): void {
  program
    .command('demo-data')
    .description('write a small demo history (Japanese subscriptions, September–November 2026) into an empty store')
    .option('--json', 'print {store, events, agreements, months} as JSON')
    .action((options: { json?: boolean }, command: Command) => writeDemo(io, command, options.json === true));
}
