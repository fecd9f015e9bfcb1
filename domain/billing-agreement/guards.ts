/** Checks shared by the billing agreement's decisions. */
import { DRAFT_STALE_AFTER_HOURS, isStaleDraft } from '../policy.js';
import { reject, type Decision } from '../shared/decision.js';
import type { Instant } from '../shared/time.js';
import { constraintsOf } from './constraints.js';
import type { BillingAgreementErrorCode } from './errors.js';
import type { BillingAgreementEvent } from './events.js';
import type { Agreement, BillingAgreementState } from './state.js';
import { isTerminal, type AgreementState, type Constraint } from './types.js';

export type AgreementDecision = Decision<BillingAgreementEvent, BillingAgreementErrorCode>;

export function withAgreement(state: BillingAgreementState, id: string, decide: (a: Agreement) => AgreementDecision): AgreementDecision {
  if (!state.exists) return reject('InvalidBillingAgreementId', `billing agreement '${id}' does not exist`, { billingAgreementId: id });
  return decide(state.agreement);
}

export { isStaleDraft };

export function wrongStatus(a: Agreement, action: string): AgreementDecision {
  return reject('InvalidBillingAgreementStatus', `${action} is not allowed on a billing agreement in state ${a.status.state}`, {
    billingAgreementId: a.id,
    state: a.status.state,
  });
}

/**
 * The rejection for an intent command outside `allowed` states (terminal states never allowed,
 * a stale Draft counts as Canceled), or undefined when it may go on.
 */
export function statusGuard(a: Agreement, at: Instant, allowed: readonly AgreementState[], action: string): AgreementDecision | undefined {
  if (isTerminal(a.status.state) || !allowed.includes(a.status.state)) return wrongStatus(a, action);
  if (isStaleDraft(a, at)) {
    return reject('InvalidBillingAgreementStatus', `${action}: the Draft billing agreement was not confirmed within ${DRAFT_STALE_AFTER_HOURS} hours`, {
      billingAgreementId: a.id,
      state: 'Draft',
    });
  }
  return undefined;
}

export function constraintsExist(id: string, left: readonly Constraint[]): AgreementDecision {
  return reject('BillingAgreementConstraintsExist', `the billing agreement has constraints: ${left.map((c) => c.constraintId).join(', ')}`, {
    billingAgreementId: id,
    constraints: left.map((c) => ({ constraintId: c.constraintId, description: c.description })),
  });
}

export function constraintsGuard(a: Agreement): AgreementDecision | undefined {
  const left = constraintsOf(a);
  return left.length === 0 ? undefined : constraintsExist(a.id, left);
}

export function currencyGuard(a: Agreement, currency: string, what: string): AgreementDecision | undefined {
  if (currency === a.monthlyLimit.currency) return undefined;
  return reject('CurrencyMismatch', `${what} is in ${currency}, the billing agreement in ${a.monthlyLimit.currency}`, {
    expected: a.monthlyLimit.currency,
    actual: currency,
  });
}

export function positiveGuard(amount: number, what: string): AgreementDecision | undefined {
  return amount > 0 ? undefined : reject('InvalidParameterValue', `${what} must be greater than zero`, { field: what });
}

/** The first rejection among the guards, if any. */
export function firstRejection(...guards: (() => AgreementDecision | undefined)[]): AgreementDecision | undefined {
  for (const guard of guards) {
    const rejection = guard();
    if (rejection) return rejection;
  }
  return undefined;
}
