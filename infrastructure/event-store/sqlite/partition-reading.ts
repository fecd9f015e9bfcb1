/**
 * A SQLite store's history read partition by partition (application/projections/partitions.ts),
 * for rebuilds: on a read-only connection of its own, up to the head it found when it opened
 * (events are never changed, so later appends change nothing it reads). Which streams form a
 * partition is worked out first, from the events of the rule's anchor type (read from the anchor
 * index of migration 7), into TEMP tables of this connection (SQLite's temp file: memory does
 * not grow with the history); then each
 * partition's events, but for the types it is told no one reads, come in one query, in global
 * order.
 */
import Database from 'better-sqlite3';
import type { GlobalPosition, RecordedData } from '../../../application/ports/event-store.js';
import type { PartitionRule } from '../../../application/projections/partitions.js';
import { formatPosition, parsePosition } from '../shared/append-rules.js';
import { translateReadFailure } from './failures.js';
import { dataRowToData, type DataRow } from './reading.js';

/**
 * Threads sharing a build take the partitions a chunk at a time, each the next chunk no thread
 * has taken (an atomic counter in shared memory): a thread that started late or runs slow takes
 * fewer. The chunks are the same in every reader of the same head.
 */
export type NextChunk = () => number;

/** Partitions per chunk. */
const CHUNK = 64;

/** Page cache of the reader's connection and of its TEMP tables, KiB as SQLite counts a negative cache_size (the default is 16 MB each). */
const READER_CACHE_KIB = -4_096;

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data';
const SETUP = `
CREATE TEMP TABLE partition_members (stream_id TEXT PRIMARY KEY, partition TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX temp.partition_members_by_partition ON partition_members (partition);
CREATE TEMP TABLE partition_heads (n INTEGER PRIMARY KEY, stream_id TEXT NOT NULL UNIQUE);
CREATE TEMP TABLE unread_types (type TEXT PRIMARY KEY) WITHOUT ROWID;
`;

/** A text as an SQL literal (the rule's constants, in SQL the planner can match to an index). */
const sqlText = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/**
 * The SQL expression, over a row of `events` of the anchor's type, of the id the anchor places its
 * stream under (NULL: it places none, its data not JSON, of another kind or without an id). Its
 * text is that of the index of migration 7 (CREATE_ANCHOR_INDEX, sql.ts), so that SQLite reads it
 * from the index instead of every anchor's data; where they differ (a changed rule), the same
 * query scans the events table instead, as correct and slower.
 */
export function anchorTargetSql(anchor: PartitionRule['anchor']): string {
  const path = (fields: readonly string[]): string => sqlText(`$.${fields.join('.')}`);
  return `CASE WHEN json_valid(data) THEN CASE WHEN json_extract(data, ${path(anchor.kindPath)}) = ${sqlText(anchor.kind)} AND json_type(data, ${path(anchor.idPath)}) = 'text' THEN json_extract(data, ${path(anchor.idPath)}) END END`;
}

/**
 * Places the streams the anchors up to `@until` place (TEMP table partition_members). The first
 * anchor of a stream places it (an order reference is created once): in the order of streams,
 * then positions (that of the anchor index), the first is the one inserted. (`+position`: the
 * cut-off is no reason to walk the table by position instead of the index.)
 */
export function anchorPlacementSql(anchor: PartitionRule['anchor']): string {
  const target = anchorTargetSql(anchor);
  return `INSERT OR IGNORE INTO temp.partition_members (stream_id, partition)
    SELECT stream_id, @partitionPrefix || (${target}) FROM events
    WHERE type = ${sqlText(anchor.type)} AND (${target}) IS NOT NULL AND +position <= @until AND substr(stream_id, 1, length(@streamPrefix)) = @streamPrefix
    ORDER BY stream_id, position`;
}

/** The streams of a partition: its head and the streams that joined it. */
const PARTITION_STREAMS = 'SELECT @head UNION ALL SELECT stream_id FROM temp.partition_members WHERE partition = @head';

/** One thread's chunks: 0, 1, 2, … */
function counter(): NextChunk {
  let next = 0;
  return () => next++;
}

export class SqlitePartitionReader {
  readonly #database: Database.Database;
  /** The last position read (undefined: the store is empty), and how many events there are up to it. */
  readonly head: { readonly position: GlobalPosition | undefined; readonly events: number };
  readonly #headNumber: number;

