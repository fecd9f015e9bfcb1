/**
 * The billing agreement as its history says it is. `evolve` is total and never validates:
 * events are facts, already decided.
 */
import { subtract, zero, type Money } from '../shared/money.js';
import { own } from '../shared/records.js';
import type { Instant } from '../shared/time.js';
import type { Agreement, AgreementStatus, BillingAgreementState } from './agreement.js';
import type { BillingAgreementEvent } from './events.js';
import type { AgreementState, ReportedConstraintId } from './types.js';

export type { Agreement, AgreementAuthorization, AgreementStatus, BillingAgreementState, Plan } from './agreement.js';

export const initialState: BillingAgreementState = { exists: false };

const METHOD_CONSTRAINTS: ReadonlySet<ReportedConstraintId> = new Set([
  'PaymentMethodNotAllowed',
  'PaymentMethodDeleted',
  'PaymentMethodExpired',
  'BillingAddressDeleted',
  'InvalidPaymentPlan',
]);

/** A newly selected or updated payment method clears the constraints that were about the old one. */
const withoutMethodConstraints = (a: Agreement): Agreement['reportedConstraints'] =>
  a.reportedConstraints.filter((c) => !METHOD_CONSTRAINTS.has(c.constraintId));

function created(e: Extract<BillingAgreementEvent, { type: 'BillingAgreementCreated' }>): Agreement {
  return {
    id: e.billingAgreementId,
    sellerId: e.sellerId,
    marketplace: e.marketplace,
    releaseEnvironment: e.releaseEnvironment,
    buyer: e.buyer,
    requiresShipping: e.requiresShipping,
    buyerIsSeller: e.buyerIsSeller,
    createdAt: e.at,
    status: { state: 'Draft', lastUpdatedTimestamp: e.at },
    consent: false,
    paymentReselectionRequired: false,
    reportedConstraints: [],
    monthlyLimit: e.monthlyLimit,
    consumedByWindow: {},
    authorizations: {},
    authorizationReferenceById: {},
    oneTimeOrderIds: [],
    used: false,
    paused: false,
    carriedCredit: zero(e.monthlyLimit.currency),
  };
}

function moveTo(state: AgreementState, at: Instant, reasonCode?: string, reasonDescription?: string): AgreementStatus {
  return {
    state,
    lastUpdatedTimestamp: at,
    ...(reasonCode === undefined ? {} : { reasonCode }),
    ...(reasonDescription === undefined ? {} : { reasonDescription }),
  };
}

function watermark(a: Agreement, amazonTimestamp: Instant | undefined): Pick<Agreement, 'amazonWatermark'> {
  const mark = amazonTimestamp ?? a.amazonWatermark;
  return mark === undefined ? {} : { amazonWatermark: mark };
}

function consume(a: Agreement, windowStart: Instant, amount: Money, sign: 1 | -1): Agreement['consumedByWindow'] {
  const before = a.consumedByWindow[windowStart] ?? 0;
  return { ...a.consumedByWindow, [windowStart]: before + sign * amount.amount };
}

function settle(a: Agreement, authorizationId: string, state: 'Open' | 'Declined'): Agreement {
  const ref = own(a.authorizationReferenceById, authorizationId);
  const auth = ref === undefined ? undefined : own(a.authorizations, ref);
  if (ref === undefined || auth === undefined) return a;
  const released = state === 'Declined' && auth.state !== 'Declined';
  return {
    ...a,
    authorizations: { ...a.authorizations, [ref]: { ...auth, state } },
    consumedByWindow: released ? consume(a, auth.windowStart, auth.amount, -1) : a.consumedByWindow,
  };
}

