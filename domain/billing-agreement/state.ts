/**
 * The billing agreement as its history says it is. `evolve` is total and never validates:
 * events are facts, already decided.
 */
import type { Marketplace } from '../policy.js';
import type { Buyer, PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import { subtract, zero, type Money } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type { BillingAgreementEvent } from './events.js';
import type { AgreementState, ChargeType, ReportedConstraintId, SellerBillingAgreementAttributes } from './types.js';

export interface AgreementStatus {
  readonly state: AgreementState;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  /** When the state last changed (Amazon's `LastUpdatedTimestamp`). */
  readonly lastUpdatedTimestamp: Instant;
}

export interface AgreementAuthorization {
  readonly authorizationId: string;
  readonly authorizationReferenceId: string;
  readonly orderReferenceId: string;
  readonly amount: Money;
  readonly chargeType: ChargeType;
  readonly windowStart: Instant;
  readonly fingerprint: string;
  readonly state: 'Pending' | 'Open' | 'Declined';
  readonly requestedAt: Instant;
}

export interface Plan {
  readonly planId: string;
  readonly price: Money;
  readonly anchorDay: number;
  readonly timeZone: string;
}

export interface Agreement {
  readonly id: string;
  readonly sellerId: string;
  readonly marketplace: Marketplace;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly buyer: Buyer;
  readonly requiresShipping: boolean;
  readonly buyerIsSeller: boolean;
  readonly createdAt: Instant;
  readonly status: AgreementStatus;
  /** The newest Amazon LastUpdateTimestamp seen: older facts are stale. */
  readonly amazonWatermark?: Instant;
  readonly consent: boolean;
  /** In effect (shown by GetBillingAgreementDetails). */
  readonly paymentMethod?: string;
  readonly address?: PhysicalDestination;
  /** Selected in the widgets, in effect after the seller's next confirmation. */
  readonly pendingPaymentMethod?: string;
  readonly pendingAddress?: PhysicalDestination;
  /** An address was selected after the last payment selection: Amazon wants a new one. */
  readonly paymentReselectionRequired: boolean;
  readonly reportedConstraints: readonly { readonly constraintId: ReportedConstraintId; readonly description?: string }[];
  readonly sellerNote?: string;
  readonly platformId?: string;
  readonly sellerBillingAgreementAttributes?: SellerBillingAgreementAttributes;
  readonly monthlyLimit: Money;
  /** Minor units consumed per UTC month window, keyed by the window's start. */
  readonly consumedByWindow: Readonly<Record<Instant, number>>;
  /** By AuthorizationReferenceId. */
  readonly authorizations: Readonly<Record<string, AgreementAuthorization>>;
  /** AuthorizationId → AuthorizationReferenceId. */
  readonly authorizationReferenceById: Readonly<Record<string, string>>;
  readonly oneTimeOrderIds: readonly string[];
  /** An order reference was created while Draft: a widget session no longer returns it. */
  readonly used: boolean;
  readonly paused: boolean;
  readonly plan?: Plan;
  /** Net credits of downgrades, carried to the next period. */
  readonly carriedCredit: Money;
}

export type BillingAgreementState = { readonly exists: false } | { readonly exists: true; readonly agreement: Agreement };

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
  const ref = a.authorizationReferenceById[authorizationId];
  const auth = ref === undefined ? undefined : a.authorizations[ref];
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
