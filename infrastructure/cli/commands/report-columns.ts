/** What each report shows in table form (CSV and JSON carry every column of the SQL table). */
import { usedPercent, type AgreementStatusRow, type MonthlyTotal, type ProrationLineRow, type SpendingRow } from '../../../application/projections/index.js';
import { showAmount, type TableColumn } from '../support/output.js';
import { sparkline, usageBar } from '../support/pictures.js';

const right = 'right' as const;
const percentOfLimit = (row: SpendingRow): string => (row.limitAmount === 0 ? '' : `${usedPercent(row.authorizedAmount, row.limitAmount)}%`);

export const SPENDING_COLUMNS: readonly TableColumn<SpendingRow>[] = [
  { header: 'Billing agreement', value: (r) => r.billingAgreementId },
  { header: 'Currency', value: (r) => r.currency },
  { header: 'Limit', value: (r) => showAmount(r.limitAmount, r.currency), align: right },
  { header: 'Authorized', value: (r) => showAmount(r.authorizedAmount, r.currency), align: right },
  { header: 'Used', value: percentOfLimit, align: right },
  { header: 'Remaining', value: (r) => showAmount(r.remainingBalance, r.currency), align: right },
  { header: 'Captured', value: (r) => showAmount(r.capturedAmount, r.currency), align: right },
  { header: 'Refunded', value: (r) => showAmount(r.refundedAmount, r.currency), align: right },
  { header: 'Declined', value: (r) => r.declinedCount, align: right },
];

/** On a terminal: the Used column as a bar of the limit, and each agreement's last months as a sparkline. */
export function spendingColumnsWithPictures(trends: ReadonlyMap<string, readonly number[]>, months: readonly string[]): readonly TableColumn<SpendingRow>[] {
  return [
    ...SPENDING_COLUMNS.map((c) => (c.header === 'Used' ? { ...c, value: (r: SpendingRow) => `${usageBar(r.authorizedAmount, r.limitAmount, 12)} ${percentOfLimit(r).padStart(4)}` } : c)),
    { header: `${months[0] ?? ''}…${months.at(-1) ?? ''}`, value: (r) => sparkline(trends.get(r.billingAgreementId) ?? []) },
  ];
}

/** One line per currency under the totals: authorized and revenue by month as sparklines (months in the rows' order). */
export function totalsTrend(rows: readonly MonthlyTotal[]): string {
  const currencies = [...new Set(rows.map((r) => r.currency))];
  return currencies
    .map((currency) => {
      const of = rows.filter((r) => r.currency === currency);
      const span = `${of[0]?.month ?? ''}…${of.at(-1)?.month ?? ''}`;
      return `${currency} ${span}  authorized ${sparkline(of.map((r) => r.authorizedAmount))}  revenue ${sparkline(of.map((r) => r.revenueAmount))}\n`;
    })
    .join('');
}

/** The month's totals under the spending table, when it has one currency only. */
export function spendingFooter(totals: readonly MonthlyTotal[]): string[] | undefined {
  const [t, other] = totals;
  if (t === undefined || other !== undefined) return undefined;
  const amount = (n: number): string => showAmount(n, t.currency);
  return [`total (${t.agreementCount})`, t.currency, '', amount(t.authorizedAmount), '', '', amount(t.capturedAmount), amount(t.refundedAmount), String(t.declinedCount)];
}

export const TOTAL_COLUMNS: readonly TableColumn<MonthlyTotal>[] = [
  { header: 'Month', value: (r) => r.month },
  { header: 'Currency', value: (r) => r.currency },
  { header: 'Agreements', value: (r) => r.agreementCount, align: right },
  { header: 'Authorized', value: (r) => showAmount(r.authorizedAmount, r.currency), align: right },
  { header: 'Declined', value: (r) => r.declinedCount, align: right },
  { header: 'Captured', value: (r) => showAmount(r.capturedAmount, r.currency), align: right },
  { header: 'Refunded', value: (r) => showAmount(r.refundedAmount, r.currency), align: right },
  { header: 'Revenue', value: (r) => showAmount(r.revenueAmount, r.currency), align: right },
];

export const PRORATION_COLUMNS: readonly TableColumn<ProrationLineRow>[] = [
  { header: 'Billing agreement', value: (r) => r.billingAgreementId },
  { header: 'Changed at', value: (r) => r.changedAt },
  { header: 'Plan', value: (r) => `${r.fromPlanId} → ${r.toPlanId}` },
  { header: 'Old price', value: (r) => showAmount(r.oldPriceAmount, r.currency), align: right },
  { header: 'New price', value: (r) => showAmount(r.newPriceAmount, r.currency), align: right },
  { header: 'Policy', value: (r) => r.policy },
  { header: 'Period', value: (r) => `${r.periodStart} → ${r.periodEnd}` },
  { header: 'Fraction', value: (r) => r.fractionDecimal, align: right },
  { header: 'Credit', value: (r) => showAmount(r.creditAmount, r.currency), align: right },
  { header: 'Charge', value: (r) => showAmount(r.chargeAmount, r.currency), align: right },
  { header: 'Net', value: (r) => showAmount(r.netAmount, r.currency), align: right },
  { header: 'Settlement', value: (r) => r.settlement },
];

export const AGREEMENT_COLUMNS: readonly TableColumn<AgreementStatusRow>[] = [
  { header: 'Billing agreement', value: (r) => r.billingAgreementId },
  { header: 'State', value: (r) => r.state },
  { header: 'Reason', value: (r) => r.reasonCode },
  { header: 'Since', value: (r) => r.stateChangedAt },
  { header: 'Constraints', value: (r) => r.constraints },
  { header: 'Paused', value: (r) => (r.paused ? 'yes' : '') },
  { header: 'Plan', value: (r) => r.planId },
  { header: 'Price', value: (r) => showAmount(r.planPriceAmount, r.currency), align: right },
  { header: 'Payment method', value: (r) => r.paymentMethod },
  { header: 'Last change', value: (r) => `${r.lastChangedAt} ${r.lastEventType}` },
];
