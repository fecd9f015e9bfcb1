/**
 * The read side the JSON API and the demo show: spending per agreement and month, proration
 * lines. From the projections when the engine has them (`ProjectionReadViews`), else computed
 * from the agreements' own state and history (`StateReadViews`); both give the same rows.
 */
import { BILLING_AGREEMENT_STREAM_PREFIX, billingAgreements } from '../../application/aggregates/billing-agreement.js';
import type { BillingEngine } from '../../application/engine.js';
import { decodeEvent } from '../../application/event-codec.js';
import { remainingOf, type BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import { isCurrency, money } from '../../domain/shared/money.js';
import { own } from '../../domain/shared/records.js';
import { moneyJson, type MoneyJson } from './json-views.js';

export interface SpendingRow {
  readonly amazonBillingAgreementId: string;
  /** YYYY-MM, a calendar month in UTC (the monthly limit's window). */
  readonly month: string;
  readonly limit: MoneyJson;
  /** Authorized and not declined in the month: what counts against the limit. */
  readonly charged: MoneyJson;
  readonly remaining: MoneyJson;
}

export interface ProrationLine {
  readonly at: string;
  readonly fromPlanId: string;
  readonly toPlanId: string;
  readonly policy: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly fraction: string;
  readonly credit: MoneyJson;
  readonly charge: MoneyJson;
  readonly net: MoneyJson;
  readonly settlement: string;
}

/** An agreement in a list: its id, state and limit. */
export interface AgreementSummary {
  readonly amazonBillingAgreementId: string;
  readonly state: string;
  readonly paused: boolean;
  readonly limit: MoneyJson;
}

export interface ReadViews {
  /** The month's rows of one seller's agreements. */
  spending(month: string, sellerId: string): Promise<readonly SpendingRow[]>;
  /** One seller's agreements, by id. */
  agreements(sellerId: string): Promise<readonly AgreementSummary[]>;
  prorations(billingAgreementId: string): Promise<readonly ProrationLine[]>;
}

/** Reads every agreement's state: linear in the history, for engines built without a projection store. */
export class StateReadViews implements ReadViews {
  constructor(private readonly engine: BillingEngine) {}

  async spending(month: string, sellerId: string): Promise<readonly SpendingRow[]> {
    const windowStart = `${month}-01T00:00:00.000Z`;
    const rows: SpendingRow[] = [];
    for (const id of await this.agreementIds()) {
      const a = await this.engine.billingAgreement(id);
      if (a === undefined || a.sellerId !== sellerId) continue;
      // As the projection: a row only for a month in which something was authorized (the ledger keeps every month).
      const charged = own((await this.engine.agreementLedger(id)).consumedByWindow, windowStart);
      if (charged === undefined) continue;
      rows.push({
        amazonBillingAgreementId: a.id,
        month,
        limit: moneyJson(a.monthlyLimit),
        charged: moneyJson(money(charged, a.monthlyLimit.currency)),
        remaining: moneyJson(money(remainingOf(a.monthlyLimit.amount, charged), a.monthlyLimit.currency)),
      });
    }
    return rows;
  }

  async agreements(sellerId: string): Promise<readonly AgreementSummary[]> {
    const found: AgreementSummary[] = [];
    for (const id of await this.agreementIds()) {
      const a = await this.engine.billingAgreement(id);
      if (a !== undefined && a.sellerId === sellerId) found.push({ amazonBillingAgreementId: a.id, state: a.status.state, paused: a.paused, limit: moneyJson(a.monthlyLimit) });
    }
    return found;
  }

  async prorations(billingAgreementId: string): Promise<readonly ProrationLine[]> {
    const lines: ProrationLine[] = [];
    for await (const stored of this.engine.deps.store.readStream(billingAgreements.streamId(billingAgreementId))) {
      const e = decodeEvent<BillingAgreementEvent>(billingAgreements, stored);
      if (e.type !== 'PlanChanged') continue;
      lines.push({
        at: e.at,
        fromPlanId: e.fromPlanId,
        toPlanId: e.toPlanId,
        policy: e.policy,
        periodStart: e.periodStart,
        periodEnd: e.periodEnd,
        fraction: e.fractionDecimal,
        credit: moneyJson(e.credit),
        charge: moneyJson(e.charge),
        net: moneyJson(e.net),
        settlement: e.settlement,
      });
    }
    return lines;
  }

  private async agreementIds(): Promise<string[]> {
    const ids = new Set<string>();
    for await (const stored of this.engine.deps.store.readAll()) {
      if (stored.streamId.startsWith(BILLING_AGREEMENT_STREAM_PREFIX)) ids.add(stored.streamId.slice(BILLING_AGREEMENT_STREAM_PREFIX.length));
    }
    return [...ids].sort();
  }
}

const amount = (minor: number, currency: string): MoneyJson => (isCurrency(currency) ? moneyJson(money(minor, currency)) : { amount: String(minor), currency });

/** The spending and proration projections (application/projections/), caught up on every query. */
export class ProjectionReadViews implements ReadViews {
  constructor(private readonly engine: BillingEngine) {}

  async spending(month: string, sellerId: string): Promise<readonly SpendingRow[]> {
    const own = new Set((await this.engine.projections.agreements({ sellerId })).map((a) => a.billingAgreementId));
    return (await this.engine.projections.spending(month)).filter((row) => own.has(row.billingAgreementId)).map((row) => ({
      amazonBillingAgreementId: row.billingAgreementId,
      month: row.month,
      limit: amount(row.limitAmount, row.currency),
      charged: amount(row.authorizedAmount, row.currency),
      remaining: amount(row.remainingBalance, row.currency),
    }));
  }

  async agreements(sellerId: string): Promise<readonly AgreementSummary[]> {
    const rows = await this.engine.projections.agreements({ sellerId });
    return rows
      .map((row) => ({ amazonBillingAgreementId: row.billingAgreementId, state: row.state, paused: row.paused, limit: amount(row.monthlyLimitAmount, row.currency) }))
      .sort((a, b) => a.amazonBillingAgreementId.localeCompare(b.amazonBillingAgreementId));
  }

  async prorations(billingAgreementId: string): Promise<readonly ProrationLine[]> {
    const rows = (await this.engine.projections.proration()).filter((row) => row.billingAgreementId === billingAgreementId);
    return rows.map((row) => ({
      at: row.changedAt,
      fromPlanId: row.fromPlanId,
      toPlanId: row.toPlanId,
      policy: row.policy,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      fraction: row.fractionDecimal,
      credit: amount(row.creditAmount, row.currency),
      charge: amount(row.chargeAmount, row.currency),
      net: amount(row.netAmount, row.currency),
      settlement: row.settlement,
    }));
  }
}

/** The projections when the engine has them, else the state. */
export const readViewsFor = (engine: BillingEngine): ReadViews => (engine.deps.projections ? new ProjectionReadViews(engine) : new StateReadViews(engine));
