/**
 * Money on the agreement: AuthorizeOnBillingAgreement and the monthly limit (DOMAIN.md §2.4,
 * §2.5, §2.6), settling pending authorizations, validation, one-time orders (§2.3).
 */
import { accept, nothing, reject } from '../shared/decision.js';
import { formatAmount, money } from '../shared/money.js';
import { own } from '../shared/records.js';
import { checkReference, fingerprint } from '../shared/reference-ids.js';
import { utcMonthWindow, type Instant } from '../shared/time.js';
import type { AuthorizeOnBillingAgreement, CreateOneTimeOrder, RecordAuthorizationOutcome, ValidateBillingAgreement } from './commands.js';
import type { BillingAgreementEvent } from './events.js';
import { constraint } from './constraints.js';
import { constraintsExist, constraintsGuard, currencyGuard, firstRejection, positiveGuard, statusGuard, withAgreement, type AgreementDecision } from './guards.js';
import type { Agreement, BillingAgreementState } from './state.js';

/** What is left of the limit in the UTC month window containing `at` (never negative). */
/** Amazon's CurrentRemainingBalance of a window (minor units): what the limit leaves, never below zero. */
export const remainingOf = (limitAmount: number, consumedAmount: number): number => Math.max(0, limitAmount - consumedAmount);

export function remainingBalance(a: Agreement, at: Instant): number {
  return remainingOf(a.monthlyLimit.amount, a.consumedByWindow[utcMonthWindow(at).start] ?? 0);
}

export function authorizationFingerprint(c: AuthorizeOnBillingAgreement): string {
  return fingerprint({
    amount: c.amount,
    chargeType: c.chargeType,
    transactionTimeout: c.transactionTimeout,
    captureNow: c.captureNow,
    sellerAuthorizationNote: c.sellerAuthorizationNote,
    softDescriptor: c.softDescriptor,
    sellerNote: c.sellerNote,
  });
}

function limitGuard(a: Agreement, c: AuthorizeOnBillingAgreement): AgreementDecision | undefined {
  const remaining = remainingBalance(a, c.at);
  if (c.amount.amount <= remaining) return undefined;
  const left = money(remaining, a.monthlyLimit.currency);
  return reject('PeriodicAmountExceeded', `the authorization exceeds the monthly limit: ${formatAmount(left)} ${left.currency} remain this month`, {
    billingAgreementId: a.id,
    remainingBalance: { amount: left.amount, currency: left.currency },
    monthlyLimit: { amount: a.monthlyLimit.amount, currency: a.monthlyLimit.currency },
  });
}

function outcomeEvents(a: Agreement, authorizationId: string, outcome: RecordAuthorizationOutcome['outcome'], at: Instant): BillingAgreementEvent[] {
  const base = { billingAgreementId: a.id, authorizationId, at };
  if (outcome.state === 'Open') return [{ ...base, type: 'AuthorizationApproved' }];
  const declined: BillingAgreementEvent = { ...base, type: 'AuthorizationDeclined', reasonCode: outcome.reasonCode, softDecline: outcome.softDecline };
  // Only InvalidPaymentMethod suspends; the other decline reasons leave the agreement Open.
  if (outcome.reasonCode !== 'InvalidPaymentMethod' || a.status.state !== 'Open') return [declined];
  return [declined, { type: 'BillingAgreementSuspended', billingAgreementId: a.id, at, reasonCode: 'InvalidPaymentMethod' }];
}

export function authorize(c: AuthorizeOnBillingAgreement, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const print = authorizationFingerprint(c);
    const existing = own(a.authorizations, c.authorizationReferenceId);
    const reference = checkReference(
      c.authorizationReferenceId,
      existing && { kind: 'Authorization', fingerprint: existing.fingerprint, objectId: existing.authorizationId },
      'Authorization',
      print,
    );
    if (reference.kind === 'repeat') return nothing;
    // Every reference id on an agreement is an authorization's: only DuplicateRequest can come
    // back here; DuplicateReferenceId across kinds is the seller namespace's (domain/reference-id).
    if (reference.kind === 'rejected') return reference.decision as AgreementDecision;
    const refused = firstRejection(
      () => statusGuard(a, c.at, ['Open'], 'AuthorizeOnBillingAgreement'),
      () => constraintsGuard(a),
      () => (a.paused && c.chargeType === 'Recurring' ? pausedRejection(a) : undefined),
      () => positiveGuard(c.amount.amount, 'AuthorizationAmount'),
      () => currencyGuard(a, c.amount.currency, 'the authorization amount'),
      () => (c.transactionTimeout === 0 && c.outcome.state === 'Pending' ? syncPending() : undefined),
      () => limitGuard(a, c),
    );
    if (refused) return refused;
    const requested: BillingAgreementEvent = {
      type: 'AuthorizationRequested',
      billingAgreementId: a.id,
      at: c.at,
      authorizationId: c.authorizationId,
      authorizationReferenceId: c.authorizationReferenceId,
      orderReferenceId: c.orderReferenceId,
      amount: c.amount,
      chargeType: c.chargeType,
      windowStart: utcMonthWindow(c.at).start,
      fingerprint: print,
      captureNow: c.captureNow,
      transactionTimeout: c.transactionTimeout,
      ...(c.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: c.sellerAuthorizationNote }),
      ...(c.softDescriptor === undefined ? {} : { softDescriptor: c.softDescriptor }),
    };
    if (c.outcome.state === 'Pending') return accept(requested);
    return accept(requested, ...outcomeEvents(a, c.authorizationId, c.outcome, c.at));
  });
}

