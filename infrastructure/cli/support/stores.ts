/**
 * Opening the store the global `--store` names, for a command. Commands that only read never
 * create a database: a SQLite file must exist, and is opened read-only.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.js';
import { ConfigurationError, parseStoreLocation, type StoreLocation } from '../../config/store-url.js';
import { openStore, type OpenedStore } from '../../event-store/open-store.js';
import { CliError, EXIT } from '../program.js';

export type Need = 'events' | 'projections';

function location(store: string): StoreLocation {
  try {
    return parseStoreLocation(store);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

function existingFile(path: string): string {
  const file = resolve(path);
  if (!existsSync(file)) {
    throw new CliError(`no database at '${file}': name an existing file with --store sqlite:<file> (run \`billing-engine demo-data --store sqlite:<file>\` for demo data)`, EXIT.usage);
  }
  return file;
}

async function open(where: StoreLocation, readonly: boolean): Promise<OpenedStore> {
  try {
    return await openStore(where, { readonly });
  } catch (error) {
    if (error instanceof EventStoreUnavailableError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

/** For reading: an existing SQLite file (read-only), or EventStoreDB when only events are needed. */
export async function openForReading(store: string, need: Need): Promise<OpenedStore> {
  const where = location(store);
  if (where.kind === 'memory') throw new CliError(`'${store}' holds nothing between runs: name a SQLite file (--store sqlite:<file>) or EventStoreDB`, EXIT.usage);
  if (where.kind === 'esdb' && need === 'projections') {
    throw new CliError('reports read the projection tables of a SQLite file; with EventStoreDB the engine keeps its projections in memory', EXIT.usage);
  }
  return open(where.kind === 'sqlite' ? { kind: 'sqlite', path: existingFile(where.path) } : where, where.kind === 'sqlite');
}

/** For writing into an existing SQLite file (replay, rebuild). */
export async function openExistingSqlite(store: string): Promise<OpenedStore> {
  const where = location(store);
  if (where.kind !== 'sqlite') throw new CliError(`'${store}' is not a SQLite file: only the SQLite store keeps its projections in tables`, EXIT.usage);
  return open({ kind: 'sqlite', path: existingFile(where.path) }, false);
}

/** The store location, checked (demo-data creates the file). */
export function storeLocation(store: string): StoreLocation {
  return location(store);
}

/** For the API key registry: a SQLite file (created if missing, as `serve` would) or EventStoreDB; never memory. */
export async function openForKeys(store: string): Promise<OpenedStore> {
  const where = location(store);
  if (where.kind === 'memory') throw new CliError(`'${store}' holds nothing between runs: keys live in the store the service runs on (--store sqlite:<file> or esdb://…)`, EXIT.usage);
  return open(where, false);
}
