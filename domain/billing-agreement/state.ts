/**
 * The billing agreement as its history says it is. `evolve` is total and never validates:
 * events are facts, already decided.
 */
import { subtract, zero } from '../shared/money.js';
import { own, without } from '../shared/records.js';
import { previousUtcMonthStart, type Instant } from '../shared/time.js';
import type { Agreement, AgreementStatus, BillingAgreementState } from './agreement.js';
import type { BillingAgreementEvent } from './events.js';
import { evolveLedger, type AgreementLedger } from './ledger.js';
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
    recentlySettled: [],
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

/**
 * How many settled authorizations the state keeps: a client's resend after a timeout names one
 * of its last few charges, answered from the state; an older one is answered through the seller's
 * reference-id namespace and the ledger, as correctly. Each kept record is about 470 characters
 * of every snapshot: with 16 an agreement's snapshot was 6.6 KB on average (bench history), with
 * 4 it is 3.2 KB, most in one page of the file, and a command on a cold agreement parses half as much.
 */
export const RECENT_SETTLED = 4;

/** Month windows the state lets accumulate before it prunes them: pruning every few months costs less than every month. */
const KEPT_WINDOWS = 4;

/**
 * Windows a decision can still need: the month of the newest authorization, the one before (a
 * clock a little behind at the turn of a month), and those of pending authorizations (a decline
 * gives its amount back there). Older ones go once more than KEPT_WINDOWS are kept; they are the ledger's.
 */
function liveWindows(a: AgreementLedger, newest: Instant): Agreement['consumedByWindow'] {
  const windows = Object.keys(a.consumedByWindow);
  if (windows.length <= KEPT_WINDOWS) return a.consumedByWindow;
  const previous = previousUtcMonthStart(newest);
  const older = windows.filter((start) => start < previous);
  if (older.length === 0) return a.consumedByWindow;
  const pending = new Set(Object.values(a.authorizations).filter((auth) => auth.state === 'Pending').map((auth) => auth.windowStart));
  return older.filter((start) => !pending.has(start)).reduce(without, a.consumedByWindow);
}

/** The agreement's fields that are its ledger: the authorizations it keeps, their ids, the windows' consumption. */
export const LEDGER_FIELDS: ReadonlySet<keyof Agreement> = new Set(['authorizations', 'authorizationReferenceById', 'consumedByWindow', 'recentlySettled']);

/**
 * Whether `evolveAgreement(a, e)` leaves every field of `a` but its LEDGER_FIELDS as it is (the
 * same values): a charge's request, and its approval or decline when it moves no watermark. For
 * readers that keep the rest and not the ledger (the agreement status projection), which then
 * need not evolve at all; a property test holds evolveAgreement to it.
 */
export function changesOnlyLedger(a: Agreement, e: BillingAgreementEvent): boolean {
  switch (e.type) {
    case 'AuthorizationRequested':
      return true;
    case 'AuthorizationApproved':
    case 'AuthorizationDeclined':
      return (e.amazonLastUpdateTimestamp ?? a.amazonWatermark) === a.amazonWatermark;
    default:
      return false;
  }
}

/** A pending authorization that settled joins the recent ones; the oldest beyond RECENT_SETTLED leaves the state. */
function settled(before: Agreement, after: AgreementLedger, authorizationId: string): AgreementLedger & Pick<Agreement, 'recentlySettled'> {
  const ref = own(before.authorizationReferenceById, authorizationId);
  if (ref === undefined || own(before.authorizations, ref)?.state !== 'Pending') return { ...after, recentlySettled: before.recentlySettled };
  const recent = [...before.recentlySettled, ref];
  const leaving = recent.length > RECENT_SETTLED ? recent.shift() : undefined;
  const gone = leaving === undefined ? undefined : own(after.authorizations, leaving);
  if (leaving === undefined || gone === undefined) return { ...after, recentlySettled: recent };
  return {
    authorizations: without(after.authorizations, leaving),
    authorizationReferenceById: without(after.authorizationReferenceById, gone.authorizationId),
    consumedByWindow: after.consumedByWindow,
    recentlySettled: recent,
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
    case 'AuthorizationRequested': {
      const ledger = evolveLedger(a, e);
      // Windows go stale only when a new month starts.
      return { ...a, ...ledger, consumedByWindow: Object.hasOwn(a.consumedByWindow, e.windowStart) ? ledger.consumedByWindow : liveWindows(ledger, e.windowStart) };
    }
    case 'AuthorizationApproved':
    case 'AuthorizationDeclined':
      return { ...a, ...settled(a, evolveLedger(a, e), e.authorizationId), ...watermark(a, e.amazonLastUpdateTimestamp) };
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
