/** Proration lines: one row per plan change (DOMAIN.md §4, §4.1), everything the event recorded. */
import { utcMonthKey } from '../../domain/shared/time.js';
import type { Projection } from './projection.js';
import { write, type Table } from './tables.js';

/** Amounts are integers in minor units of `currency`; credit ≤ 0 ≤ charge; net = credit + charge. */
export type ProrationLineRow = {
  /** The PlanChanged event's id: one row per plan change. */
  readonly eventId: string;
  readonly billingAgreementId: string;
  /** The instant the change took effect (the command's time). */
  readonly changedAt: string;
  /** "2026-11": the UTC month of `changedAt`. */
  readonly month: string;
  readonly fromPlanId: string;
  readonly toPlanId: string;
  readonly currency: string;
  readonly oldPriceAmount: number;
  readonly newPriceAmount: number;
  /** `seconds` or `days` (DOMAIN.md §4.1). */
  readonly policy: string;
  readonly timeZone: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** The exact fraction "num/den" and the same with 9 decimals. */
  readonly fraction: string;
  readonly fractionDecimal: string;
  readonly creditAmount: number;
  readonly chargeAmount: number;
  readonly netAmount: number;
  readonly rounding: string;
  /** `ChargeNow` (a net charge, authorized now), `CarryCredit` (a net credit, carried to the next period) or `NothingDue`. */
  readonly settlement: string;
};

export const prorationLines: Table<ProrationLineRow> = {
  name: 'proration_lines',
  key: ['eventId'],
  internal: false,
  columns: {
    eventId: 'text',
    billingAgreementId: 'text',
    changedAt: 'text',
    month: 'text',
    fromPlanId: 'text',
    toPlanId: 'text',
    currency: 'text',
    oldPriceAmount: 'integer',
    newPriceAmount: 'integer',
    policy: 'text',
    timeZone: 'text',
    periodStart: 'text',
    periodEnd: 'text',
    fraction: 'text',
    fractionDecimal: 'text',
    creditAmount: 'integer',
    chargeAmount: 'integer',
    netAmount: 'integer',
    rounding: 'text',
    settlement: 'text',
  },
};

export const prorationProjection: Projection = {
  name: 'proration',
  tables: [prorationLines],
  eventTypes: new Set(['PlanChanged']),
  evolve: (_rows, { eventId, event: e }) => {
    if (e.type !== 'PlanChanged') return [];
    return [
      write(prorationLines, {
        eventId,
        billingAgreementId: e.billingAgreementId,
        changedAt: e.at,
        month: utcMonthKey(e.at),
        fromPlanId: e.fromPlanId,
        toPlanId: e.toPlanId,
        currency: e.newPrice.currency,
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
      }),
    ];
  },
};
