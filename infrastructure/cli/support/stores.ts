/**
 * Opening the store the global `--store` names, for a command. Commands that only read never
 * create a database: a SQLite file must exist, and is opened read-only.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.js';
import { ConfigurationError, parseProjectionLocation, parseStoreLocation, type ProjectionLocation, type StoreLocation } from '../../config/store-url.js';
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

async function open(where: StoreLocation, readonly: boolean, projections?: ProjectionLocation): Promise<OpenedStore> {
  try {
    return await openStore(where, { readonly, ...(projections === undefined ? {} : { projections }) });
  } catch (error) {
    if (error instanceof EventStoreUnavailableError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

/** `--projections`, checked. */
function projectionLocation(projections: string | undefined): ProjectionLocation | undefined {
  try {
    return projections === undefined ? undefined : parseProjectionLocation(projections);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(error.message, EXIT.usage);
    throw error;
  }
}

/** For reading: an existing SQLite file (read-only), or EventStoreDB when only events are needed. */
/** `projections`: where the tables are kept when not beside the events (`--projections`). */
export async function openForReading(store: string, need: Need, projections?: string): Promise<OpenedStore> {
  const where = location(store);
  if (where.kind === 'memory') throw new CliError(`'${store}' holds nothing between runs: name a SQLite file (--store sqlite:<file>) or EventStoreDB`, EXIT.usage);
  if (where.kind === 'esdb' && need === 'projections') {
    throw new CliError('reports read projection tables: with EventStoreDB, name where they are kept with --projections postgres://… or sqlite:<file>', EXIT.usage);
  }
  return open(where.kind === 'sqlite' ? { kind: 'sqlite', path: existingFile(where.path) } : where, where.kind === 'sqlite', projectionLocation(projections));
}

/** For writing into an existing SQLite file (replay, rebuild); `projections`: a SQLite file of their own (`--projections sqlite:<file>`). */
export async function openExistingSqlite(store: string, projections?: string): Promise<OpenedStore> {
  const where = location(store);
  if (where.kind !== 'sqlite') throw new CliError(`'${store}' is not a SQLite file: only the SQLite store keeps its projections in tables`, EXIT.usage);
  const kept = projectionLocation(projections);
  if (kept?.kind === 'postgres') throw new CliError('replay and rebuild write SQLite projections (beside the events, or --projections sqlite:<file>); PostgreSQL projections catch up in the service', EXIT.usage);
  return open({ kind: 'sqlite', path: existingFile(where.path) }, false, kept);
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

/** Closes what `openForReading` opened: the event store, and projections kept elsewhere (a PostgreSQL pool). */
export async function closeOpened(opened: OpenedStore): Promise<void> {
  await opened.store.close();
  await opened.projections?.close?.();
}
