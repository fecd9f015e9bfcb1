/** How `audit` prints histories, states and verification reports for people. */
import type { VerifyReport } from '../../../application/audit/audit.js';
import type { History } from '../../../application/audit/history.js';
import type { StateAsOf } from '../../../application/audit/state-as-of.js';
import type { ProjectionDifference } from '../../../application/audit/verify-projections.js';
import { constraintsOf, type Agreement, type AgreementLedger } from '../../../domain/billing-agreement/index.js';
import type { Order } from '../../../domain/order-reference/index.js';
import { columnName } from '../../../application/projections/tables.js';
import { showAmount } from '../support/output.js';

export function historyText(h: History): string {
  const subject = h.kind === 'BillingAgreement' ? `billing agreement ${h.id}` : `order reference ${h.id}`;
  const orders = h.orderReferenceIds.length === 0 ? '' : ` and its ${h.orderReferenceIds.length} order references`;
  const lines = [`History of ${subject}${orders}: ${h.entries.length} events, in the store's global order`, ''];
  for (const e of h.entries) {
    lines.push(`#${e.position}  ${e.recordedAt}  ${e.streamId} r${e.revision}  ${e.type}`);
    lines.push(`    by ${e.actor} via ${e.source} · at ${e.at} · command ${e.commandId} · correlation ${e.correlationId} · causation ${e.causationId}`);
  }
  return `${lines.join('\n')}\n`;
}

const money = (m: { amount: number; currency: string }): string => `${showAmount(m.amount, m.currency)} ${m.currency}`;

function orderLine(o: Order): string {
  const sum = (items: readonly { amount: { amount: number }; status: { state: string } }[], states: readonly string[]): number =>
    items.filter((i) => states.includes(i.status.state)).reduce((n, i) => n + i.amount.amount, 0);
  const currency = o.orderTotal?.currency ?? Object.values(o.authorizations)[0]?.amount.currency ?? '';
  const authorized = sum(Object.values(o.authorizations), ['Pending', 'Open', 'Closed']);
  const captured = sum(Object.values(o.captures), ['Completed', 'Closed']);
  const refunded = sum(Object.values(o.refunds), ['Completed']);
  const reason = o.status.reasonCode === undefined ? '' : ` (${o.status.reasonCode})`;
  const amounts = [['authorized', authorized], ['captured', captured], ['refunded', refunded]].map(([label, n]) => `${label} ${showAmount(n as number, currency)}`);
  return `    ${o.id}  ${o.status.state}${reason}  ${amounts.join(' · ')} ${currency}`;
}

function agreementLines(a: Agreement, ledger: AgreementLedger): string[] {
  const reason = a.status.reasonCode === undefined ? '' : ` (${a.status.reasonCode}${a.status.reasonDescription ? `: ${a.status.reasonDescription}` : ''})`;
  const constraints = constraintsOf(a).map((c) => c.constraintId);
  const windows = Object.entries(ledger.consumedByWindow)
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([start, consumed]) => `${start.slice(0, 7)} ${showAmount(consumed, a.monthlyLimit.currency)}`);
  return [
    `  state            ${a.status.state}${reason} since ${a.status.lastUpdatedTimestamp}`,
    `  constraints      ${constraints.length === 0 ? 'none' : constraints.join(', ')}`,
    `  paused           ${a.paused ? 'yes' : 'no'}`,
    `  plan             ${a.plan === undefined ? 'none' : `${a.plan.planId} ${money(a.plan.price)}`}`,
    `  payment method   ${a.paymentMethod ?? 'none'}${a.pendingPaymentMethod === undefined ? '' : ` (selected, not confirmed: ${a.pendingPaymentMethod})`}`,
    `  monthly limit    ${money(a.monthlyLimit)}`,
    `  authorized       ${windows.length === 0 ? 'nothing yet' : `${windows.join('; ')} (per UTC month, declines excluded)`}`,
  ];
}

export function stateText(s: StateAsOf): string {
  const cut = s.cutoff.kind === 'instant' ? `as of ${s.cutoff.instant} (events recorded at or before it)` : `as of position ${s.cutoff.position}`;
  const subject = s.kind === 'BillingAgreement' ? `Billing agreement ${s.id}` : `Order reference ${s.id}`;
  const exists = s.agreement !== undefined || s.order !== undefined;
  if (!exists) return `${subject} did not exist yet ${cut}.\n`;
  const lines = [`${subject} ${cut}: ${s.events} events`];
  if (s.agreement !== undefined) lines.push(...agreementLines(s.agreement, s.ledger ?? s.agreement));
  if (s.order !== undefined) lines.push(orderLine(s.order).trim());
  if (s.orders.length > 0) lines.push('  order references', ...s.orders.map(orderLine));
  return `${lines.join('\n')}\n`;
}

function chainLines(report: VerifyReport): string[] {
  const { chain } = report;
  if (chain.kind === 'unavailable') return [`hash chain:  NOT VERIFIED: ${chain.reason}`];
  if (chain.kind === 'broken') return [`hash chain:  BROKEN at position ${chain.position} (stream ${chain.streamId}): ${chain.reason}`, `             ${chain.events} events before it are intact`];
  if (chain.head === undefined) return ['hash chain:  intact (no events yet)'];
  return [`hash chain:  intact: ${chain.events} events; head position ${chain.head.position}, hash ${chain.head.hash}`];
}

function projectionLines(report: VerifyReport): string[] {
  const p = report.projections;
  if (p.kind === 'not-stored') return [`projections: not compared: ${p.reason}`];
  const at = p.position === undefined ? 'before the first event' : `at position ${p.position}`;
  if (p.kind === 'match') return [`projections: match a fresh replay ${at} (${p.rows} rows)`];
  const lines = [`projections: DIFFER from a fresh replay ${at}: ${p.total} differences`];
  if (p.problem !== undefined) lines.push(`             ${p.problem}`);
  const detail = (d: ProjectionDifference): string =>
    d.kind === 'different' ? `differs in ${d.fields.map(columnName).join(', ')}` : d.kind === 'missing' ? 'missing from the stored table' : 'stored but not produced by the replay';
  for (const t of p.byTable) lines.push(`             ${t.table}: ${t.count} row${t.count === 1 ? '' : 's'} differ; the first, ${JSON.stringify(t.first.key)}, ${detail(t.first)}`);
  return lines;
}

export function verifyText(report: VerifyReport): string {
  return `${[...chainLines(report), ...projectionLines(report), report.ok ? 'OK' : 'FAILED'].join('\n')}\n`;
}
