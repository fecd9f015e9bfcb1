import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { constraintsOf } from '../../../domain/billing-agreement/index.js';
import { money } from '../../../domain/shared/money.js';
import {
  ADDRESS,
  BA,
  OTHER_ADDRESS,
  T0,
  T1,
  T2,
  addressSelected,
  confirmCommand,
  consented,
  created,
  givenAgreement,
  jpy,
  openHistory,
  paymentSelected,
  suspendedHistory,
} from './fixtures.js';

const test = suite('billing agreement: sign-up and widgets');

const create = {
  type: 'CreateBillingAgreement',
  billingAgreementId: BA,
  at: T0,
  sellerId: 'A1SELLER',
  marketplace: 'JP',
  releaseEnvironment: 'Sandbox',
  buyer: { name: 'Hanako Yamada', email: 'hanako@example.jp' },
} as const;

test('creating an agreement records a Draft with the marketplace default limit of 50,000 JPY', () => {
  givenAgreement([]).when(create).then([created]);
  const state = givenAgreement([created]).state;
  assert.ok(state.exists);
  if (state.exists) assert.is(state.agreement.status.state, 'Draft');
});

test('a US agreement gets 500 USD as its default limit', () => {
  const events = givenAgreement([]).when({ ...create, marketplace: 'US' }).events();
  assert.equal(events[0]?.type === 'BillingAgreementCreated' && events[0].monthlyLimit, money(500_00, 'USD'));
});

test('creating an agreement that exists is refused with BillingAgreementAlreadyExists', () => {
  givenAgreement([created]).when(create).rejects('BillingAgreementAlreadyExists');
});

test('a monthly limit in another currency than the marketplace charges in is refused with CurrencyMismatch', () => {
  givenAgreement([]).when({ ...create, monthlyLimit: money(1000, 'USD') }).rejects('CurrencyMismatch');
});

test('a command for an unknown agreement is refused with InvalidBillingAgreementId', () => {
  givenAgreement([]).when(confirmCommand()).rejects('InvalidBillingAgreementId');
});

test('details of a Draft agreement can be set', () => {
  givenAgreement([created])
    .when({ type: 'SetBillingAgreementDetails', billingAgreementId: BA, at: T1, sellerNote: 'welcome' })
    .then([{ type: 'BillingAgreementDetailsSet', billingAgreementId: BA, at: T1, sellerNote: 'welcome' }]);
});

test('setting details of a confirmed agreement is refused with BillingAgreementNotModifiable', () => {
  givenAgreement(openHistory).when({ type: 'SetBillingAgreementDetails', billingAgreementId: BA, at: T2, sellerNote: 'x' }).rejects('BillingAgreementNotModifiable');
});

test('confirming a fresh Draft is refused with BillingAgreementConstraintsExist listing what is missing', () => {
  const rejection = givenAgreement([created]).when(confirmCommand()).rejects('BillingAgreementConstraintsExist');
  const listed = (rejection.details as { constraints: { constraintId: string }[] }).constraints.map((c) => c.constraintId);
  assert.equal(listed, ['BuyerConsentNotSet', 'PaymentPlanNotSet', 'ShippingAddressNotSet']);
});

test('an agreement for digital goods needs no shipping address', () => {
  const digital = { ...created, requiresShipping: false };
  const events = givenAgreement([digital, consented, paymentSelected()]).when(confirmCommand()).events();
  assert.equal(events.map((e) => e.type), ['BillingAgreementConfirmed', 'PaymentMethodChanged']);
});

test('confirming with consent, method and address opens the agreement and puts the selections into effect', () => {
  givenAgreement([created, consented, addressSelected(), paymentSelected()])
    .when(confirmCommand())
    .then(openHistory.slice(4));
});

test('the buyer equal to the seller is a constraint nothing clears', () => {
  const self = { ...created, buyerIsSeller: true };
  const rejection = givenAgreement([self, consented, addressSelected(), paymentSelected()]).when(confirmCommand()).rejects('BillingAgreementConstraintsExist');
  assert.match(JSON.stringify(rejection.details), 'BuyerEqualsSeller');
});