  /** `until`: read no further than this position (a verify replays up to the stored checkpoint). */
  constructor(
    private readonly file: string,
    until?: GlobalPosition,
  ) {
    this.#database = new Database(file, { readonly: true, fileMustExist: true });
    try {
      // Reads land all over the file: a large page cache would hold memory, not save reads.
      this.#database.pragma(`cache_size = ${READER_CACHE_KIB}`);
      this.#database.pragma('temp_store = FILE');
      this.#database.pragma(`temp.cache_size = ${READER_CACHE_KIB}`);
      this.#database.exec(SETUP);
      const last = this.#database.prepare<[], number | null>('SELECT max(position) FROM events').pluck().get() ?? 0;
      this.#headNumber = until === undefined ? last : Math.min(last, parsePosition(until));
      // Without a cut-off, count(*) walks the smallest index instead of the table.
      const count = this.#headNumber === last ? 'SELECT count(*) FROM events' : `SELECT count(*) FROM events WHERE position <= ${this.#headNumber}`;
      const events = this.#database.prepare<[], number>(count).pluck().get() ?? 0;
      this.head = { position: events === 0 ? undefined : formatPosition(this.#headNumber), events };
    } catch (error) {
      this.#database.close();
      throw translateReadFailure(file, 'when opened for a rebuild', error);
    }
  }

  /** Works out the partitions of `rule` (once, before `partitions`), whose events of the `unread` types `partitions` leaves out: how many there are. */
  place(rule: PartitionRule, unread: ReadonlySet<string>): number {
    try {
      this.#placeStreams(rule, unread);
      return this.#database.prepare<[], number>('SELECT count(*) FROM temp.partition_heads').pluck().get() ?? 0;
    } catch (error) {
      throw translateReadFailure(this.file, 'while its history is partitioned', error);
    }
  }

  /** The events of each partition of the chunks `next` gives (but for the types `place` was told no one reads), in global order, partition by partition. */
  *partitions(next: NextChunk = counter()): Generator<RecordedData[]> {
    const heads = this.#database.prepare<[number, number], string>('SELECT stream_id FROM temp.partition_heads WHERE n > ? AND n <= ? ORDER BY n').pluck();
    const events = this.#database
      .prepare<[{ head: string; until: number }], DataRow>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id IN (${PARTITION_STREAMS}) AND position <= @until AND type NOT IN (SELECT type FROM temp.unread_types) ORDER BY position`,
      )
      .raw();
    for (;;) {
      const chunk = next();
      const page = heads.all(chunk * CHUNK, (chunk + 1) * CHUNK);
      if (page.length === 0) return;
      for (const head of page) {
        let rows: DataRow[];
        try {
          rows = events.all({ head, until: this.#headNumber });
        } catch (error) {
          throw translateReadFailure(this.file, `in partition '${head}'`, error);
        }
        yield rows.map((row) => dataRowToData(this.file, row));
      }
    }
  }

  close(): void {
    if (this.#database.open) this.#database.close();
  }

  /** Fills the TEMP tables: which stream joins which partition (by the anchors up to the head), the heads, the types. */
  #placeStreams(rule: PartitionRule, unread: ReadonlySet<string>): void {
    const database = this.#database;
    const addType = database.prepare<[string]>('INSERT OR IGNORE INTO temp.unread_types (type) VALUES (?)');
    for (const type of unread) addType.run(type);
    // A row whose data is not JSON places nothing here; reading its partition reports it.
    const { anchor } = rule;
    database.prepare(anchorPlacementSql(anchor)).run({ partitionPrefix: anchor.partitionPrefix, until: this.#headNumber, streamPrefix: anchor.streamPrefix });
    // Numbered in the order of their ids: chunk k is the heads numbered 64k + 1 to 64k + 64.
    const ofRule = rule.streamPrefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ');
    database
      .prepare(
        `INSERT INTO temp.partition_heads (stream_id)
         SELECT stream_id FROM streams WHERE (${ofRule}) AND stream_id NOT IN (SELECT stream_id FROM temp.partition_members)
         UNION SELECT partition FROM temp.partition_members ORDER BY 1`,
      )
      .run(...rule.streamPrefixes.flatMap((prefix) => [prefix.length, prefix]));
  }
}
