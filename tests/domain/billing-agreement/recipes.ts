/**
 * Arbitraries of billing agreement commands for the model-based properties. Each recipe advances
 * the clock and builds its command from the current time and a running sequence number (ids).
 * Small value sets make repeats, duplicates and stale facts likely.
 */
import fc from 'fast-check';
import type { BillingAgreementCommand } from '../../../domain/billing-agreement/index.js';
import { AUTHORIZATION_DECLINE_REASONS, type AuthorizationOutcome } from '../../../domain/shared/amazon.js';
import { money } from '../../../domain/shared/money.js';
import { REPORTED_CONSTRAINT_IDS, AGREEMENT_STATES } from '../../../domain/billing-agreement/types.js';

export const PROPERTY_BA = 'C03-9999999-9999999';

export interface Recipe {
  readonly label: string;
  readonly advanceMs: number;
  readonly build: (ctx: { readonly now: string; readonly sequence: number }) => BillingAgreementCommand;
}

const jpy = (amount: number) => money(amount, 'JPY');
const advance = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 60 * 60_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 20 * 86_400_000 }), weight: 1 },
);
const amazonTimestamp = fc.constantFrom('2026-11-02T00:00:00Z', '2026-11-05T00:00:00Z', '2026-11-09T00:00:00Z', '2026-12-20T00:00:00Z');
const descriptor = fc.constantFrom('Visa ****1111', 'JCB ****5555');
const address = fc.constantFrom({ addressLine1: '1-2-3 Shibuya', countryCode: 'JP' }, { addressLine1: '4-5-6 Meguro', countryCode: 'JP' });
const outcome: fc.Arbitrary<AuthorizationOutcome> = fc.oneof(
  fc.constant({ state: 'Open' } as const),
  fc.constant({ state: 'Pending' } as const),
  fc.record({ state: fc.constant('Declined' as const), reasonCode: fc.constantFrom(...AUTHORIZATION_DECLINE_REASONS), softDecline: fc.boolean() }),
);

function recipe<T>(name: string, values: fc.Arbitrary<T>, build: (v: T, ctx: { now: string; sequence: number }) => Omit<BillingAgreementCommand, 'billingAgreementId' | 'at'>): fc.Arbitrary<Recipe> {
  return fc.tuple(values, advance).map(([v, advanceMs]) => ({
    label: `${name}(${JSON.stringify(v)}, +${advanceMs}ms)`,
    advanceMs,
    build: (ctx) => ({ ...build(v, ctx), billingAgreementId: PROPERTY_BA, at: ctx.now }) as BillingAgreementCommand,
  }));
}

const none = fc.constant(null);
/** Drawn four times as often: money operations, so that limits and counts are reached. */
const often = (arb: fc.Arbitrary<Recipe>): fc.Arbitrary<Recipe>[] => [arb, arb, arb, arb];

export const commandArbitraries: fc.Arbitrary<Recipe>[] = [
  recipe('Create', none, () => ({ type: 'CreateBillingAgreement', sellerId: 'S', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'B', email: 'b@example.jp' } })),
  recipe('Consent', none, () => ({ type: 'GiveBuyerConsent' })),
  ...often(recipe('SelectPaymentMethod', descriptor, (d) => ({ type: 'SelectPaymentMethod', descriptor: d }))),
  recipe('SelectAddress', address, (destination) => ({ type: 'SelectAddress', destination })),
  recipe('Confirm', none, () => ({ type: 'ConfirmBillingAgreement' })),
  recipe('ReportConstraint', fc.constantFrom(...REPORTED_CONSTRAINT_IDS), (constraintId) => ({ type: 'ReportConstraint', constraintId })),
  recipe('Validate', fc.option(fc.constantFrom(...AUTHORIZATION_DECLINE_REASONS)), (reason) => ({
    type: 'ValidateBillingAgreement',
    outcome: reason === null ? { result: 'Success' } : { result: 'Failure', failureReasonCode: reason },
  })),
  ...often(recipe(
    'Authorize',
    fc.record({ ref: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5'), amount: fc.constantFrom(1, 1_000, 10_000, 20_000, 30_000, 50_000), recurring: fc.boolean(), outcome, timeout: fc.constantFrom(0, 1440) }),
    (v, ctx) => ({
      type: 'AuthorizeOnBillingAgreement',
      authorizationId: `A${ctx.sequence}`,
      orderReferenceId: `S${ctx.sequence}`,
      authorizationReferenceId: v.ref,
      amount: jpy(v.amount),
      chargeType: v.recurring ? 'Recurring' : 'OneOff',
      transactionTimeout: v.timeout,
      captureNow: false,
      outcome: v.outcome,
    }),
  )),
  recipe('RecordAuthorizationOutcome', fc.tuple(fc.integer({ min: 0, max: 40 }), outcome), ([n, o]) => ({
    type: 'RecordAuthorizationOutcome',
    authorizationId: `A${n}`,
    outcome: o.state === 'Pending' ? { state: 'Open' } : o,
  })),
  ...often(recipe('CreateOneTimeOrder', fc.constantFrom('O1', 'O2', 'O3'), (id) => ({ type: 'CreateOneTimeOrder', orderReferenceId: id, orderTotal: jpy(500), confirmNow: true, inheritShippingAddress: true }))),
  recipe('Close', none, () => ({ type: 'CloseBillingAgreement', closureReason: 'done' })),
  recipe('ExpireStaleDraft', none, () => ({ type: 'ExpireStaleDraft' })),
  recipe('Pause', none, () => ({ type: 'PauseRecurringCharges' })),
  recipe('Resume', none, () => ({ type: 'ResumeRecurringCharges' })),
  recipe('SelectPlan', fc.constantFrom(500, 1_000), (price) => ({ type: 'SelectPlan', planId: `p${price}`, price: jpy(price), anchorDay: 31 })),
  recipe('ChangePlan', fc.tuple(fc.constantFrom(300, 1_000, 3_000), fc.constantFrom('days', 'seconds') as fc.Arbitrary<'days' | 'seconds'>), ([price, policy]) => ({
    type: 'ChangePlan',
    planId: `p${price}`,
    price: jpy(price),
    policy,
  })),
  recipe('RaiseLimit', fc.constantFrom(60_000, 100_000), (amount) => ({ type: 'ChangeMonthlyLimit', monthlyLimit: jpy(amount) })),
  recipe('RecordStatus', fc.tuple(fc.constantFrom(...AGREEMENT_STATES), fc.constantFrom('BuyerClosed', 'AmazonCanceled', 'InvalidPaymentMethod'), amazonTimestamp), ([state, reasonCode, ts]) => ({
    type: 'RecordBillingAgreementStatus',
    state,
    reasonCode,
    lastUpdateTimestamp: ts,
  })),
  recipe('RecordPaymentMethodUpdate', amazonTimestamp, (ts) => ({ type: 'RecordPaymentMethodUpdate', lastUpdateTimestamp: ts })),
  recipe('RecordAddressUpdate', fc.tuple(amazonTimestamp, fc.boolean(), address), ([ts, both, destination]) => ({
    type: 'RecordAddressUpdate',
    destination,
    paymentMethodUpdated: both,
    lastUpdateTimestamp: ts,
  })),
];

