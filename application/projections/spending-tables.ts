/** The tables of the spending projection: one report table and the lookups it needs. */
import type { Table } from './tables.js';

/**
 * One row per billing agreement and UTC calendar month (the window of the monthly limit).
 * Amounts are integers in minor units of `currency`.
 */
export type SpendingRow = {
  readonly billingAgreementId: string;
  /** "2026-11": the UTC month, from the 1st 00:00:00Z to the next 1st. */
  readonly month: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly currency: string;
  /** The agreement's monthly limit as it is now (a change applies to every window, as in Amazon's CurrentRemainingBalance). */
  readonly limitAmount: number;
  /** Authorizations requested in this window and not declined (pending or open): what counts against the limit. */
  readonly authorizedAmount: number;
  readonly authorizationCount: number;
  /** Authorizations requested in this window and declined: they consume nothing. */
  readonly declinedAmount: number;
  readonly declinedCount: number;
  /** Captures of the agreement's orders that completed in this month. */
  readonly capturedAmount: number;
  readonly captureCount: number;
  /** Refunds of the agreement's orders that completed in this month. */
  readonly refundedAmount: number;
  readonly refundCount: number;
  /** max(0, limit − authorized): the agreement's CurrentRemainingBalance for this window. */
  readonly remainingBalance: number;
  /** The engine time (`at`) of the last event that changed the row. */
  readonly updatedAt: string;
};

/** The counters of a spending row: summed over the row's events, and over agreements in the monthly totals. */
export const SPENDING_COUNTERS = [
  'authorizedAmount',
  'authorizationCount',
  'declinedAmount',
  'declinedCount',
  'capturedAmount',
  'captureCount',
  'refundedAmount',
  'refundCount',
] as const;
export type SpendingCounter = (typeof SPENDING_COUNTERS)[number];
export type SpendingCounters = Pick<SpendingRow, SpendingCounter>;

/** Every counter at zero. */
export const NO_SPENDING: SpendingCounters = {
  authorizedAmount: 0,
  authorizationCount: 0,
  declinedAmount: 0,
  declinedCount: 0,
  capturedAmount: 0,
  captureCount: 0,
  refundedAmount: 0,
  refundCount: 0,
};

export const spending: Table<SpendingRow> = {
  name: 'spending',
  key: ['billingAgreementId', 'month'],
  internal: false,
  columns: {
    billingAgreementId: 'text',
    month: 'text',
    windowStart: 'text',
    windowEnd: 'text',
    currency: 'text',
    limitAmount: 'integer',
    authorizedAmount: 'integer',
    authorizationCount: 'integer',
    declinedAmount: 'integer',
    declinedCount: 'integer',
    capturedAmount: 'integer',
    captureCount: 'integer',
    refundedAmount: 'integer',
    refundCount: 'integer',
    remainingBalance: 'integer',
    updatedAt: 'text',
  },
};

/** Per agreement: its limit, and the months that have a spending row (a limit change updates them all). */
export type SpendingAgreementRow = {
  readonly billingAgreementId: string;
  readonly currency: string;
  readonly limitAmount: number;
  readonly months: readonly string[];
};

export const spendingAgreements: Table<SpendingAgreementRow> = {
  name: 'spending_agreements',
  key: ['billingAgreementId'],
  internal: true,
  columns: { billingAgreementId: 'text', currency: 'text', limitAmount: 'integer', months: 'json' },
};

/** Orders created from a billing agreement (`ParentDetails`): their captures and refunds count for it. */
export type SpendingOrderRow = { readonly orderReferenceId: string; readonly billingAgreementId: string };

export const spendingOrders: Table<SpendingOrderRow> = {
  name: 'spending_orders',
  key: ['orderReferenceId'],
  internal: true,
  columns: { orderReferenceId: 'text', billingAgreementId: 'text' },
};

/** An agreement's authorization: its window and amount, so that a decline returns it to that window. */
export type SpendingAuthorizationRow = {
  readonly billingAgreementId: string;
  readonly authorizationId: string;
  readonly month: string;
  readonly amount: number;
  readonly declined: boolean;
};

export const spendingAuthorizations: Table<SpendingAuthorizationRow> = {
  name: 'spending_authorizations',
  key: ['billingAgreementId', 'authorizationId'],
  internal: true,
  columns: { billingAgreementId: 'text', authorizationId: 'text', month: 'text', amount: 'integer', declined: 'boolean' },
};

/** A capture or refund on an agreement's order: its amount, and whether it was counted yet. */
export type SpendingTransactionRow = {
  readonly transactionId: string;
  readonly billingAgreementId: string;
  readonly amount: number;
  readonly counted: boolean;
};

const transactionColumns = { transactionId: 'text', billingAgreementId: 'text', amount: 'integer', counted: 'boolean' } as const;

export const spendingCaptures: Table<SpendingTransactionRow> = {
  name: 'spending_captures',
  key: ['transactionId'],
  internal: true,
  columns: transactionColumns,
};

export const spendingRefunds: Table<SpendingTransactionRow> = {
  name: 'spending_refunds',
  key: ['transactionId'],
  internal: true,
  columns: transactionColumns,
};
