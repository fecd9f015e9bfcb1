/**
 * The revision each stream has after this connection's last append to it, trusted only while no
 * other connection has committed to the file since (`PRAGMA data_version`, which changes exactly
 * when another connection — another process, another engine, the writer thread — commits). A
 * loader holding that very point in memory then has nothing to read (application/stream-loader.ts);
 * the moment anything else writes, every revision is forgotten and loads read the stream again.
 */
import type Database from 'better-sqlite3';

/** Streams kept at most; past it they are all forgotten (the loads then read, as without). */
const MAX_STREAMS = 100_000;

export class OwnRevisions {
  readonly #revisions = new Map<string, number>();
  readonly #dataVersion: Database.Statement<[], number>;
  #seen: number;

  constructor(database: Database.Database) {
    this.#dataVersion = database.prepare<[], number>('PRAGMA data_version').pluck();
    this.#seen = this.#current();
  }

  /** After a COMMIT of this connection: the revision each stream it wrote now has. */
  committed(revisions: Iterable<readonly [streamId: string, revision: number]>): void {
    if (this.#revisions.size >= MAX_STREAMS) this.#revisions.clear();
    for (const [streamId, revision] of revisions) this.#revisions.set(streamId, revision);
  }

  /** Forgets every stream (a commit of another connection of this process: the writer thread). */
  forget(): void {
    this.#revisions.clear();
  }

  /** The stream's revision if this connection wrote it last and no other connection has committed since. */
  revisionOf(streamId: string): number | undefined {
    const version = this.#current();
    if (version !== this.#seen) {
      this.#seen = version;
      this.#revisions.clear();
      return undefined;
    }
    return this.#revisions.get(streamId);
  }

  #current(): number {
    return this.#dataVersion.get() ?? 0;
  }
}
