/**
 * Spending per billing agreement and UTC month (DOMAIN.md §2.5): authorized against the limit,
 * declined, and captured and refunded on the agreement's orders. Authorizations count in the
 * window of their request (`windowStart`), as the limit does; captures and refunds in the month
 * they completed. The remaining balance is max(0, limit − authorized), the agreement's
 * `CurrentRemainingBalance` for that window.
 */
import { remainingOf, type BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { OrderReferenceEvent } from '../../domain/order-reference/index.js';
import { utcMonthKey, utcMonthWindow, type Instant } from '../../domain/shared/time.js';
import { isAgreementEvent, type DomainEvent, type Projection, type RowReader } from './projection.js';
import {
  NO_SPENDING,
  spending,
  spendingAgreements,
  spendingAuthorizations,
  spendingCaptures,
  spendingOrders,
  spendingRefunds,
  type SpendingRow,
  type SpendingTransactionRow,
} from './spending-tables.js';
import { write, type RowWrite, type Table } from './tables.js';

type Counter = 'authorized' | 'declined' | 'captured' | 'refunded';
type Delta = Partial<Record<Counter, { readonly amount: number; readonly count: number }>>;

const FIELDS = {
  authorized: ['authorizedAmount', 'authorizationCount'],
  declined: ['declinedAmount', 'declinedCount'],
  captured: ['capturedAmount', 'captureCount'],
  refunded: ['refundedAmount', 'refundCount'],
} as const;

const COUNTERS = Object.keys(FIELDS) as Counter[];

/** Month windows by month key: a handful of months serve every row. */
const windows = new Map<string, { readonly start: string; readonly end: string }>();

function windowOf(month: string): { readonly start: string; readonly end: string } {
  let window = windows.get(month);
  if (window === undefined) {
    window = utcMonthWindow(`${month}-01T00:00:00Z`);
    if (windows.size > 1_000) windows.clear();
    windows.set(month, window);
  }
  return window;
}

function emptyRow(billingAgreementId: string, month: string, currency: string, limitAmount: number): SpendingRow {
  const window = windowOf(month);
  return {
    billingAgreementId,
    month,
    windowStart: window.start,
    windowEnd: window.end,
    currency,
    limitAmount,
    ...NO_SPENDING,
    remainingBalance: remainingOf(limitAmount, 0),
    updatedAt: '',
  };
}

/** Adds `delta` to the agreement's row of `month`, creating it (and noting the month) if needed. */
function bump(rows: RowReader, billingAgreementId: string, month: string, at: Instant, delta: Delta): RowWrite[] {
  const agreement = rows.get(spendingAgreements, [billingAgreementId]);
  if (agreement === undefined) return [];
  // The agreement's row lists the months that have a row: a new month is not looked for.
  const known = agreement.months.includes(month);
  const row: { -readonly [F in keyof SpendingRow]: SpendingRow[F] } = {
    ...((known ? rows.get(spending, [billingAgreementId, month]) : undefined) ?? emptyRow(billingAgreementId, month, agreement.currency, agreement.limitAmount)),
  };
  for (const counter of COUNTERS) {
    const change = delta[counter];
    if (change === undefined) continue;
    const [amountField, countField] = FIELDS[counter];
    row[amountField] += change.amount;
    row[countField] += change.count;
  }
  row.remainingBalance = remainingOf(row.limitAmount, row.authorizedAmount);
  row.updatedAt = at;
  const writes = [write(spending, row)];
  if (!known) writes.push(write(spendingAgreements, { ...agreement, months: [...agreement.months, month] }));
  return writes;
}

function limitChanged(rows: RowReader, e: Extract<BillingAgreementEvent, { type: 'MonthlyLimitChanged' }>): RowWrite[] {
  const agreement = rows.get(spendingAgreements, [e.billingAgreementId]);
  if (agreement === undefined) return [];
  const limitAmount = e.monthlyLimit.amount;
  const writes = [write(spendingAgreements, { ...agreement, limitAmount })];
  for (const month of agreement.months) {
    const row = rows.get(spending, [e.billingAgreementId, month]);
    if (row !== undefined) writes.push(write(spending, { ...row, limitAmount, remainingBalance: remainingOf(limitAmount, row.authorizedAmount), updatedAt: e.at }));
  }
  return writes;
}

/** A decline returns the amount to the window it was requested in (once, as the agreement does). */
function declined(rows: RowReader, e: Extract<BillingAgreementEvent, { type: 'AuthorizationDeclined' }>): RowWrite[] {
  const auth = rows.get(spendingAuthorizations, [e.billingAgreementId, e.authorizationId]);
  if (auth === undefined || auth.declined) return [];
  const delta = { authorized: { amount: -auth.amount, count: -1 }, declined: { amount: auth.amount, count: 1 } };
  return [write(spendingAuthorizations, { ...auth, declined: true }), ...bump(rows, e.billingAgreementId, auth.month, e.at, delta)];
}

function onAgreement(rows: RowReader, e: BillingAgreementEvent): RowWrite[] {
  switch (e.type) {
    case 'BillingAgreementCreated':
      if (rows.get(spendingAgreements, [e.billingAgreementId]) !== undefined) return [];
      return [write(spendingAgreements, { billingAgreementId: e.billingAgreementId, currency: e.monthlyLimit.currency, limitAmount: e.monthlyLimit.amount, months: [] })];
    case 'MonthlyLimitChanged':
      return limitChanged(rows, e);
    case 'AuthorizationRequested': {
      const month = utcMonthKey(e.windowStart);
      const auth = { billingAgreementId: e.billingAgreementId, authorizationId: e.authorizationId, month, amount: e.amount.amount, declined: false };
      return [write(spendingAuthorizations, auth), ...bump(rows, e.billingAgreementId, month, e.at, { authorized: { amount: e.amount.amount, count: 1 } })];
    }
    case 'AuthorizationDeclined':
      return declined(rows, e);
    default:
      return [];
  }
}

function requested(rows: RowReader, table: Table<SpendingTransactionRow>, orderReferenceId: string, transactionId: string, amount: number): RowWrite[] {
  const order = rows.get(spendingOrders, [orderReferenceId]);
  if (order === undefined) return [];
  return [write(table, { transactionId, billingAgreementId: order.billingAgreementId, amount, counted: false })];
}

/** A capture or refund counts once, in the month it completed. */
function completed(rows: RowReader, table: Table<SpendingTransactionRow>, transactionId: string, at: Instant, counter: 'captured' | 'refunded'): RowWrite[] {
  const transaction = rows.get(table, [transactionId]);
  if (transaction === undefined || transaction.counted) return [];
  const delta = { [counter]: { amount: transaction.amount, count: 1 } };
  return [write(table, { ...transaction, counted: true }), ...bump(rows, transaction.billingAgreementId, utcMonthKey(at), at, delta)];
}

function onOrder(rows: RowReader, e: OrderReferenceEvent): RowWrite[] {
  switch (e.type) {
    case 'OrderReferenceCreated':
      if (e.parent?.type !== 'BillingAgreement') return [];
      return [write(spendingOrders, { orderReferenceId: e.orderReferenceId, billingAgreementId: e.parent.id })];
    case 'CaptureRequested':
      return requested(rows, spendingCaptures, e.orderReferenceId, e.captureId, e.amount.amount);
    case 'RefundRequested':
      return requested(rows, spendingRefunds, e.orderReferenceId, e.refundId, e.amount.amount);
    case 'CaptureCompleted':
      return completed(rows, spendingCaptures, e.captureId, e.at, 'captured');
    // Amazon closes only completed captures: a Closed report counts if Completed was never seen.
    case 'CaptureStatusReported':
      return e.status.state === 'Completed' || e.status.state === 'Closed' ? completed(rows, spendingCaptures, e.captureId, e.at, 'captured') : [];
    case 'RefundCompleted':
      return completed(rows, spendingRefunds, e.refundId, e.at, 'refunded');
    case 'RefundStatusReported':
      return e.status.state === 'Completed' ? completed(rows, spendingRefunds, e.refundId, e.at, 'refunded') : [];
    default:
      return [];
  }
}

export const spendingProjection: Projection = {
  name: 'spending',
  tables: [spending, spendingAgreements, spendingOrders, spendingAuthorizations, spendingCaptures, spendingRefunds],
  eventTypes: new Set<DomainEvent['type']>([
    'BillingAgreementCreated',
    'MonthlyLimitChanged',
    'AuthorizationRequested',
    'AuthorizationDeclined',
    'OrderReferenceCreated',
    'CaptureRequested',
    'RefundRequested',
    'CaptureCompleted',
    'CaptureStatusReported',
    'RefundCompleted',
    'RefundStatusReported',
  ]),
  evolve: (rows, { event }) => (isAgreementEvent(event) ? onAgreement(rows, event) : onOrder(rows, event)),
};
