/**
 * Naive recomputations of the projections from the full event list, written independently of
 * application/projections: sums over the whole history instead of evolving row by row.
 */
import type { StoredEvent } from '../../application/ports/event-store.js';
import type { AgreementStatusRow } from '../../application/projections/agreement-status.js';
import type { DomainEvent } from '../../application/projections/projection.js';
import type { ProrationLineRow } from '../../application/projections/proration.js';
import type { SpendingRow } from '../../application/projections/spending-tables.js';
import { constraintsOf, emptyLedger, evolve, evolveLedger, initialState, type Agreement, type AgreementLedger, type BillingAgreementEvent, type BillingAgreementState } from '../../domain/billing-agreement/index.js';
import type { PhysicalDestination } from '../../domain/shared/amazon.js';
import { utcMonthKey, utcMonthWindow } from '../../domain/shared/time.js';

const domain = (events: readonly StoredEvent[]): { e: DomainEvent; i: number; id: string }[] =>
  events.map((s, i) => ({ e: s.data as unknown as DomainEvent, i, id: s.eventId }));

interface Contribution {
  readonly ba: string;
  readonly month: string;
  readonly index: number;
  readonly at: string;
  readonly apply: (row: Record<string, number>) => void;
}

function contributions(events: readonly StoredEvent[]): Contribution[] {
  const all = domain(events);
  const out: Contribution[] = [];
  const parentOf = new Map<string, string>();
  const first = <T>(items: readonly T[]): T | undefined => items[0];
  for (const { e, i } of all) {
    if (e.type === 'OrderReferenceCreated' && e.parent !== undefined) parentOf.set(e.orderReferenceId, e.parent.id);
    if (e.type === 'AuthorizationRequested') {
      const month = utcMonthKey(e.windowStart);
      out.push({ ba: e.billingAgreementId, month, index: i, at: e.at, apply: (r) => ((r['authorizedAmount']! += e.amount.amount), (r['authorizationCount']! += 1)) });
      const decline = first(all.filter((x) => x.i > i && x.e.type === 'AuthorizationDeclined' && x.e.billingAgreementId === e.billingAgreementId && x.e.authorizationId === e.authorizationId));
      if (decline !== undefined) {
        const at = (decline.e as BillingAgreementEvent).at;
        out.push({ ba: e.billingAgreementId, month, index: decline.i, at, apply: (r) => ((r['authorizedAmount']! -= e.amount.amount), (r['authorizationCount']! -= 1), (r['declinedAmount']! += e.amount.amount), (r['declinedCount']! += 1)) });
      }
    }
    if (e.type === 'CaptureRequested' || e.type === 'RefundRequested') {
      const ba = parentOf.get(e.orderReferenceId);
      if (ba === undefined) continue;
      const id = e.type === 'CaptureRequested' ? e.captureId : e.refundId;
      const done = first(all.filter((x) => x.i > i && completes(x.e, id)));
      if (done === undefined) continue;
      const [amountField, countField] = e.type === 'CaptureRequested' ? ['capturedAmount', 'captureCount'] : ['refundedAmount', 'refundCount'];
      out.push({ ba, month: utcMonthKey(done.e.at), index: done.i, at: done.e.at, apply: (r) => ((r[amountField]! += e.amount.amount), (r[countField]! += 1)) });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

function completes(e: DomainEvent, id: string): boolean {
  switch (e.type) {
    case 'CaptureCompleted':
      return e.captureId === id;
    case 'CaptureStatusReported':
      return e.captureId === id && (e.status.state === 'Completed' || e.status.state === 'Closed');
    case 'RefundCompleted':
      return e.refundId === id;
    case 'RefundStatusReported':
      return e.refundId === id && e.status.state === 'Completed';
    default:
      return false;
  }
}

const COUNTERS = ['authorizedAmount', 'authorizationCount', 'declinedAmount', 'declinedCount', 'capturedAmount', 'captureCount', 'refundedAmount', 'refundCount'];

export function naiveSpending(events: readonly StoredEvent[]): SpendingRow[] {
  const all = domain(events);
  const limits = new Map<string, { amount: number; currency: string }>();
  const limitChanges: { ba: string; index: number; at: string }[] = [];
  for (const { e, i } of all) {
    if (e.type === 'BillingAgreementCreated' && !limits.has(e.billingAgreementId)) limits.set(e.billingAgreementId, e.monthlyLimit);
    if (e.type === 'MonthlyLimitChanged' && limits.has(e.billingAgreementId)) {
      limits.set(e.billingAgreementId, e.monthlyLimit);
      limitChanges.push({ ba: e.billingAgreementId, index: i, at: e.at });
    }
  }
  const rows = new Map<string, { ba: string; month: string; firstIndex: number; lastIndex: number; updatedAt: string; counters: Record<string, number> }>();
  for (const c of contributions(events)) {
    const key = `${c.ba} ${c.month}`;
    const row = rows.get(key) ?? { ba: c.ba, month: c.month, firstIndex: c.index, lastIndex: c.index, updatedAt: c.at, counters: Object.fromEntries(COUNTERS.map((f) => [f, 0])) };
    c.apply(row.counters);
    rows.set(key, { ...row, lastIndex: c.index, updatedAt: c.at });
  }
  return [...rows.values()].map((row) => {
    const limit = limits.get(row.ba) ?? { amount: 0, currency: '' };
    const laterChange = limitChanges.filter((l) => l.ba === row.ba && l.index > row.firstIndex && l.index > row.lastIndex).at(-1);
    const window = utcMonthWindow(`${row.month}-01T00:00:00Z`);
    const counters = row.counters as Record<(typeof COUNTERS)[number], number>;
    return {
      billingAgreementId: row.ba,
      month: row.month,
      windowStart: window.start,
      windowEnd: window.end,
      currency: limit.currency,
      limitAmount: limit.amount,
      ...(counters as Pick<SpendingRow, 'authorizedAmount' | 'authorizationCount' | 'declinedAmount' | 'declinedCount' | 'capturedAmount' | 'captureCount' | 'refundedAmount' | 'refundCount'>),
      remainingBalance: Math.max(0, limit.amount - (counters['authorizedAmount'] ?? 0)),
      updatedAt: laterChange?.at ?? row.updatedAt,
    };
  });
}

export function naiveProration(events: readonly StoredEvent[]): ProrationLineRow[] {
  return domain(events).flatMap(({ e, id }) =>
    e.type !== 'PlanChanged'
      ? []
      : [
          {
            eventId: id,
            billingAgreementId: e.billingAgreementId,
            changedAt: e.at,
            month: e.at.slice(0, 7),
            fromPlanId: e.fromPlanId,
            toPlanId: e.toPlanId,
            currency: e.oldPrice.currency,
            oldPriceAmount: e.oldPrice.amount,
            newPriceAmount: e.newPrice.amount,
            policy: e.policy,
            timeZone: e.timeZone,
            periodStart: e.periodStart,
            periodEnd: e.periodEnd,
            fraction: e.fraction,
            fractionDecimal: e.fractionDecimal,
            creditAmount: e.credit.amount,
            chargeAmount: e.charge.amount,
            netAmount: e.net.amount,
            rounding: e.rounding,
            settlement: e.settlement,
          },
        ],
  );
}

/** The domain's agreement after its whole stream, for each agreement. */
/** Each agreement's state and full ledger (every month window: the state keeps the live ones). */
export function agreementsOf(events: readonly StoredEvent[]): Map<string, { state: BillingAgreementState; ledger: AgreementLedger; last: BillingAgreementEvent }> {
  const byId = new Map<string, { state: BillingAgreementState; ledger: AgreementLedger; last: BillingAgreementEvent }>();
  for (const { e } of domain(events)) {
    if (!('billingAgreementId' in e)) continue;
    const before = byId.get(e.billingAgreementId);
    byId.set(e.billingAgreementId, { state: evolve(before?.state ?? initialState, e), ledger: evolveLedger(before?.ledger ?? emptyLedger, e), last: e });
  }
  return byId;
}

const line = (d: PhysicalDestination | undefined): string | null =>
  d === undefined ? null : [d.name, d.addressLine1, d.addressLine2, d.addressLine3, d.city, d.district, d.county, d.stateOrRegion, d.postalCode, d.countryCode].filter((p) => p !== undefined && p !== '').join(', ');

export function naiveStatus(events: readonly StoredEvent[]): AgreementStatusRow[] {
  return [...agreementsOf(events).values()].flatMap(({ state, last }) => {
    if (!state.exists) return [];
    const a: Agreement = state.agreement;
    return [
      {
        billingAgreementId: a.id,
        sellerId: a.sellerId,
        marketplace: a.marketplace,
        releaseEnvironment: a.releaseEnvironment,
        state: a.status.state,
        reasonCode: a.status.reasonCode ?? null,
        reasonDescription: a.status.reasonDescription ?? null,
        stateChangedAt: a.status.lastUpdatedTimestamp,
        constraints: constraintsOf(a).map((c) => c.constraintId).join(','),
        consent: a.consent,
        paused: a.paused,
        planId: a.plan?.planId ?? null,
        planPriceAmount: a.plan?.price.amount ?? null,
        currency: a.monthlyLimit.currency,
        paymentMethod: a.paymentMethod ?? null,
        pendingPaymentMethod: a.pendingPaymentMethod ?? null,
        address: line(a.address),
        pendingAddress: line(a.pendingAddress),
        monthlyLimitAmount: a.monthlyLimit.amount,
        carriedCreditAmount: a.carriedCredit.amount,
        createdAt: a.createdAt,
        lastChangedAt: last.at,
        lastEventType: last.type,
      },
    ];
  });
}
