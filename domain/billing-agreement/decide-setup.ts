/**
 * Sign-up and the buyer's widgets: create, details, consent, payment and address selection,
 * confirmation (DOMAIN.md §2, §2.1, §2.2).
 */
import { MARKETPLACE_POLICIES, REQUIRES_SHIPPING_BY_DEFAULT } from '../policy.js';
import { sameDestination } from '../shared/amazon.js';
import { accept, nothing, reject } from '../shared/decision.js';
import type {
  ChangeMonthlyLimit,
  ConfirmBillingAgreement,
  CreateBillingAgreement,
  GiveBuyerConsent,
  ReportConstraint,
  SelectAddress,
  SelectPaymentMethod,
  SetBillingAgreementDetails,
} from './commands.js';
import type { BillingAgreementEvent } from './events.js';
import { constraintsGuard, currencyGuard, firstRejection, positiveGuard, statusGuard, withAgreement, type AgreementDecision } from './guards.js';
import type { Agreement, BillingAgreementState } from './state.js';

export function create(c: CreateBillingAgreement, state: BillingAgreementState): AgreementDecision {
  if (state.exists) {
    return reject('BillingAgreementAlreadyExists', `billing agreement '${c.billingAgreementId}' already exists`, {
      billingAgreementId: c.billingAgreementId,
    });
  }
  const policy = MARKETPLACE_POLICIES[c.marketplace];
  const monthlyLimit = c.monthlyLimit ?? policy.monthlyLimit;
  if (monthlyLimit.currency !== policy.currency) {
    return reject('CurrencyMismatch', `the ${c.marketplace} marketplace charges in ${policy.currency}, not ${monthlyLimit.currency}`, {
      expected: policy.currency,
      actual: monthlyLimit.currency,
    });
  }
  const invalid = positiveGuard(monthlyLimit.amount, 'monthlyLimit');
  if (invalid) return invalid;
  return accept({
    type: 'BillingAgreementCreated',
    billingAgreementId: c.billingAgreementId,
    at: c.at,
    sellerId: c.sellerId,
    marketplace: c.marketplace,
    releaseEnvironment: c.releaseEnvironment,
    buyer: c.buyer,
    requiresShipping: c.requiresShipping ?? REQUIRES_SHIPPING_BY_DEFAULT,
    buyerIsSeller: c.buyerIsSeller ?? false,
    monthlyLimit,
  });
}

/** Only a Draft agreement may be modified (BillingAgreementNotModifiable otherwise). */
export function setDetails(c: SetBillingAgreementDetails, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (a.status.state !== 'Draft') {
      return reject('BillingAgreementNotModifiable', `a billing agreement in state ${a.status.state} cannot be modified`, {
        billingAgreementId: a.id,
        state: a.status.state,
      });
    }
    const refused = statusGuard(a, c.at, ['Draft'], 'SetBillingAgreementDetails');
    if (refused) return refused;
    const { type: _type, ...details } = c;
    return accept({ ...details, type: 'BillingAgreementDetailsSet' });
  });
}

export function giveConsent(c: GiveBuyerConsent, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Giving consent');
    if (refused) return refused;
    return a.consent ? nothing : accept({ type: 'BuyerConsentGiven', billingAgreementId: a.id, at: c.at });
  });
}

/** onPaymentSelect: the buyer may pick several before settling; nothing is in effect before confirmation. */
export function selectPaymentMethod(c: SelectPaymentMethod, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Selecting a payment method');
    if (refused) return refused;
    if (a.pendingPaymentMethod === c.descriptor && !a.paymentReselectionRequired) return nothing;
    return accept({ type: 'PaymentMethodSelected', billingAgreementId: a.id, at: c.at, descriptor: c.descriptor });
  });
}

/** onAddressSelect: Amazon then requires a new payment selection before the next confirmation. */
export function selectAddress(c: SelectAddress, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Selecting an address');
    return refused ?? accept({ type: 'AddressSelected', billingAgreementId: a.id, at: c.at, destination: c.destination });
  });
}

export function reportConstraint(c: ReportConstraint, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Reporting a constraint');
    if (refused) return refused;
    if (a.reportedConstraints.some((k) => k.constraintId === c.constraintId)) return nothing;
    const { type: _type, ...fact } = c;
    return accept({ ...fact, type: 'ConstraintReported' });
  });
}

/** What a confirmation puts into effect: the pending selections that differ from the current ones. */
function changesOnConfirmation(a: Agreement, at: string): BillingAgreementEvent[] {
  const changes: BillingAgreementEvent[] = [];
  const base = { billingAgreementId: a.id, at, source: 'SellerConfirmation' } as const;
  if (a.pendingPaymentMethod !== undefined && a.pendingPaymentMethod !== a.paymentMethod) {
    changes.push({ ...base, type: 'PaymentMethodChanged', descriptor: a.pendingPaymentMethod });
  }
  if (a.pendingAddress !== undefined && !sameDestination(a.pendingAddress, a.address)) {
    changes.push({ ...base, type: 'AddressChanged', destination: a.pendingAddress });
  }
  return changes;
}

export function confirm(c: ConfirmBillingAgreement, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = firstRejection(
      () => statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'ConfirmBillingAgreement'),
      () => constraintsGuard(a),
      () => (a.paymentReselectionRequired ? paymentNotUpdated(a.id, 'the address changed') : undefined),
    );
    if (refused) return refused;
    const pending = a.pendingPaymentMethod !== undefined || a.pendingAddress !== undefined;
    if (a.status.state === 'Open' && !pending) return nothing;
    // A Suspended agreement reopens only with a new payment method (policy).
    if (a.status.state === 'Suspended' && a.pendingPaymentMethod === undefined) return paymentNotUpdated(a.id, 'it is Suspended');
    return accept<BillingAgreementEvent>({ type: 'BillingAgreementConfirmed', billingAgreementId: a.id, at: c.at }, ...changesOnConfirmation(a, c.at));
  });
}

function paymentNotUpdated(id: string, why: string): AgreementDecision {
  return reject('PaymentMethodNotUpdated', `the buyer must select a payment method again before confirmation: ${why}`, {
    billingAgreementId: id,
  });
}

export function changeMonthlyLimit(c: ChangeMonthlyLimit, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    const refused = firstRejection(
      () => statusGuard(a, c.at, ['Draft', 'Open', 'Suspended'], 'Changing the monthly limit'),
      () => currencyGuard(a, c.monthlyLimit.currency, 'the monthly limit'),
      () => positiveGuard(c.monthlyLimit.amount, 'monthlyLimit'),
    );
    if (refused) return refused;
    if (c.monthlyLimit.amount === a.monthlyLimit.amount) return nothing;
    return accept({ type: 'MonthlyLimitChanged', billingAgreementId: a.id, at: c.at, monthlyLimit: c.monthlyLimit });
  });
}
