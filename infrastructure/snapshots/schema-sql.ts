/**
 * The snapshots table (migration 6): one row per stream, replaced as the stream grows. A cache:
 * `DELETE FROM snapshots` at any time changes no answer of the engine.
 */

/** A rowid table rather than WITHOUT ROWID: a state can be far larger than a page. */
export const CREATE_SNAPSHOTS = `
CREATE TABLE snapshots (
  stream_id TEXT PRIMARY KEY,
  revision  INTEGER NOT NULL,
  version   INTEGER NOT NULL,
  state     TEXT NOT NULL
);
`;

export const SELECT_SNAPSHOT = 'SELECT revision, version, state FROM snapshots WHERE stream_id = ?';

export const UPSERT_SNAPSHOT = `
INSERT INTO snapshots (stream_id, revision, version, state) VALUES (?, ?, ?, ?)
ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, version = excluded.version, state = excluded.state`;

export const DELETE_SNAPSHOT = 'DELETE FROM snapshots WHERE stream_id = ?';

export const DELETE_ALL_SNAPSHOTS = 'DELETE FROM snapshots';
