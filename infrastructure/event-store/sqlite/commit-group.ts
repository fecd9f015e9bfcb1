/**
 * One transaction for a group of appends, on whichever connection writes (the store's own, or
 * the writer thread's: writer-thread.ts): BEGIN IMMEDIATE, each append in its own savepoint
 * (appending.ts), COMMIT. Some failures (a full disk, I/O errors) make SQLite roll the whole
 * transaction back, not just the savepoint: the append that caused it fails, and the others are
 * written again in a new transaction. Outcomes cross threads as plain data (`toWire`/`fromWire`).
 */
import Database from 'better-sqlite3';
import { WrongExpectedRevisionError, type AppendResult, type ExpectedRevision } from '../../../application/ports/event-store.js';
import { DuplicateEventIdError } from '../shared/append-rules.js';
import type { AppendWriter, PreparedAppend } from './appending.js';

export type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

export interface GroupWriter {
  /** Outcomes in the order of `appends`. Throws only when BEGIN, COMMIT or ROLLBACK themselves fail beyond the group. */
  commit(appends: readonly PreparedAppend[]): Outcome[];
  /** After such a failure: whatever happens, the next group starts afresh. */
  abandon(): void;
}

export function groupWriter(database: Database.Database, write: AppendWriter): GroupWriter {
  const begin = database.prepare('BEGIN IMMEDIATE');
  const commit = database.prepare('COMMIT');
  const rollback = database.prepare('ROLLBACK');

  /** Returns the index whose failure ended the whole transaction, if one did. */
  const writeAll = (appends: readonly PreparedAppend[], indexes: readonly number[], outcomes: Outcome[]): number | undefined => {
    for (const i of indexes) {
      try {
        outcomes[i] = { ok: true, result: write(appends[i] as PreparedAppend) };
      } catch (error) {
        outcomes[i] = { ok: false, error };
        if (!database.inTransaction) return i;
      }
    }
    return undefined;
  };

  return {
    commit(appends) {
      const outcomes: Outcome[] = [];
      let indexes = appends.map((_, i) => i);
      for (;;) {
        begin.run();
        const culprit = writeAll(appends, indexes, outcomes);
        if (culprit === undefined) break;
        indexes = indexes.filter((i) => i !== culprit);
      }
      try {
        commit.run();
      } catch (error) {
        if (database.inTransaction) rollback.run();
        for (const i of indexes) outcomes[i] = { ok: false, error };
      }
      return outcomes;
    },
    abandon() {
      try {
        if (database.open && database.inTransaction) rollback.run();
      } catch {
        // The connection is unusable; the next group's BEGIN reports why.
      }
    },
  };
}

/** An append's failure as plain data, for the way back from the writer thread. */
export type WireError =
  | { readonly kind: 'revision'; readonly streamId: string; readonly expected: ExpectedRevision; readonly actual: number | 'no_stream' }
  | { readonly kind: 'duplicate'; readonly eventId: string; readonly streamId: string }
  | { readonly kind: 'sqlite'; readonly message: string; readonly code: string }
  | { readonly kind: 'other'; readonly name: string; readonly message: string };

export type WireOutcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: WireError };

export function toWire(error: unknown): WireError {
  if (error instanceof WrongExpectedRevisionError) return { kind: 'revision', streamId: error.streamId, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicate', eventId: error.eventId, streamId: error.streamId };
  if (error instanceof Database.SqliteError) return { kind: 'sqlite', message: error.message, code: error.code };
  return error instanceof Error ? { kind: 'other', name: error.name, message: error.message } : { kind: 'other', name: 'Error', message: String(error) };
}

/** The same error class on this side, so that translating and handling it is one path for both connections. */
export function fromWire(error: WireError): Error {
  switch (error.kind) {
    case 'revision':
      return new WrongExpectedRevisionError(error.streamId, error.expected, error.actual);
    case 'duplicate':
      return new DuplicateEventIdError(error.eventId, error.streamId);
    case 'sqlite':
      return new Database.SqliteError(error.message, error.code);
    case 'other':
      return Object.assign(new Error(error.message), { name: error.name });
  }
}

export const outcomeToWire = (o: Outcome): WireOutcome => (o.ok ? o : { ok: false, error: toWire(o.error) });
export const outcomeFromWire = (o: WireOutcome): Outcome => (o.ok ? o : { ok: false, error: fromWire(o.error) });
