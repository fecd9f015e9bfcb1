/**
 * The projection tables analysts read (migration 4). Column names are stable: a field
 * `limitAmount` of application/projections is the column `limit_amount`. Amounts are INTEGER
 * minor units of the row's `currency` (JPY: yen; USD: cents); instants are ISO-8601 UTC text;
 * months are "YYYY-MM" in UTC; booleans are 0/1. The checkpoint of the rows is the row
 * `projections:v1` of the `checkpoints` table, written in the same transaction as the rows.
 * Tables marked internal are the projections' own lookups: read them, never write them.
 */
export const CREATE_PROJECTION_TABLES = `
CREATE TABLE spending (
  billing_agreement_id TEXT NOT NULL,
  month                TEXT NOT NULL,
  window_start         TEXT NOT NULL,
  window_end           TEXT NOT NULL,
  currency             TEXT NOT NULL,
  limit_amount         INTEGER NOT NULL,
  authorized_amount    INTEGER NOT NULL,
  authorization_count  INTEGER NOT NULL,
  declined_amount      INTEGER NOT NULL,
  declined_count       INTEGER NOT NULL,
  captured_amount      INTEGER NOT NULL,
  capture_count        INTEGER NOT NULL,
  refunded_amount      INTEGER NOT NULL,
  refund_count         INTEGER NOT NULL,
  remaining_balance    INTEGER NOT NULL,
  updated_at           TEXT NOT NULL,
  PRIMARY KEY (billing_agreement_id, month)
) WITHOUT ROWID;
CREATE INDEX spending_by_month ON spending (month);

CREATE VIEW spending_monthly_totals AS
SELECT month, currency,
       count(*)                 AS agreement_count,
       sum(authorized_amount)   AS authorized_amount,
       sum(authorization_count) AS authorization_count,
       sum(declined_amount)     AS declined_amount,
       sum(declined_count)      AS declined_count,
       sum(captured_amount)     AS captured_amount,
       sum(capture_count)       AS capture_count,
       sum(refunded_amount)     AS refunded_amount,
       sum(refund_count)        AS refund_count,
       sum(captured_amount) - sum(refunded_amount) AS revenue_amount
FROM spending GROUP BY month, currency;

CREATE TABLE proration_lines (
  event_id             TEXT PRIMARY KEY,
  billing_agreement_id TEXT NOT NULL,
  changed_at           TEXT NOT NULL,
  month                TEXT NOT NULL,
  from_plan_id         TEXT NOT NULL,
  to_plan_id           TEXT NOT NULL,
  currency             TEXT NOT NULL,
  old_price_amount     INTEGER NOT NULL,
  new_price_amount     INTEGER NOT NULL,
  policy               TEXT NOT NULL,
  time_zone            TEXT NOT NULL,
  period_start         TEXT NOT NULL,
  period_end           TEXT NOT NULL,
  fraction             TEXT NOT NULL,
  fraction_decimal     TEXT NOT NULL,
  credit_amount        INTEGER NOT NULL,
  charge_amount        INTEGER NOT NULL,
  net_amount           INTEGER NOT NULL,
  rounding             TEXT NOT NULL,
  settlement           TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX proration_lines_by_month ON proration_lines (month);
CREATE INDEX proration_lines_by_agreement ON proration_lines (billing_agreement_id);

CREATE TABLE agreement_status (
  billing_agreement_id   TEXT PRIMARY KEY,
  seller_id              TEXT NOT NULL,
  marketplace            TEXT NOT NULL,
  release_environment    TEXT NOT NULL,
  state                  TEXT NOT NULL,
  reason_code            TEXT,
  reason_description     TEXT,
  state_changed_at       TEXT NOT NULL,
  constraints            TEXT NOT NULL,
  consent                INTEGER NOT NULL CHECK (consent IN (0, 1)),
  paused                 INTEGER NOT NULL CHECK (paused IN (0, 1)),
  plan_id                TEXT,
  plan_price_amount      INTEGER,
  currency               TEXT NOT NULL,
  payment_method         TEXT,
  pending_payment_method TEXT,
  address                TEXT,
  pending_address        TEXT,
  monthly_limit_amount   INTEGER NOT NULL,
  carried_credit_amount  INTEGER NOT NULL,
  created_at             TEXT NOT NULL,
  last_changed_at        TEXT NOT NULL,
  last_event_type        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX agreement_status_by_state ON agreement_status (state);

-- internal
CREATE TABLE spending_agreements (
  billing_agreement_id TEXT PRIMARY KEY,
  currency             TEXT NOT NULL,
  limit_amount         INTEGER NOT NULL,
  months               TEXT NOT NULL
) WITHOUT ROWID;

-- internal
CREATE TABLE spending_orders (
  order_reference_id   TEXT PRIMARY KEY,
  billing_agreement_id TEXT NOT NULL
) WITHOUT ROWID;

-- internal
CREATE TABLE spending_authorizations (
  billing_agreement_id TEXT NOT NULL,
  authorization_id     TEXT NOT NULL,
  month                TEXT NOT NULL,
  amount               INTEGER NOT NULL,
  declined             INTEGER NOT NULL CHECK (declined IN (0, 1)),
  PRIMARY KEY (billing_agreement_id, authorization_id)
) WITHOUT ROWID;

-- internal
CREATE TABLE spending_captures (
  transaction_id       TEXT PRIMARY KEY,
  billing_agreement_id TEXT NOT NULL,
  amount               INTEGER NOT NULL,
  counted              INTEGER NOT NULL CHECK (counted IN (0, 1))
) WITHOUT ROWID;

-- internal
CREATE TABLE spending_refunds (
  transaction_id       TEXT PRIMARY KEY,
  billing_agreement_id TEXT NOT NULL,
  amount               INTEGER NOT NULL,
  counted              INTEGER NOT NULL CHECK (counted IN (0, 1))
) WITHOUT ROWID;

-- internal
CREATE TABLE agreement_snapshots (
  billing_agreement_id TEXT PRIMARY KEY,
  agreement            TEXT NOT NULL
) WITHOUT ROWID;
`;
