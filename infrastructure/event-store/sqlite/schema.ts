/**
 * The schema of the engine's SQLite file, versioned by `PRAGMA user_version` = the number of
 * migrations applied. The same file holds the tables of other adapters (projections, checkpoints,
 * IPN inbox, hash chain): they add their migrations to the end of MIGRATIONS, never edit or
 * reorder one that has shipped.
 */
import type Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.js';
import { CREATE_IPN_INBOX } from '../../ipn/sqlite/schema-sql.js';
import { CREATE_PROJECTION_TABLES } from '../../projections/sqlite/schema-sql.js';
import { CREATE_SNAPSHOTS } from '../../snapshots/schema-sql.js';
import { hashExistingEvents } from './hash-chain.js';
import { ADD_HASH_CHAIN } from './sql-hash-chain.js';
import { CREATE_ANCHOR_INDEX, CREATE_CHECKPOINTS, CREATE_EVENTS_AND_STREAMS } from './sql.js';

export interface Migration {
  /** 1 for the first migration, then consecutive. */
  readonly version: number;
  readonly description: string;
  readonly up: (database: Database.Database) => void;
}

/** Marks the file as the engine's ("BAEE"), so that another application's database is refused. */
export const APPLICATION_ID = 0x42414545;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events and the current revision of each stream',
    up: (database) => {
      database.exec(CREATE_EVENTS_AND_STREAMS);
      database.pragma(`application_id = ${APPLICATION_ID}`);
    },
  },
  {
    version: 2,
    description: 'checkpoints of the followers of the global order (process managers, projections)',
    up: (database) => database.exec(CREATE_CHECKPOINTS),
  },
  {
    version: 3,
    description: 'hash chain over the events (tamper evidence)',
    up: (database) => {
      database.exec(ADD_HASH_CHAIN);
      hashExistingEvents(database);
    },
  },
  {
    version: 4,
    description: 'projection tables (spending, proration, agreement status)',
    up: (database) => database.exec(CREATE_PROJECTION_TABLES),
  },
  {
    version: 5,
    description: 'IPN inbox',
    up: (database) => database.exec(CREATE_IPN_INBOX),
  },
  {
    version: 6,
    description: 'snapshots of long streams (a cache: deleting them changes no answer)',
    up: (database) => database.exec(CREATE_SNAPSHOTS),
  },
  {
    version: 7,
    description: 'the order references created from each billing agreement, indexed (rebuilds place them without a scan)',
    up: (database) => database.exec(CREATE_ANCHOR_INDEX),
  },
];

function pragmaNumber(database: Database.Database, name: string): number {
  return Number(database.pragma(name, { simple: true }));
}

/** Refuses a file this build must not touch; returns its schema version. */
export function checkSchemaVersion(database: Database.Database, file: string, known = MIGRATIONS.length): number {
  const version = pragmaNumber(database, 'user_version');
  if (version > known) {
    throw new EventStoreUnavailableError(
      `cannot open event store '${file}': it was written by a newer version of billing-agreement-engine (schema ${version}, this build knows ${known})`,
    );
  }
  if (version > 0 && pragmaNumber(database, 'application_id') !== APPLICATION_ID) {
    throw new EventStoreUnavailableError(`cannot open event store '${file}': it is a SQLite database of another application`);
  }
  return version;
}

/**
 * Brings the file to the latest schema in one write transaction; the version is read again
 * inside it, because another process may have migrated the file meanwhile.
 */
export function migrate(database: Database.Database, file: string, readonly: boolean, migrations = MIGRATIONS): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration ${index + 1} is numbered ${migration.version}`);
  });
  const known = migrations.length;
  if (checkSchemaVersion(database, file, known) === known) return;
  if (readonly) {
    throw new EventStoreUnavailableError(`cannot open event store '${file}' read-only: its schema is older than this build's (${known}) and needs migrating`);
  }
  database
    .transaction(() => {
      const version = checkSchemaVersion(database, file, known);
      for (const migration of migrations.slice(version)) migration.up(database);
      database.pragma(`user_version = ${known}`);
    })
    .immediate();
}
