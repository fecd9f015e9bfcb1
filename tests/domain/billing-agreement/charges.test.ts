import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { remainingBalance, type BillingAgreementEvent } from '../../../domain/billing-agreement/index.js';
import { money } from '../../../domain/shared/money.js';
import { BA, LATER, T0, T2, authorizeCommand, consented, created, givenAgreement, jpy, openHistory, paymentSelected, suspendedHistory } from './fixtures.js';

const test = suite('billing agreement: charges and the monthly limit');

const requested = (id: string, ref: string, amount: number, at = LATER): BillingAgreementEvent => {
  const events = givenAgreement(openHistory).when(authorizeCommand({ authorizationId: id, authorizationReferenceId: ref, amount: jpy(amount), at })).events();
  return events[0] as BillingAgreementEvent;
};

test('authorizing on an Open agreement records the request and the approval', () => {
  const events = givenAgreement(openHistory).when(authorizeCommand()).events();
  assert.equal(events.map((e) => e.type), ['AuthorizationRequested', 'AuthorizationApproved']);
  assert.equal(events[0]?.type === 'AuthorizationRequested' && events[0].windowStart, '2026-11-01T00:00:00.000Z');
});

test('authorizing on a Draft agreement is refused with InvalidBillingAgreementStatus', () => {
  givenAgreement([created, consented, paymentSelected()]).when(authorizeCommand()).rejects('InvalidBillingAgreementStatus');
});

test('a decline for InvalidPaymentMethod suspends the agreement', () => {
  givenAgreement(openHistory)
    .when(authorizeCommand({ outcome: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true } }))
    .then([
      requested('S03-0000001-0000001-A000001', 'auth-1', 1000),
      { type: 'AuthorizationDeclined', billingAgreementId: BA, at: LATER, authorizationId: 'S03-0000001-0000001-A000001', reasonCode: 'InvalidPaymentMethod', softDecline: true },
      { type: 'BillingAgreementSuspended', billingAgreementId: BA, at: LATER, reasonCode: 'InvalidPaymentMethod' },
    ]);
});

for (const reasonCode of ['AmazonRejected', 'ProcessingFailure', 'TransactionTimedOut'] as const) {
  test(`a decline for ${reasonCode} leaves the agreement Open`, () => {
    const events = givenAgreement(openHistory).when(authorizeCommand({ outcome: { state: 'Declined', reasonCode, softDecline: false } })).events();
    assert.equal(events.map((e) => e.type), ['AuthorizationRequested', 'AuthorizationDeclined']);
  });
}

test('a Suspended agreement refuses new charges with InvalidBillingAgreementStatus', () => {
  givenAgreement(suspendedHistory).when(authorizeCommand()).rejects('InvalidBillingAgreementStatus');
});

test('a reported constraint blocks charges with BillingAgreementConstraintsExist', () => {
  const expired = { type: 'ConstraintReported', billingAgreementId: BA, at: T2, constraintId: 'PaymentMethodExpired' } as const;
  givenAgreement([...openHistory, expired]).when(authorizeCommand()).rejects('BillingAgreementConstraintsExist');
});

test('charges up to exactly 50,000 JPY in a month pass and one yen more is refused with PeriodicAmountExceeded', () => {
  const history = [...openHistory, requested('A1', 'r1', 30_000), requested('A2', 'r2', 20_000)];
  const state = givenAgreement(history).state;
  assert.is(state.exists && remainingBalance(state.agreement, LATER), 0);
  const rejection = givenAgreement(history).when(authorizeCommand({ authorizationReferenceId: 'r3', amount: jpy(1) })).rejects('PeriodicAmountExceeded');
  assert.equal((rejection.details as { remainingBalance: unknown }).remainingBalance, { amount: 0, currency: 'JPY' });
  givenAgreement([...openHistory, requested('A1', 'r1', 30_000)]).when(authorizeCommand({ authorizationReferenceId: 'r3', amount: jpy(20_001) })).rejects('PeriodicAmountExceeded');
});

test('a declined authorization consumes nothing of the limit', () => {
  const declined: BillingAgreementEvent = { type: 'AuthorizationDeclined', billingAgreementId: BA, at: LATER, authorizationId: 'A1', reasonCode: 'AmazonRejected', softDecline: false };
  const state = givenAgreement([...openHistory, requested('A1', 'r1', 30_000), declined]).state;
  assert.is(state.exists && remainingBalance(state.agreement, LATER), 50_000);
});

test('the limit window is the UTC calendar month: a new month starts with the whole limit', () => {
  const history = [...openHistory, requested('A1', 'r1', 50_000, '2026-11-30T23:59:59.000Z')];
  givenAgreement(history).when(authorizeCommand({ authorizationReferenceId: 'r2', at: '2026-11-30T23:59:59.999Z' })).rejects('PeriodicAmountExceeded');
  const events = givenAgreement(history).when(authorizeCommand({ authorizationReferenceId: 'r2', amount: jpy(50_000), at: '2026-12-01T00:00:00.000Z' })).events();
  assert.is(events.length, 2);
});

test('a raised monthly limit allows more', () => {
  const history = [...openHistory, { type: 'MonthlyLimitChanged', billingAgreementId: BA, at: T2, monthlyLimit: jpy(80_000) } as const, requested('A1', 'r1', 50_000)];
  assert.is(givenAgreement(history).when(authorizeCommand({ authorizationReferenceId: 'r2', amount: jpy(30_000) })).events().length, 2);
});

