import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingAgreementCommand } from '../../../domain/billing-agreement/index.js';
import { ADDRESS, BA, LATER, OTHER_ADDRESS, closedHistory, created, givenAgreement, openHistory, suspendedHistory } from './fixtures.js';

const test = suite('billing agreement: facts reported by Amazon');

const status = (state: 'Open' | 'Suspended' | 'Closed' | 'Canceled' | 'Draft', lastUpdateTimestamp: string, reasonCode?: string): BillingAgreementCommand => ({
  type: 'RecordBillingAgreementStatus',
  billingAgreementId: BA,
  at: LATER,
  state,
  lastUpdateTimestamp,
  ...(reasonCode === undefined ? {} : { reasonCode }),
});

const methodUpdated = (lastUpdateTimestamp: string): BillingAgreementCommand => ({
  type: 'RecordPaymentMethodUpdate',
  billingAgreementId: BA,
  at: LATER,
  lastUpdateTimestamp,
});

test('a payment method updated on Amazon reopens a Suspended agreement without re-consent', () => {
  givenAgreement(suspendedHistory)
    .when(methodUpdated('2026-11-12T00:00:00Z'))
    .then([
      { type: 'PaymentMethodChanged', billingAgreementId: BA, at: LATER, amazonLastUpdateTimestamp: '2026-11-12T00:00:00Z', source: 'Amazon' },
      { type: 'BillingAgreementReopened', billingAgreementId: BA, at: LATER, amazonLastUpdateTimestamp: '2026-11-12T00:00:00Z', cause: 'PaymentMethodUpdated' },
    ]);
});

test('a payment method update on an Open agreement records the change and keeps it Open', () => {
  assert.equal(givenAgreement(openHistory).when(methodUpdated('2026-11-12T00:00:00Z')).events().map((e) => e.type), ['PaymentMethodChanged']);
});

test('an address update reports the status it carries: a newer AddressUpdated of a Suspended agreement suspends it', () => {
  const command: BillingAgreementCommand = {
    type: 'RecordAddressUpdate',
    billingAgreementId: BA,
    at: LATER,
    paymentMethodUpdated: false,
    lastUpdateTimestamp: '2026-11-12T00:00:00Z',
    status: { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' },
  };
  assert.equal(givenAgreement(openHistory).when(command).events().map((e) => e.type), ['AddressChanged', 'BillingAgreementSuspended']);
  assert.equal(givenAgreement(suspendedHistory).when(command).events().map((e) => e.type), ['AddressChanged']);
});

test('a payment method update reporting Open after reopening adds nothing more; reporting Closed closes', () => {
  const reported = (state: 'Open' | 'Closed'): BillingAgreementCommand => ({ ...methodUpdated('2026-11-12T00:00:00Z'), status: { state, reasonCode: 'AmazonClosed' } }) as BillingAgreementCommand;
  assert.equal(givenAgreement(suspendedHistory).when(reported('Open')).events().map((e) => e.type), ['PaymentMethodChanged', 'BillingAgreementReopened']);
  assert.equal(givenAgreement(openHistory).when(reported('Closed')).events().map((e) => e.type), ['PaymentMethodChanged', 'BillingAgreementClosed']);
});

test('the same notification twice changes nothing the second time', () => {
  const first = givenAgreement(suspendedHistory).when(methodUpdated('2026-11-12T00:00:00Z')).events();
  givenAgreement([...suspendedHistory, ...first]).when(methodUpdated('2026-11-12T00:00:00Z')).thenNothing();
});

test('a notification older than one already seen does not roll the state back', () => {
  const suspended = givenAgreement(openHistory).when(status('Suspended', '2026-11-12T10:00:00Z', 'InvalidPaymentMethod')).events();
  assert.equal(suspended.map((e) => e.type), ['BillingAgreementSuspended']);
  givenAgreement([...openHistory, ...suspended]).when(status('Open', '2026-11-12T09:00:00Z')).thenNothing();
});

test('a newer notification that changes nothing still moves the watermark, so older ones stay stale', () => {
  const observed = givenAgreement(openHistory).when(status('Open', '2026-11-12T10:00:00Z')).events();
  assert.equal(observed, [{ type: 'AmazonStatusObserved', billingAgreementId: BA, at: LATER, amazonLastUpdateTimestamp: '2026-11-12T10:00:00Z' }]);
  givenAgreement([...openHistory, ...observed]).when(status('Suspended', '2026-11-12T09:00:00Z')).thenNothing();
});

test('staleness compares Amazon timestamps only: an archived notification applies to an agreement mirrored today', () => {
  const events = givenAgreement(openHistory).when(status('Closed', '2014-12-02T21:10:30Z', 'SellerClosed')).events();
  assert.equal(events.map((e) => e.type), ['BillingAgreementClosed']);
});

test('the buyer closing the agreement on Amazon records BuyerClosed', () => {
  const events = givenAgreement(openHistory).when(status('Closed', '2026-11-12T00:00:00Z', 'BuyerClosed')).events();
  assert.equal(events[0]?.type === 'BillingAgreementClosed' && events[0].reasonCode, 'BuyerClosed');
});

test('Amazon canceling or closing a non-terminal agreement records AmazonCanceled or AmazonClosed', () => {
  const canceled = givenAgreement([created]).when(status('Canceled', '2026-11-12T00:00:00Z', 'AmazonCanceled')).events();
  assert.equal(canceled[0]?.type === 'BillingAgreementCanceled' && canceled[0].reasonCode, 'AmazonCanceled');
  const closed = givenAgreement(suspendedHistory).when(status('Closed', '2026-11-12T00:00:00Z', 'AmazonClosed')).events();
  assert.equal(closed[0]?.type === 'BillingAgreementClosed' && closed[0].reasonCode, 'AmazonClosed');
});

test('facts never leave a terminal state', () => {
  givenAgreement(closedHistory).when(status('Open', '2030-01-01T00:00:00Z')).thenNothing();
  givenAgreement(closedHistory).when(methodUpdated('2030-01-01T00:00:00Z')).thenNothing();
});

test('an address and payment method update records both changes', () => {
  const events = givenAgreement(openHistory)
    .when({ type: 'RecordAddressUpdate', billingAgreementId: BA, at: LATER, destination: OTHER_ADDRESS, paymentMethodUpdated: true, lastUpdateTimestamp: '2026-11-12T00:00:00Z' })
    .events();
  assert.equal(events.map((e) => e.type), ['AddressChanged', 'PaymentMethodChanged']);
  const state = givenAgreement([...openHistory, ...events]).state;
  assert.equal(state.exists && state.agreement.address, OTHER_ADDRESS);
  assert.not.equal(OTHER_ADDRESS, ADDRESS);
});

test('a fact about an unknown agreement is refused with InvalidBillingAgreementId so the inbox lists it as unmatched', () => {
  givenAgreement([]).when(status('Closed', '2026-11-12T00:00:00Z', 'SellerClosed')).rejects('InvalidBillingAgreementId');
});

test.run();