const pausedRejection = (a: Agreement): AgreementDecision =>
  reject('RecurringChargesPaused', 'recurring charges are paused for this billing agreement; one-off charges remain allowed', {
    billingAgreementId: a.id,
  });

const syncPending = (): AgreementDecision =>
  reject('InvalidParameterValue', 'a synchronous authorization (TransactionTimeout 0) cannot end Pending', { field: 'TransactionTimeout' });

/** A pending authorization settles. An Amazon fact: settling it again changes nothing. */
export function recordOutcome(c: RecordAuthorizationOutcome, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const reference = own(a.authorizationReferenceById, c.authorizationId);
    const auth = reference === undefined ? undefined : own(a.authorizations, reference);
    if (auth === undefined) {
      return reject('InvalidTransactionId', `no authorization '${c.authorizationId}' on this billing agreement`, {
        authorizationId: c.authorizationId,
      });
    }
    if (auth.state !== 'Pending') return nothing;
    return accept(...outcomeEvents(a, c.authorizationId, c.outcome, c.at));
  });
}

/** ValidateBillingAgreement: InvalidPaymentMethod suspends; success reopens a Suspended agreement. */
export function validate(c: ValidateBillingAgreement, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = statusGuard(a, c.at, ['Open', 'Suspended'], 'ValidateBillingAgreement');
    if (refused) return refused;
    const base = { billingAgreementId: a.id, at: c.at };
    if (c.outcome.result === 'Success') {
      const validated: BillingAgreementEvent = { ...base, type: 'BillingAgreementValidated', result: 'Success' };
      if (a.status.state === 'Open') return accept(validated);
      return accept<BillingAgreementEvent>(validated, { ...base, type: 'BillingAgreementReopened', cause: 'ValidationSucceeded' });
    }
    const failed: BillingAgreementEvent = { ...base, type: 'BillingAgreementValidated', result: 'Failure', failureReasonCode: c.outcome.failureReasonCode };
    if (c.outcome.failureReasonCode !== 'InvalidPaymentMethod' || a.status.state !== 'Open') return accept(failed);
    return accept<BillingAgreementEvent>(failed, { ...base, type: 'BillingAgreementSuspended', reasonCode: 'InvalidPaymentMethod' });
  });
}

/**
 * CreateOrderReferenceForId: from a Draft agreement exactly one order (the agreement then counts
 * as used); from an Open one any number; none from Suspended, Canceled or Closed.
 */
export function createOneTimeOrder(c: CreateOneTimeOrder, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (a.oneTimeOrderIds.includes(c.orderReferenceId)) return nothing;
    const paymentMethod = a.paymentMethod ?? a.pendingPaymentMethod;
    const refused = firstRejection(
      () => statusGuard(a, c.at, ['Draft', 'Open'], 'CreateOrderReferenceForId'),
      () => (a.status.state === 'Draft' && a.oneTimeOrderIds.length > 0 ? countExceeded(a) : undefined),
      () => (a.status.state === 'Open' ? constraintsGuard(a) : undefined),
      () => positiveGuard(c.orderTotal.amount, 'OrderTotal'),
      () => currencyGuard(a, c.orderTotal.currency, 'the order total'),
    );
    if (refused) return refused;
    // The order inherits the agreement's payment method: in a Draft, the one selected so far.
    if (paymentMethod === undefined) return constraintsExist(a.id, [constraint('PaymentPlanNotSet')]);
    const destination = c.inheritShippingAddress ? (a.address ?? a.pendingAddress) : undefined;
    return accept({
      type: 'OneTimeOrderCreated',
      billingAgreementId: a.id,
      at: c.at,
      orderReferenceId: c.orderReferenceId,
      orderTotal: c.orderTotal,
      fromDraft: a.status.state === 'Draft',
      paymentMethod,
      ...(destination === undefined ? {} : { destination }),
      confirmNow: c.confirmNow,
    });
  });
}

const countExceeded = (a: Agreement): AgreementDecision =>
  reject('OrderReferenceCountExceeded', 'a Draft billing agreement allows exactly one order reference', {
    billingAgreementId: a.id,
    orderReferenceIds: [...a.oneTimeOrderIds],
  });
