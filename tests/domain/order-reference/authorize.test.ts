import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { orderReferenceDecider as decider, type OrderReferenceEvent } from '../../../domain/order-reference/index.js';
import { addDays } from '../../../domain/shared/time.js';
import { given } from '../../support/gwt.js';
import {
  ORO,
  T1,
  T2,
  authId,
  authorizationClosed,
  authorizationOpened,
  authorizationRequested,
  authorize,
  capId,
  capturedAuthorization,
  created,
  jpy,
  openAuthorization,
  openOrder,
  usd,
} from './fixtures.js';

const test = suite('order reference: authorizations');

test('an authorization the processor opens at once records requested then opened', () => {
  given(decider, openOrder).when(authorize(1)).then([authorizationRequested(1), authorizationOpened(1)]);
});

test('an asynchronous authorization stays Pending until its outcome is recorded', () => {
  given(decider, openOrder).when(authorize(1, { outcome: { state: 'Pending' } })).then([authorizationRequested(1)]);
  given(decider, [...openOrder, authorizationRequested(1)])
    .when({ type: 'RecordOrderAuthorizationOutcome', orderReferenceId: ORO, at: T2, authorizationId: authId(1), outcome: { state: 'Open' } })
    .then([authorizationOpened(1, T2)]);
});

test('a synchronous authorization cannot be Pending and is refused with InvalidParameterValue', () => {
  given(decider, openOrder).when(authorize(1, { transactionTimeout: 0, outcome: { state: 'Pending' } })).rejects('InvalidParameterValue');
});

test('an authorization declined for InvalidPaymentMethod suspends the order', () => {
  const outcome = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: true } as const;
  given(decider, openOrder)
    .when(authorize(1, { outcome }))
    .then([
      authorizationRequested(1),
      { type: 'OrderAuthorizationDeclined', orderReferenceId: ORO, at: T1, authorizationId: authId(1), reasonCode: 'InvalidPaymentMethod', softDecline: true },
      { type: 'OrderReferenceSuspended', orderReferenceId: ORO, at: T1, reasonCode: 'InvalidPaymentMethod' },
    ]);
});

test('an authorization declined for AmazonRejected leaves the order Open', () => {
  const outcome = { state: 'Declined', reasonCode: 'AmazonRejected', softDecline: false } as const;
  const events = given(decider, openOrder).when(authorize(1, { outcome })).events();
  assert.equal(events.map((e) => e.type), ['OrderAuthorizationRequested', 'OrderAuthorizationDeclined']);
});

test('capturing now on an opened authorization completes the capture and closes the authorization MaxCapturesProcessed', () => {
  const events = given(decider, openOrder).when(authorize(1, { amount: usd(40_00), captureNow: true, captureId: capId(1) })).events();
  assert.equal(events, [
    authorizationRequested(1, usd(40_00), T1, { captureNow: true, captureId: capId(1) }),
    authorizationOpened(1),
    { type: 'CaptureRequested', orderReferenceId: ORO, at: T1, captureId: capId(1), authorizationId: authId(1), amount: usd(40_00) },
    { type: 'CaptureCompleted', orderReferenceId: ORO, at: T1, captureId: capId(1) },
    authorizationClosed(1, 'MaxCapturesProcessed', T1),
  ]);
});

test('capturing now without a capture id is refused with InvalidParameterValue', () => {
  given(decider, openOrder).when(authorize(1, { captureNow: true })).rejects('InvalidParameterValue');
});

test('repeating an authorization with the same reference id and parameters changes nothing', () => {
  const history = [...openOrder, ...openAuthorization(1)];
  given(decider, history).when(authorize(2, { authorizationReferenceId: 'auth-1', outcome: { state: 'Pending' } })).thenNothing();
});

test('reusing an authorization reference id with other parameters is refused with DuplicateRequest', () => {
  given(decider, [...openOrder, ...openAuthorization(1)]).when(authorize(2, { authorizationReferenceId: 'auth-1', amount: usd(50_00) })).rejects('DuplicateRequest');
});

test('reusing a capture reference id for an authorization is refused with DuplicateReferenceId', () => {
  given(decider, [...openOrder, ...capturedAuthorization(1, usd(10_00))]).when(authorize(2, { authorizationReferenceId: 'cap-1' })).rejects('DuplicateReferenceId');
});

test('authorizing on a Draft, Suspended or expired order is refused with InvalidOrderReferenceStatus', () => {
  given(decider, [created()]).when(authorize(1)).rejects('InvalidOrderReferenceStatus');
  const suspended: OrderReferenceEvent = { type: 'OrderReferenceSuspended', orderReferenceId: ORO, at: T1, reasonCode: 'InvalidPaymentMethod' };
  given(decider, [...openOrder, suspended]).when(authorize(1)).rejects('InvalidOrderReferenceStatus');
  given(decider, openOrder).when(authorize(1, { at: addDays(created().at, 180) })).rejects('InvalidOrderReferenceStatus');
});

test('authorizing a zero amount is refused with InvalidParameterValue', () => {
  given(decider, openOrder).when(authorize(1, { amount: usd(0) })).rejects('InvalidParameterValue');
});

test('an authorization reference id longer than 32 characters is refused with InvalidParameterValue', () => {
  given(decider, openOrder).when(authorize(1, { authorizationReferenceId: 'a'.repeat(33) })).rejects('InvalidParameterValue');
});

test('authorizing in another currency than the order total is refused with CurrencyMismatch', () => {
  given(decider, openOrder).when(authorize(1, { amount: jpy(10_000) })).rejects('CurrencyMismatch');
});