test('confirming after an address change without a new payment selection is refused with PaymentMethodNotUpdated', () => {
  givenAgreement([created, consented, paymentSelected(), addressSelected()]).when(confirmCommand()).rejects('PaymentMethodNotUpdated');
  givenAgreement([...openHistory, addressSelected(OTHER_ADDRESS, T2)]).when(confirmCommand()).rejects('PaymentMethodNotUpdated');
});

test('a changed address becomes visible only after the new payment selection and the confirmation', () => {
  const history = [...openHistory, addressSelected(OTHER_ADDRESS, T2), paymentSelected('Visa ****1111', T2)];
  const before = givenAgreement(history).state;
  assert.equal(before.exists && before.agreement.address, ADDRESS);
  const events = givenAgreement(history).when(confirmCommand()).events();
  assert.equal(events.map((e) => e.type), ['BillingAgreementConfirmed', 'AddressChanged']);
  const after = givenAgreement([...history, ...events]).state;
  assert.equal(after.exists && after.agreement.address, OTHER_ADDRESS);
});

test('a payment method picked in the seller-side wallet takes effect at the confirmation', () => {
  const history = [...openHistory, paymentSelected('Mastercard ****4444', T2), paymentSelected('JCB ****5555', T2)];
  const before = givenAgreement(history).state;
  assert.is(before.exists && before.agreement.paymentMethod, 'Visa ****1111');
  givenAgreement(history)
    .when(confirmCommand())
    .then([
      { type: 'BillingAgreementConfirmed', billingAgreementId: BA, at: T2 },
      { type: 'PaymentMethodChanged', billingAgreementId: BA, at: T2, descriptor: 'JCB ****5555', source: 'SellerConfirmation' },
    ]);
});

test('confirming an Open agreement with nothing pending records nothing', () => {
  givenAgreement(openHistory).when(confirmCommand()).thenNothing();
});

test('a Suspended agreement reopens on confirmation only with a new payment method', () => {
  givenAgreement(suspendedHistory).when(confirmCommand()).rejects('PaymentMethodNotUpdated');
  const events = givenAgreement([...suspendedHistory, paymentSelected('Amex ****0005', T2)]).when(confirmCommand()).events();
  assert.equal(events.map((e) => e.type), ['BillingAgreementConfirmed', 'PaymentMethodChanged']);
});

test('a reported PaymentMethodExpired constraint is cleared by selecting another method', () => {
  const expired = { type: 'ConstraintReported', billingAgreementId: BA, at: T2, constraintId: 'PaymentMethodExpired' } as const;
  const withConstraint = givenAgreement([...openHistory, expired]).state;
  assert.equal(withConstraint.exists && constraintsOf(withConstraint.agreement).map((c) => c.constraintId), ['PaymentMethodExpired']);
  const cleared = givenAgreement([...openHistory, expired, paymentSelected('Amex ****0005', T2)]).state;
  assert.equal(cleared.exists && constraintsOf(cleared.agreement), []);
});

test('consent given twice records it once', () => {
  givenAgreement([created, consented]).when({ type: 'GiveBuyerConsent', billingAgreementId: BA, at: T1 }).thenNothing();
});

test('changing the monthly limit must keep the agreement currency', () => {
  givenAgreement(openHistory).when({ type: 'ChangeMonthlyLimit', billingAgreementId: BA, at: T2, monthlyLimit: money(100, 'USD') }).rejects('CurrencyMismatch');
  givenAgreement(openHistory)
    .when({ type: 'ChangeMonthlyLimit', billingAgreementId: BA, at: T2, monthlyLimit: jpy(100_000) })
    .then([{ type: 'MonthlyLimitChanged', billingAgreementId: BA, at: T2, monthlyLimit: jpy(100_000) }]);
});

test.run();
