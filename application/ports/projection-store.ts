/**
 * Where projection rows live, with the checkpoint of the runner that wrote them. The adapter's
 * one promise: a commit writes its rows and moves the checkpoint together, or does neither, so
 * that every event is applied exactly once even across crashes and several processes.
 */
import type { Cell, Row, Table } from '../projections/tables.js';
import type { GlobalPosition } from './event-store.js';

export interface ProjectionCommit {
  /** The checkpoint the rows were computed from (undefined: from the very beginning). */
  readonly expected: GlobalPosition | undefined;
  /** The position of the last event the rows include. */
  readonly position: GlobalPosition;
  /** Whole rows to insert or replace, at most one per key. */
  readonly writes: readonly { readonly table: Table; readonly row: Row }[];
}

export interface ProjectionStore {
  /** The position of the last event applied; undefined before the first (or after `reset`). */
  checkpoint(): Promise<GlobalPosition | undefined>;
  /** One row by its key (values in the order of `table.key`). */
  get(table: Table, key: readonly Cell[]): Promise<Row | undefined>;
  /**
   * Atomically: if the checkpoint is still `expected`, writes the rows and moves it to `position`;
   * otherwise throws ProjectionCheckpointConflictError and changes nothing.
   */
  commit(commit: ProjectionCommit): Promise<void>;
  /** The rows whose fields equal `where` (all rows without it), in primary-key order. */
  rows(table: Table, where?: Readonly<Record<string, Cell>>): Promise<Row[]>;
  /**
   * Every row of the table in primary-key order (text keys by their UTF-8 bytes, as SQLite's
   * BINARY collation), read as it is consumed: for comparing tables of any size in bounded memory.
   */
  scan(table: Table): AsyncIterable<Row>;
  /** Deletes every row of these tables and the checkpoint, in one step: the next run rebuilds from zero. */
  reset(tables: readonly Table[]): Promise<void>;
  /** Lets go of what the store holds of its own (a connection pool); absent when it holds nothing. */
  close?(): Promise<void>;
}

/** Another runner (another process, a rebuild) committed meanwhile: reload and go on from its checkpoint. */
export class ProjectionCheckpointConflictError extends Error {
  constructor(
    readonly expected: GlobalPosition | undefined,
    readonly actual: GlobalPosition | undefined,
  ) {
    super(`projection checkpoint moved: expected ${expected ?? 'none'}, found ${actual ?? 'none'}`);
    this.name = 'ProjectionCheckpointConflictError';
  }
}
