/**
 * The read side: what reports, the CLI and the HTTP service ask of the projections. With a
 * runner, every query first applies what the store holds beyond the checkpoint (read your
 * writes); without one it reads the rows as stored.
 */
import type { ProjectionStore } from '../ports/projection-store.js';
import { agreementStatus, type AgreementStatusRow } from './agreement-status.js';
import { prorationLines, type ProrationLineRow } from './proration.js';
import type { ProjectionFollowing } from './runner.js';
import { NO_SPENDING, SPENDING_COUNTERS, spending, type SpendingCounters, type SpendingRow } from './spending-tables.js';

/** Agreements whose authorized amount reached this share of the limit are "near their limit". */
export const DEFAULT_NEAR_LIMIT_PERCENT = 80;

/** Whole percent of the limit used, rounded down (0 without a limit): what reports and the dashboard show. */
export const usedPercent = (used: number, limit: number): number => (limit > 0 ? Math.floor((used * 100) / limit) : 0);

export const isMonth = (text: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/** One month and currency over all agreements; amounts in minor units. */
export type MonthlyTotal = {
  readonly month: string;
  readonly currency: string;
  readonly agreementCount: number;
  /** captured − refunded */
  readonly revenueAmount: number;
} & SpendingCounters;

const emptyTotal = (month: string, currency: string): MonthlyTotal => ({ month, currency, agreementCount: 0, revenueAmount: 0, ...NO_SPENDING });

/** Totals per month and currency, ordered by month then currency. */
export function monthlyTotals(rows: readonly SpendingRow[]): MonthlyTotal[] {
  const totals = new Map<string, MonthlyTotal>();
  for (const row of rows) {
    const id = `${row.month} ${row.currency}`;
    const next: { -readonly [K in keyof MonthlyTotal]: MonthlyTotal[K] } = { ...(totals.get(id) ?? emptyTotal(row.month, row.currency)) };
    for (const field of SPENDING_COUNTERS) next[field] += row[field];
    next.agreementCount += 1;
    next.revenueAmount += row.capturedAmount - row.refundedAmount;
    totals.set(id, next);
  }
  return [...totals.values()].sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency));
}

function checkMonth(month: string): void {
  if (!isMonth(month)) throw new RangeError(`'${month}' is not a month: use YYYY-MM, e.g. 2026-11`);
}

export class ProjectionQueries {
  constructor(
    private readonly store: ProjectionStore,
    private readonly runner?: Pick<ProjectionFollowing, 'catchUp'>,
  ) {}

  /** Spending rows of one UTC month, by agreement id. */
  async spending(month: string): Promise<SpendingRow[]> {
    checkMonth(month);
    return (await this.#rows(spending, { month })) as SpendingRow[];
  }

  /** Every month of one agreement, oldest first. */
  async spendingOf(billingAgreementId: string): Promise<SpendingRow[]> {
    return (await this.#rows(spending, { billingAgreementId })) as SpendingRow[];
  }

  /** Totals per month and currency (all months, or one). */
  async monthlyTotals(month?: string): Promise<MonthlyTotal[]> {
    if (month !== undefined) checkMonth(month);
    return monthlyTotals((await this.#rows(spending, month === undefined ? undefined : { month })) as SpendingRow[]);
  }

  /** Agreements whose authorized amount in the month is at least `percent` % of their limit. */
  async nearLimit(month: string, percent: number = DEFAULT_NEAR_LIMIT_PERCENT): Promise<SpendingRow[]> {
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new RangeError(`threshold must be a whole percentage 0–100, not ${percent}`);
    // Integer comparison: authorized / limit ≥ percent / 100, without floats.
    return (await this.spending(month)).filter((row) => row.authorizedAmount * 100 >= percent * row.limitAmount);
  }

  /** Proration lines of plan changes made in the UTC month (or all). */
  async proration(month?: string): Promise<ProrationLineRow[]> {
    if (month !== undefined) checkMonth(month);
    const rows = (await this.#rows(prorationLines, month === undefined ? undefined : { month })) as ProrationLineRow[];
    return rows.sort((a, b) => a.changedAt.localeCompare(b.changedAt) || a.eventId.localeCompare(b.eventId));
  }

  /** Agreement status rows, all or those in one state, of one seller or all. */
  async agreements(filter: { readonly state?: string; readonly sellerId?: string } = {}): Promise<AgreementStatusRow[]> {
    const where = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined)) as Record<string, string>;
    return (await this.#rows(agreementStatus, Object.keys(where).length === 0 ? undefined : where)) as AgreementStatusRow[];
  }

  async agreement(billingAgreementId: string): Promise<AgreementStatusRow | undefined> {
    await this.runner?.catchUp();
    return (await this.store.get(agreementStatus, [billingAgreementId])) as AgreementStatusRow | undefined;
  }

  async #rows(table: Parameters<ProjectionStore['rows']>[0], where?: Readonly<Record<string, string>>) {
    await this.runner?.catchUp();
    return this.store.rows(table, where);
  }
}
