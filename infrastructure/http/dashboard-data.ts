/**
 * What the dashboard draws, for one seller: spending of the month against each agreement's limit,
 * the seller's totals of the last months, agreements by state, those nearest their limit, and one
 * agreement's timeline. Read from the read views (projections or state) and the agreement's stream.
 */
import { monthsUpTo } from '../../domain/shared/time.js';
import { billingAgreements } from '../../application/aggregates/billing-agreement.js';
import type { BillingEngine } from '../../application/engine.js';
import { AGREEMENT_STATES } from '../../domain/billing-agreement/types.js';
import { usedPercent } from '../../application/projections/index.js';
import { isCurrency, money, type Currency } from '../../domain/shared/money.js';
import { moneyJson, moneyOfJson, type MoneyJson } from './json-views.js';
import type { ReadViews, SpendingRow } from './read-views.js';

export const DASHBOARD_MONTHS = 6;

export interface DashboardData {
  readonly sellerId: string;
  readonly month: string;
  /** The month's spending per agreement, highest share of the limit first. */
  readonly spending: readonly (SpendingRow & { readonly usedPercent: number })[];
  /** The last DASHBOARD_MONTHS months up to `month`, oldest first: what was charged, per currency. */
  readonly months: readonly { readonly month: string; readonly charged: readonly MoneyJson[]; readonly agreements: number }[];
  /** How many agreements are in each state (every state, zeros included), and how many are paused. */
  readonly states: Readonly<Record<string, number>>;
  readonly paused: number;
  /** The five with the least remaining share of their limit this month. */
  readonly nearest: readonly (SpendingRow & { readonly usedPercent: number })[];
}

export interface TimelineEntry {
  readonly at: string;
  readonly revision: number;
  readonly type: string;
  readonly actor: string;
  readonly source: string;
}

const minor = (m: MoneyJson): number => moneyOfJson(m)?.amount ?? 0;

/** The sum of amounts of one currency, exactly (in minor units). */
const sum = (amounts: readonly MoneyJson[], currency: Currency): MoneyJson => moneyJson(money(amounts.reduce((n, m) => n + minor(m), 0), currency));

export async function dashboardData(views: ReadViews, sellerId: string, month: string): Promise<DashboardData> {
  const months = monthsUpTo(month, DASHBOARD_MONTHS);
  const [byMonth, agreements] = await Promise.all([Promise.all(months.map((m) => views.spending(m, sellerId))), views.agreements(sellerId)]);
  const current = (byMonth.at(-1) ?? []).map((row) => ({ ...row, usedPercent: usedPercent(minor(row.charged), minor(row.limit)) }));
  const states = Object.fromEntries(AGREEMENT_STATES.map((state) => [state, agreements.filter((a) => a.state === state).length]));
  return {
    sellerId,
    month,
    spending: [...current].sort((a, b) => b.usedPercent - a.usedPercent || a.amazonBillingAgreementId.localeCompare(b.amazonBillingAgreementId)),
    months: months.map((m, i) => {
      const rows = byMonth[i] ?? [];
      const currencies = [...new Set(rows.map((r) => r.charged.currency))].filter(isCurrency).sort();
      return { month: m, agreements: rows.length, charged: currencies.map((currency) => sum(rows.filter((r) => r.charged.currency === currency).map((r) => r.charged), currency)) };
    }),
    states,
    paused: agreements.filter((a) => a.paused).length,
    nearest: [...current].sort((a, b) => b.usedPercent - a.usedPercent || minor(a.remaining) - minor(b.remaining)).slice(0, 5),
  };
}

/** The agreement's events, oldest first. */
export async function timeline(engine: BillingEngine, billingAgreementId: string): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  for await (const event of engine.deps.store.readStream(billingAgreements.streamId(billingAgreementId))) {
    entries.push({ at: event.metadata.recordedAt, revision: event.revision, type: event.type, actor: event.metadata.actor, source: event.metadata.source });
  }
  return entries;
}
