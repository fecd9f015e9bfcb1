/** SQLite failures turned into the port's errors, each naming the file. */
import Database from 'better-sqlite3';
import { CorruptEventError, EventStoreUnavailableError } from '../../../application/ports/event-store.js';

export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError ? error.code : undefined;
}

function reason(error: unknown): string {
  const code = sqliteCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const explained = (why: string): string => `${why} (${code}: ${detail})`;
  if (code.startsWith('SQLITE_READONLY')) return explained('the file is read-only');
  if (code === 'SQLITE_FULL') return explained('the disk is full or the file reached its size limit');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return explained('another connection held the file locked for longer than the busy timeout');
  }
  if (code === 'SQLITE_NOTADB') return explained('the file is not a SQLite database');
  if (code.startsWith('SQLITE_CORRUPT')) return explained('the file is damaged');
  return code === '' ? detail : `${code}: ${detail}`;
}

export function unavailable(file: string, action: string, error: unknown): EventStoreUnavailableError {
  return new EventStoreUnavailableError(`cannot ${action} event store '${file}': ${reason(error)}`, { cause: error });
}

/** A SQLite failure of `action` as the port's error; anything else (our own errors, bugs) as is. */
export function translateWriteFailure(file: string, action: string, error: unknown): unknown {
  return sqliteCode(error) === undefined ? error : unavailable(file, action, error);
}

/** While reading, a damaged file is stored history that cannot be read: never skipped. */
export function translateReadFailure(file: string, where: string, error: unknown): unknown {
  const code = sqliteCode(error);
  if (code === undefined) return error;
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    const message = `event store '${file}' cannot be read ${where}: ${reason(error)}`;
    return new CorruptEventError(message, undefined, undefined);
  }
  return unavailable(file, 'read', error);
}