export function evolveAgreement(a: Agreement, e: BillingAgreementEvent): Agreement {
  switch (e.type) {
    case 'BillingAgreementCreated':
      return a;
    case 'BillingAgreementDetailsSet': {
      const { sellerNote, platformId, sellerBillingAgreementAttributes } = e;
      return {
        ...a,
        ...(sellerNote === undefined ? {} : { sellerNote }),
        ...(platformId === undefined ? {} : { platformId }),
        ...(sellerBillingAgreementAttributes === undefined ? {} : { sellerBillingAgreementAttributes }),
      };
    }
    case 'BuyerConsentGiven':
      return { ...a, consent: true };
    case 'PaymentMethodSelected':
      return { ...a, pendingPaymentMethod: e.descriptor, paymentReselectionRequired: false, reportedConstraints: withoutMethodConstraints(a) };
    case 'AddressSelected':
      return { ...a, pendingAddress: e.destination, paymentReselectionRequired: true };
    case 'ConstraintReported':
      return { ...a, reportedConstraints: [...a.reportedConstraints.filter((c) => c.constraintId !== e.constraintId), pick(e)] };
    case 'BillingAgreementConfirmed': {
      const { pendingPaymentMethod: _m, pendingAddress: _a, ...rest } = a;
      return { ...rest, status: moveTo('Open', e.at), paymentReselectionRequired: false, ...watermark(a, e.amazonLastUpdateTimestamp) };
    }
    case 'PaymentMethodChanged':
      return {
        ...a,
        ...(e.descriptor === undefined ? {} : { paymentMethod: e.descriptor }),
        reportedConstraints: withoutMethodConstraints(a),
        ...watermark(a, e.amazonLastUpdateTimestamp),
      };
    case 'AddressChanged':
      return { ...a, ...(e.destination === undefined ? {} : { address: e.destination }), ...watermark(a, e.amazonLastUpdateTimestamp) };
    case 'BillingAgreementValidated':
      return a;
    case 'BillingAgreementSuspended':
      return { ...a, status: moveTo('Suspended', e.at, e.reasonCode), ...watermark(a, e.amazonLastUpdateTimestamp) };
    case 'BillingAgreementReopened':
      return { ...a, status: moveTo('Open', e.at), ...watermark(a, e.amazonLastUpdateTimestamp) };
    case 'BillingAgreementClosed':
    case 'BillingAgreementCanceled': {
      const state = e.type === 'BillingAgreementClosed' ? 'Closed' : 'Canceled';
      return { ...a, status: moveTo(state, e.at, e.reasonCode, e.reasonDescription), ...watermark(a, e.amazonLastUpdateTimestamp) };
    }
    case 'AmazonStatusObserved':
      return { ...a, amazonWatermark: e.amazonLastUpdateTimestamp };
    case 'MonthlyLimitChanged':
      return { ...a, monthlyLimit: e.monthlyLimit };
    case 'AuthorizationRequested':
      return {
        ...a,
        authorizations: {
          ...a.authorizations,
          [e.authorizationReferenceId]: {
            authorizationId: e.authorizationId,
            authorizationReferenceId: e.authorizationReferenceId,
            orderReferenceId: e.orderReferenceId,
            amount: e.amount,
            chargeType: e.chargeType,
            windowStart: e.windowStart,
            fingerprint: e.fingerprint,
            captureNow: e.captureNow,
            transactionTimeout: e.transactionTimeout,
            ...(e.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: e.sellerAuthorizationNote }),
            ...(e.softDescriptor === undefined ? {} : { softDescriptor: e.softDescriptor }),
            state: 'Pending',
            requestedAt: e.at,
          },
        },
        authorizationReferenceById: { ...a.authorizationReferenceById, [e.authorizationId]: e.authorizationReferenceId },
        consumedByWindow: consume(a, e.windowStart, e.amount, 1),
      };
    case 'AuthorizationApproved':
      return { ...settle(a, e.authorizationId, 'Open'), ...watermark(a, e.amazonLastUpdateTimestamp) };
    case 'AuthorizationDeclined':
      return { ...settle(a, e.authorizationId, 'Declined'), ...watermark(a, e.amazonLastUpdateTimestamp) };
    case 'OneTimeOrderCreated':
      return { ...a, oneTimeOrderIds: [...a.oneTimeOrderIds, e.orderReferenceId], used: a.used || e.fromDraft };
    case 'RecurringChargesPaused':
      return { ...a, paused: true };
    case 'RecurringChargesResumed':
      return { ...a, paused: false };
    case 'PlanSelected':
      return { ...a, plan: { planId: e.planId, price: e.price, anchorDay: e.anchorDay, timeZone: e.timeZone } };
    case 'PlanChanged': {
      const plan = a.plan === undefined ? undefined : { ...a.plan, planId: e.toPlanId, price: e.newPrice };
      const carried = e.settlement === 'CarryCredit' ? subtract(a.carriedCredit, e.net) : a.carriedCredit;
      return { ...a, ...(plan === undefined ? {} : { plan }), carriedCredit: carried };
    }
  }
}

function pick(e: Extract<BillingAgreementEvent, { type: 'ConstraintReported' }>): Agreement['reportedConstraints'][number] {
  return e.description === undefined ? { constraintId: e.constraintId } : { constraintId: e.constraintId, description: e.description };
}

export function evolve(state: BillingAgreementState, event: BillingAgreementEvent): BillingAgreementState {
  if (event.type === 'BillingAgreementCreated') return state.exists ? state : { exists: true, agreement: created(event) };
  if (!state.exists) return state;
  return { exists: true, agreement: evolveAgreement(state.agreement, event) };
}