test('an eleventh authorization is refused with TransactionCountExceeded', () => {
  const declined = (n: number): OrderReferenceEvent => ({
    type: 'OrderAuthorizationDeclined',
    orderReferenceId: ORO,
    at: T1,
    authorizationId: authId(n),
    reasonCode: 'AmazonRejected',
    softDecline: false,
  });
  const ten = Array.from({ length: 10 }, (_, i) => [authorizationRequested(i + 1, usd(1_00)), declined(i + 1)]).flat();
  given(decider, [...openOrder, ...ten]).when(authorize(11, { amount: usd(1_00) })).rejects('TransactionCountExceeded');
});

test('authorizing above the order total plus 15 % is refused with TransactionAmountExceeded', () => {
  given(decider, openOrder).when(authorize(1, { amount: usd(115_00) })).events();
  given(decider, openOrder).when(authorize(1, { amount: usd(115_01) })).rejects('TransactionAmountExceeded');
});

test('the tolerance above a large order total is capped at 75 USD', () => {
  const large = [created({ orderTotal: usd(1_000_00) }), ...openOrder.slice(1)];
  given(decider, large).when(authorize(1, { amount: usd(1_075_00) })).events();
  given(decider, large).when(authorize(1, { amount: usd(1_075_01) })).rejects('TransactionAmountExceeded');
});

test('recording the outcome of a settled authorization again changes nothing', () => {
  given(decider, [...openOrder, ...openAuthorization(1)])
    .when({ type: 'RecordOrderAuthorizationOutcome', orderReferenceId: ORO, at: T2, authorizationId: authId(1), outcome: { state: 'Open' } })
    .thenNothing();
});

test('the outcome of an unknown authorization is refused with InvalidTransactionId', () => {
  given(decider, openOrder)
    .when({ type: 'RecordOrderAuthorizationOutcome', orderReferenceId: ORO, at: T2, authorizationId: authId(9), outcome: { state: 'Open' } })
    .rejects('InvalidTransactionId');
});

test('a pending CaptureNow authorization captures itself when it opens', () => {
  const history = [...openOrder, authorizationRequested(1, usd(40_00), T1, { captureNow: true, captureId: capId(1) })];
  const events = given(decider, history)
    .when({ type: 'RecordOrderAuthorizationOutcome', orderReferenceId: ORO, at: T2, authorizationId: authId(1), outcome: { state: 'Open' } })
    .events();
  assert.equal(events.map((e) => e.type), ['OrderAuthorizationOpened', 'CaptureRequested', 'CaptureCompleted', 'OrderAuthorizationClosed']);
});

test('a pending authorization later declined for InvalidPaymentMethod suspends the order', () => {
  const outcome = { state: 'Declined', reasonCode: 'InvalidPaymentMethod', softDecline: false } as const;
  const events = given(decider, [...openOrder, authorizationRequested(1)])
    .when({ type: 'RecordOrderAuthorizationOutcome', orderReferenceId: ORO, at: T2, authorizationId: authId(1), outcome })
    .events();
  assert.equal(events.map((e) => e.type), ['OrderAuthorizationDeclined', 'OrderReferenceSuspended']);
});

test('closing an open authorization records SellerClosed with the closure reason', () => {
  given(decider, [...openOrder, ...openAuthorization(1)])
    .when({ type: 'CloseAuthorization', orderReferenceId: ORO, at: T2, authorizationId: authId(1), closureReason: 'not needed' })
    .then([{ type: 'OrderAuthorizationClosed', orderReferenceId: ORO, at: T2, authorizationId: authId(1), reasonCode: 'SellerClosed', reasonDescription: 'not needed' }]);
});

test('closing a closed authorization changes nothing and closing a declined one is refused with InvalidAuthorizationStatus', () => {
  const close = { type: 'CloseAuthorization', orderReferenceId: ORO, at: T2, authorizationId: authId(1) } as const;
  given(decider, [...openOrder, ...capturedAuthorization(1)]).when(close).thenNothing();
  const declined: OrderReferenceEvent = {
    type: 'OrderAuthorizationDeclined',
    orderReferenceId: ORO,
    at: T1,
    authorizationId: authId(1),
    reasonCode: 'ProcessingFailure',
    softDecline: false,
  };
  given(decider, [...openOrder, authorizationRequested(1), declined]).when(close).rejects('InvalidAuthorizationStatus');
});

test('canceling an order closes its pending and open authorizations with OrderReferenceCanceled', () => {
  const history = [...openOrder, ...openAuthorization(1, usd(10_00)), authorizationRequested(2, usd(10_00))];
  given(decider, history)
    .when({ type: 'CancelOrderReference', orderReferenceId: ORO, at: T2 })
    .then([
      { type: 'OrderReferenceCanceled', orderReferenceId: ORO, at: T2, reasonCode: 'SellerCanceled' },
      authorizationClosed(1, 'OrderReferenceCanceled'),
      authorizationClosed(2, 'OrderReferenceCanceled'),
    ]);
});

test('canceling an order with a capture is refused with InvalidOrderReferenceStatus', () => {
  given(decider, [...openOrder, ...capturedAuthorization(1, usd(10_00))]).when({ type: 'CancelOrderReference', orderReferenceId: ORO, at: T2 }).rejects('InvalidOrderReferenceStatus');
});

test('the sweep closes an open authorization not captured within 30 days as ExpiredUnused', () => {
  const at = addDays(T1, 30);
  given(decider, [...openOrder, ...openAuthorization(1)])
    .when({ type: 'ExpireOrderReference', orderReferenceId: ORO, at })
    .then([authorizationClosed(1, 'ExpiredUnused', at)]);
});

test.run();
