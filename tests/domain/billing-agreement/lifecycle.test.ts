import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingAgreementCommand, BillingAgreementEvent } from '../../../domain/billing-agreement/index.js';
import { money } from '../../../domain/shared/money.js';
import {
  ADDRESS,
  BA,
  LATER,
  T0,
  T1,
  T2,
  addressSelected,
  authorizeCommand,
  closedHistory,
  confirmCommand,
  created,
  givenAgreement,
  jpy,
  openHistory,
  paymentSelected,
  suspendedHistory,
} from './fixtures.js';

const test = suite('billing agreement: one-time orders, closing, stale drafts');

const oneTime = (orderReferenceId: string, at = T2): BillingAgreementCommand => ({
  type: 'CreateOneTimeOrder',
  billingAgreementId: BA,
  at,
  orderReferenceId,
  orderTotal: jpy(3_000),
  confirmNow: true,
  inheritShippingAddress: true,
});

test('a Draft agreement without consent allows exactly one order, which inherits the method and address', () => {
  const draft = [created, addressSelected(), paymentSelected()];
  givenAgreement(draft)
    .when(oneTime('S03-1'))
    .then([
      {
        type: 'OneTimeOrderCreated',
        billingAgreementId: BA,
        at: T2,
        orderReferenceId: 'S03-1',
        orderTotal: jpy(3_000),
        fromDraft: true,
        paymentMethod: 'Visa ****1111',
        destination: ADDRESS,
        confirmNow: true,
      },
    ]);
  const after = [...draft, ...givenAgreement(draft).when(oneTime('S03-1')).events()];
  const state = givenAgreement(after).state;
  assert.ok(state.exists && state.agreement.used, 'the agreement counts as used');
  givenAgreement(after).when(oneTime('S03-2')).rejects('OrderReferenceCountExceeded');
  givenAgreement(after).when(oneTime('S03-1')).thenNothing();
});

test('an Open agreement allows any number of orders', () => {
  let history: BillingAgreementEvent[] = [...openHistory];
  for (const id of ['S03-1', 'S03-2', 'S03-3']) history = [...history, ...givenAgreement(history).when(oneTime(id)).events()];
  const state = givenAgreement(history).state;
  assert.equal(state.exists && state.agreement.oneTimeOrderIds, ['S03-1', 'S03-2', 'S03-3']);
});

test('a Suspended or Closed agreement allows no order', () => {
  givenAgreement(suspendedHistory).when(oneTime('S03-1', LATER)).rejects('InvalidBillingAgreementStatus');
  givenAgreement(closedHistory).when(oneTime('S03-1', LATER)).rejects('InvalidBillingAgreementStatus');
});

test('an order from a Draft with no payment method selected is refused with PaymentPlanNotSet', () => {
  const rejection = givenAgreement([created]).when(oneTime('S03-1')).rejects('BillingAgreementConstraintsExist');
  assert.match(JSON.stringify(rejection.details), 'PaymentPlanNotSet');
});

test('an order total in another currency is refused with CurrencyMismatch', () => {
  givenAgreement(openHistory).when({ ...oneTime('S03-1'), orderTotal: money(100, 'EUR') } as BillingAgreementCommand).rejects('CurrencyMismatch');
});

const close: BillingAgreementCommand = { type: 'CloseBillingAgreement', billingAgreementId: BA, at: LATER, closureReason: 'Customer cancelled the plan' };

test('closing an Open agreement records SellerClosed with the closure reason', () => {
  givenAgreement(openHistory)
    .when(close)
    .then([{ type: 'BillingAgreementClosed', billingAgreementId: BA, at: LATER, reasonCode: 'SellerClosed', reasonDescription: 'Customer cancelled the plan' }]);
});

test('closing a Suspended agreement records SellerClosed', () => {
  assert.equal(givenAgreement(suspendedHistory).when(close).events().map((e) => e.type), ['BillingAgreementClosed']);
});

test('closing a Draft agreement is refused with InvalidBillingAgreementStatus', () => {
  givenAgreement([created]).when(close).rejects('InvalidBillingAgreementStatus');
});

test('closing a Closed agreement again succeeds and records nothing', () => {
  givenAgreement(closedHistory).when(close).thenNothing();
});

test('a Closed agreement absorbs intent: no charge, no selection, no confirmation, no pause', () => {
  givenAgreement(closedHistory).when(authorizeCommand({ at: LATER })).rejects('InvalidBillingAgreementStatus');
  givenAgreement(closedHistory).when({ type: 'SelectPaymentMethod', billingAgreementId: BA, at: LATER, descriptor: 'x' }).rejects('InvalidBillingAgreementStatus');
  givenAgreement(closedHistory).when(confirmCommand(LATER)).rejects('InvalidBillingAgreementStatus');
  givenAgreement(closedHistory).when({ type: 'PauseRecurringCharges', billingAgreementId: BA, at: LATER }).rejects('InvalidBillingAgreementStatus');
});

const sweep = (at: string): BillingAgreementCommand => ({ type: 'ExpireStaleDraft', billingAgreementId: BA, at });

test('a Draft is not stale before 3 hours and is Canceled / Stale at 3 hours', () => {
  givenAgreement([created]).when(sweep('2026-11-01T02:59:59.999Z')).thenNothing();
  givenAgreement([created])
    .when(sweep('2026-11-01T03:00:00.000Z'))
    .then([
      {
        type: 'BillingAgreementCanceled',
        billingAgreementId: BA,
        at: '2026-11-01T03:00:00.000Z',
        reasonCode: 'Stale',
        reasonDescription: 'The billing agreement was not confirmed within 3 hours.',
      },
    ]);
});

test('the stale sweep leaves a confirmed agreement alone', () => {
  givenAgreement(openHistory).when(sweep('2027-01-01T00:00:00.000Z')).thenNothing();
});

test('confirming a Draft after 3 hours is refused with InvalidBillingAgreementStatus', () => {
  const ready = [created, { type: 'BuyerConsentGiven', billingAgreementId: BA, at: T1 } as const, addressSelected(), paymentSelected()];
  givenAgreement(ready).when(confirmCommand('2026-11-01T03:00:00.000Z')).rejects('InvalidBillingAgreementStatus');
  assert.is(givenAgreement(ready).when(confirmCommand('2026-11-01T02:59:00.000Z')).events().length, 3);
});

test('a Canceled agreement absorbs everything', () => {
  const canceled = [created, { type: 'BillingAgreementCanceled', billingAgreementId: BA, at: T0, reasonCode: 'Stale' } as const];
  givenAgreement(canceled).when(close).rejects('InvalidBillingAgreementStatus');
  givenAgreement(canceled).when(sweep(LATER)).thenNothing();
  givenAgreement(canceled).when({ type: 'GiveBuyerConsent', billingAgreementId: BA, at: LATER }).rejects('InvalidBillingAgreementStatus');
});

test.run();
