/**
 * The hash chain over the events table (tamper evidence, migration 3): every row carries
 * `hash`, the SHA-256 of its canonical encoding, which includes the hash of the row before it
 * (see hash-chain.ts). Rows that existed before the migration are hashed by it, in position order.
 */
export const ADD_HASH_CHAIN = `
ALTER TABLE events ADD COLUMN hash TEXT;
`;

/** The newest row's hash and the position the next row will get (AUTOINCREMENT never reuses one). */
export const SELECT_CHAIN_TIP = `
SELECT (SELECT hash FROM events ORDER BY position DESC LIMIT 1) AS hash,
       coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) AS seq`;

/** The rows after a position and up to another, a page of them. */
export const SELECT_CHAIN_PAGE = `
SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at, hash
FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`;

/** The row a part of the chain links to: the last one at or before a position. */
export const SELECT_CHAIN_LINK = 'SELECT position, hash FROM events WHERE position <= ? ORDER BY position DESC LIMIT 1';

export const UPDATE_EVENT_HASH = 'UPDATE events SET hash = ? WHERE position = ?';
