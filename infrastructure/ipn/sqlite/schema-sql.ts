/**
 * The IPN inbox in the engine's SQLite file (migration 5): one row per notification, in arrival
 * order (`seq`), unique by NotificationReferenceId (`notification_key`) and by SNS MessageId.
 */
export const CREATE_IPN_INBOX = `
CREATE TABLE ipn_inbox (
  seq               INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_key  TEXT NOT NULL UNIQUE,
  message_id        TEXT NOT NULL UNIQUE,
  sns_type          TEXT NOT NULL,
  notification_type TEXT,
  object_id         TEXT,
  body              TEXT NOT NULL,
  received_at       TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'unchanged', 'unmatched', 'ignored')),
  detail            TEXT,
  settled_at        TEXT
);
CREATE INDEX ipn_inbox_by_status ON ipn_inbox (status, seq);
`;

/** Refused silently when the key or the message id is stored: the caller then reads that row. */
export const INSERT_IPN = `
INSERT OR IGNORE INTO ipn_inbox (notification_key, message_id, sns_type, notification_type, object_id, body, received_at, status)
VALUES (@key, @messageId, @snsType, @notificationType, @objectId, @body, @receivedAt, 'pending')`;

const IPN_COLUMNS = 'notification_key, message_id, sns_type, notification_type, object_id, body, received_at, status, detail, settled_at';

export const SELECT_IPN_BY_KEY_OR_MESSAGE = `SELECT ${IPN_COLUMNS} FROM ipn_inbox WHERE notification_key = ? OR message_id = ? ORDER BY seq LIMIT 1`;

/** `@statuses` is a JSON array of statuses, or NULL for every row. */
export const SELECT_IPN_WITH_STATUS = `
SELECT ${IPN_COLUMNS} FROM ipn_inbox
WHERE @statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses))
ORDER BY seq`;

export const SETTLE_IPN = 'UPDATE ipn_inbox SET status = ?, detail = ?, settled_at = ? WHERE notification_key = ?';
