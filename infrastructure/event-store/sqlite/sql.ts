/** Every SQL text of the SQLite event store. */

/** `streams` holds each stream's current revision, so an append checks it with one lookup. */
export const CREATE_EVENTS_AND_STREAMS = `
CREATE TABLE events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL,
  data        TEXT NOT NULL,
  metadata    TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE streams (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL
) WITHOUT ROWID;
`;

/**
 * The order references created from a billing agreement, by stream, with that agreement's id
 * (NULL for any other): a rebuild places each order's stream in its agreement's partition from
 * this index alone (partition-reading.ts, whose anchorTargetSql gives the same expression), not
 * from a scan of every event. Only OrderReferenceCreated rows are in it: appending any other
 * event costs nothing more.
 */
export const CREATE_ANCHOR_INDEX = `
CREATE INDEX events_anchors ON events (
  stream_id,
  position,
  (CASE WHEN json_valid(data) THEN CASE WHEN json_extract(data, '$.parent.type') = 'BillingAgreement' AND json_type(data, '$.parent.id') = 'text' THEN json_extract(data, '$.parent.id') END END)
) WHERE type = 'OrderReferenceCreated';
`;

export const SELECT_STREAM_REVISION = 'SELECT revision FROM streams WHERE stream_id = ?';

export const SELECT_EVENT_ID_OWNER = 'SELECT stream_id FROM events WHERE event_id = ?';

/** The position is given (the next AUTOINCREMENT value) because the row's hash covers it. */
export const INSERT_EVENT = `
INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export const UPSERT_STREAM_REVISION = `
INSERT INTO streams (stream_id, revision) VALUES (?, ?)
ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision`;

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata';

export const SELECT_ALL_AFTER = `
SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`;

/** Without the metadata column, for readers that need none (`readAllData`). */
export const SELECT_ALL_DATA_AFTER = `
SELECT position, stream_id, revision, event_id, type, data FROM events WHERE position > ? ORDER BY position LIMIT ?`;

/** Without the metadata column, for folds that need none (`readStreamPages`). */
export const SELECT_STREAM_DATA_FROM = `
SELECT position, stream_id, revision, event_id, type, data FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`;

export const SELECT_STREAM_FROM = `
SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`;

export const CREATE_CHECKPOINTS = `
CREATE TABLE checkpoints (
  name     TEXT PRIMARY KEY,
  position TEXT NOT NULL
) WITHOUT ROWID;
`;

export const SELECT_CHECKPOINT = 'SELECT position FROM checkpoints WHERE name = ?';

export const UPSERT_CHECKPOINT = `
INSERT INTO checkpoints (name, position) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET position = excluded.position`;