test('the same reference id with the same parameters returns the original result and records nothing', () => {
  const first = givenAgreement(openHistory).when(authorizeCommand()).events();
  givenAgreement([...openHistory, ...first]).when(authorizeCommand({ authorizationId: 'another-id', orderReferenceId: 'another-order' })).thenNothing();
});

test('the same reference id with other parameters is refused with DuplicateRequest', () => {
  const first = givenAgreement(openHistory).when(authorizeCommand()).events();
  givenAgreement([...openHistory, ...first]).when(authorizeCommand({ amount: jpy(2_000) })).rejects('DuplicateRequest');
});

test('an amount in another currency is refused with CurrencyMismatch', () => {
  givenAgreement(openHistory).when(authorizeCommand({ amount: money(1000, 'USD') })).rejects('CurrencyMismatch');
});

test('a zero amount, or a synchronous authorization left Pending, is refused with InvalidParameterValue', () => {
  givenAgreement(openHistory).when(authorizeCommand({ amount: jpy(0) })).rejects('InvalidParameterValue');
  givenAgreement(openHistory).when(authorizeCommand({ outcome: { state: 'Pending' } })).rejects('InvalidParameterValue');
});

test('a pending authorization settles once; settling it again changes nothing', () => {
  const pending = givenAgreement(openHistory).when(authorizeCommand({ transactionTimeout: 1440, outcome: { state: 'Pending' } })).events();
  assert.equal(pending.map((e) => e.type), ['AuthorizationRequested']);
  const settle = { type: 'RecordAuthorizationOutcome', billingAgreementId: BA, at: LATER, authorizationId: 'S03-0000001-0000001-A000001', outcome: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false } } as const;
  const settled = givenAgreement([...openHistory, ...pending]).when(settle).events();
  assert.equal(settled.map((e) => e.type), ['AuthorizationDeclined', 'BillingAgreementSuspended']);
  givenAgreement([...openHistory, ...pending, ...settled]).when(settle).thenNothing();
  givenAgreement(openHistory).when({ ...settle, authorizationId: 'unknown' }).rejects('InvalidTransactionId');
});

test('while paused, recurring charges are refused with RecurringChargesPaused and one-off charges pass', () => {
  const paused = [...openHistory, { type: 'RecurringChargesPaused', billingAgreementId: BA, at: T2 } as const];
  givenAgreement(paused).when(authorizeCommand()).rejects('RecurringChargesPaused');
  assert.is(givenAgreement(paused).when(authorizeCommand({ chargeType: 'OneOff' })).events().length, 2);
  const resumed = [...paused, { type: 'RecurringChargesResumed', billingAgreementId: BA, at: T2 } as const];
  assert.is(givenAgreement(resumed).when(authorizeCommand()).events().length, 2);
});

test('pausing twice records it once, and pausing keeps the agreement Open', () => {
  const paused = [...openHistory, { type: 'RecurringChargesPaused', billingAgreementId: BA, at: T2 } as const];
  givenAgreement(paused).when({ type: 'PauseRecurringCharges', billingAgreementId: BA, at: LATER }).thenNothing();
  const state = givenAgreement(paused).state;
  assert.is(state.exists && state.agreement.status.state, 'Open');
});

test('a failed validation for InvalidPaymentMethod suspends and a successful one reopens', () => {
  const fail = { type: 'ValidateBillingAgreement', billingAgreementId: BA, at: LATER, outcome: { result: 'Failure', failureReasonCode: 'InvalidPaymentMethod' } } as const;
  assert.equal(givenAgreement(openHistory).when(fail).events().map((e) => e.type), ['BillingAgreementValidated', 'BillingAgreementSuspended']);
  const ok = { type: 'ValidateBillingAgreement', billingAgreementId: BA, at: LATER, outcome: { result: 'Success' } } as const;
  assert.equal(givenAgreement(suspendedHistory).when(ok).events().map((e) => e.type), ['BillingAgreementValidated', 'BillingAgreementReopened']);
  givenAgreement([created]).when(ok).rejects('InvalidBillingAgreementStatus');
});

test('the request carries its time: authorizations in an old month do not count in this one', () => {
  const history = [...openHistory, requested('A1', 'r1', 50_000, '2026-11-05T00:00:00.000Z')];
  const state = givenAgreement(history).state;
  assert.is(state.exists && remainingBalance(state.agreement, '2026-12-05T00:00:00.000Z'), 50_000);
  assert.is(state.exists && remainingBalance(state.agreement, T0), 0);
});

test('reference ids named like object properties (__proto__, constructor) are ordinary reference ids', () => {
  for (const ref of ['__proto__', 'constructor', 'toString']) {
    const first = givenAgreement(openHistory).when(authorizeCommand({ authorizationReferenceId: ref })).events();
    assert.equal(first.map((e) => e.type), ['AuthorizationRequested', 'AuthorizationApproved'], ref);
    givenAgreement([...openHistory, ...first]).when(authorizeCommand({ authorizationReferenceId: ref })).thenNothing();
    givenAgreement([...openHistory, ...first]).when(authorizeCommand({ authorizationReferenceId: ref, amount: jpy(5) })).rejects('DuplicateRequest');
  }
});

test.run();
