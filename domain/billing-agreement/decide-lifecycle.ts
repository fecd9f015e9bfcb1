/**
 * The seller's side of the agreement's life: close, the 3-hour stale sweep, pausing service,
 * plans and plan changes with proration (DOMAIN.md §2, §4, §4.1).
 */
import { MARKETPLACE_POLICIES } from '../policy.js';
import { billingPeriodContaining, prorate } from '../proration/index.js';
import { accept, nothing, reject } from '../shared/decision.js';
import type {
  ChangePlan,
  CloseBillingAgreement,
  ExpireStaleDraft,
  PauseRecurringCharges,
  ResumeRecurringCharges,
  SelectPlan,
} from './commands.js';
import { currencyGuard, firstRejection, isStaleDraft, statusGuard, withAgreement, wrongStatus, type AgreementDecision } from './guards.js';
import type { BillingAgreementState } from './state.js';
import { isTerminal } from './types.js';

/** Policy: closing a Draft is refused; closing a Closed agreement again succeeds with no events. */
export function close(c: CloseBillingAgreement, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (a.status.state === 'Closed') return nothing;
    const refused = statusGuard(a, c.at, ['Open', 'Suspended'], 'CloseBillingAgreement');
    if (refused) return refused;
    return accept({
      type: 'BillingAgreementClosed',
      billingAgreementId: a.id,
      at: c.at,
      reasonCode: 'SellerClosed',
      ...(c.closureReason === undefined ? {} : { reasonDescription: c.closureReason }),
    });
  });
}

/** The sweep decides from the time in the command: a Draft 3 hours old is Canceled / Stale. */
export function expireStaleDraft(c: ExpireStaleDraft, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (!isStaleDraft(a, c.at)) return nothing;
    return accept({
      type: 'BillingAgreementCanceled',
      billingAgreementId: a.id,
      at: c.at,
      reasonCode: 'Stale',
      reasonDescription: 'The billing agreement was not confirmed within 3 hours.',
    });
  });
}

/** A seller fact: Amazon knows nothing of it and the agreement stays Open there. */
export function pause(c: PauseRecurringCharges, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Pausing recurring charges');
    if (refused) return refused;
    if (a.paused) return nothing;
    return accept({ type: 'RecurringChargesPaused', billingAgreementId: a.id, at: c.at, ...(c.reason === undefined ? {} : { reason: c.reason }) });
  });
}

export function resume(c: ResumeRecurringCharges, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (isTerminal(a.status.state)) return wrongStatus(a, 'Resuming recurring charges');
    if (!a.paused) return nothing;
    return accept({ type: 'RecurringChargesResumed', billingAgreementId: a.id, at: c.at });
  });
}

function anchorGuard(anchorDay: number): AgreementDecision | undefined {
  if (Number.isInteger(anchorDay) && anchorDay >= 1 && anchorDay <= 31) return undefined;
  return reject('InvalidParameterValue', `the billing-cycle anchor must be a day of month 1–31, not ${anchorDay}`, { field: 'anchorDay' });
}

function priceGuard(amount: number): AgreementDecision | undefined {
  return amount >= 0 ? undefined : reject('InvalidParameterValue', 'a plan price cannot be negative', { field: 'price' });
}

/** The plan of a new subscription; in a Draft it may be replaced freely (no period has begun). */
export function selectPlan(c: SelectPlan, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = firstRejection(
      () => statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Selecting a plan'),
      () => (a.plan !== undefined && a.status.state !== 'Draft' ? planAlreadySelected(a.id) : undefined),
      () => currencyGuard(a, c.price.currency, 'the plan price'),
      () => priceGuard(c.price.amount),
      () => anchorGuard(c.anchorDay),
    );
    if (refused) return refused;
    const { timeZone } = MARKETPLACE_POLICIES[a.marketplace];
    return accept({
      type: 'PlanSelected',
      billingAgreementId: a.id,
      at: c.at,
      planId: c.planId,
      price: c.price,
      period: 'Monthly',
      anchorDay: c.anchorDay,
      timeZone,
    });
  });
}

const planAlreadySelected = (id: string): AgreementDecision =>
  reject('PlanAlreadySelected', 'the agreement already has a plan: change it with ChangePlan', { billingAgreementId: id });

/** Upgrade or downgrade mid-period: a credit line for the old price and a charge line for the new. */
export function changePlan(c: ChangePlan, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = firstRejection(
      () => statusGuard(a, c.at, ['Open', 'Suspended'], 'Changing the plan'),
      () => currencyGuard(a, c.price.currency, 'the plan price'),
      () => priceGuard(c.price.amount),
    );
    if (refused) return refused;
    const plan = a.plan;
    if (plan === undefined) return reject('PlanNotSelected', 'the agreement has no plan to change', { billingAgreementId: a.id });
    if (plan.planId === c.planId && plan.price.amount === c.price.amount) return nothing;
    const period = billingPeriodContaining(plan.anchorDay, plan.timeZone, c.at);
    const p = prorate({ policy: c.policy, period, changeAt: c.at, timeZone: plan.timeZone, oldPrice: plan.price, newPrice: c.price });
    return accept({
      type: 'PlanChanged',
      billingAgreementId: a.id,
      at: c.at,
      fromPlanId: plan.planId,
      toPlanId: c.planId,
      oldPrice: plan.price,
      newPrice: c.price,
      policy: p.policy,
      timeZone: p.timeZone,
      periodStart: p.period.start,
      periodEnd: p.period.end,
      fraction: p.fraction,
      fractionDecimal: p.fractionDecimal,
      credit: p.credit,
      charge: p.charge,
      net: p.net,
      rounding: p.rounding,
      settlement: p.net.amount > 0 ? 'ChargeNow' : p.net.amount < 0 ? 'CarryCredit' : 'NothingDue',
    });
  });
}
