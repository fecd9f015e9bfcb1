/** Opening the SQLite file: connection settings that make appends durable and shareable. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.js';
import { unavailable } from './failures.js';
import { checkSchemaVersion, migrate } from './schema.js';

export interface SqliteConnectionOptions {
  /** Open for reading only (an existing file); appends fail with EventStoreUnavailableError. */
  readonly readonly?: boolean;
  /** How long a write waits for another connection's lock before failing. Default 5000. */
  readonly busyTimeoutMs?: number;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * Runs after the file is known to be ours, since switching to WAL rewrites its header.
 * WAL lets readers and one writer (of any process) work side by side; synchronous=FULL syncs the
 * log at every commit, so an append that returned survives a power cut.
 */
function configure(database: Database.Database, readonly: boolean): void {
  if (!readonly) database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
}

export function openDatabase(file: string, options: SqliteConnectionOptions = {}): Database.Database {
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let database: Database.Database | undefined;
  try {
    if (!readonly) mkdirSync(dirname(file), { recursive: true });
    database = new Database(file, { readonly, fileMustExist: readonly, timeout: busyTimeoutMs });
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    checkSchemaVersion(database, file);
    configure(database, readonly);
    migrate(database, file, readonly);
    return database;
  } catch (error) {
    database?.close();
    throw error instanceof EventStoreUnavailableError ? error : unavailable(file, 'open', error);
  }
}
