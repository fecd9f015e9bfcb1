import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { orderReferenceDecider as decider, type OrderReferenceEvent } from '../../../domain/order-reference/index.js';
import { addDays } from '../../../domain/shared/time.js';
import { given } from '../../support/gwt.js';
import {
  ORO,
  T1,
  T2,
  authorizationClosed,
  authorizationRequested,
  authorize,
  capId,
  capture,
  captureCompleted,
  captureRequested,
  capturedAuthorization,
  jpy,
  openAuthorization,
  openOrder,
  refId,
  refund,
  refundRequested,
  usd,
} from './fixtures.js';

const test = suite('order reference: captures and refunds');

const closedOrder: OrderReferenceEvent = { type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed' };
const refundCompleted = (n: number): OrderReferenceEvent => ({ type: 'RefundCompleted', orderReferenceId: ORO, at: T2, refundId: refId(n) });

test('a completed capture closes its authorization MaxCapturesProcessed', () => {
  given(decider, [...openOrder, ...openAuthorization(1)])
    .when(capture(1, 1, { amount: usd(60_00) }))
    .then([captureRequested(1, 1, usd(60_00)), captureCompleted(1), authorizationClosed(1, 'MaxCapturesProcessed')]);
});

test('captures reaching the order total plus tolerance close the order MaxAmountCharged', () => {
  const history = [...openOrder, ...capturedAuthorization(1, usd(100_00)), ...openAuthorization(2, usd(15_00))];
  const events = given(decider, history).when(capture(2, 2, { amount: usd(15_00) })).events();
  assert.equal(events.at(-1), { type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T2, reasonCode: 'MaxAmountCharged' });
});

test('the tenth captured authorization closes the order MaxAuthorizationsCaptured', () => {
  const nine = Array.from({ length: 9 }, (_, i) => capturedAuthorization(i + 1, usd(1_00))).flat();
  const history = [...openOrder, ...nine, ...openAuthorization(10, usd(1_00))];
  const events = given(decider, history).when(capture(10, 10, { amount: usd(1_00) })).events();
  assert.equal(events.at(-1), { type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T2, reasonCode: 'MaxAuthorizationsCaptured' });
});

test('an open authorization on a closed order can still be captured', () => {
  const events = given(decider, [...openOrder, ...openAuthorization(1), closedOrder]).when(capture(1, 1)).events();
  assert.equal(events.map((e) => e.type), ['CaptureRequested', 'CaptureCompleted', 'OrderAuthorizationClosed']);
});

test('an open authorization on a suspended order can still be captured', () => {
  const suspended: OrderReferenceEvent = { type: 'OrderReferenceSuspended', orderReferenceId: ORO, at: T1, reasonCode: 'InvalidPaymentMethod' };
  given(decider, [...openOrder, ...openAuthorization(1, usd(10_00)), suspended]).when(capture(1, 1, { amount: usd(10_00) })).events();
});

test('a pending CaptureNow authorization reserves its amount against the order total plus tolerance', () => {
  const pendingCaptureNow = authorizationRequested(1, usd(100_00), T1, { captureNow: true, captureId: capId(1) });
  const history = [...openOrder, pendingCaptureNow, ...openAuthorization(2, usd(20_00))];
  given(decider, history).when(capture(2, 2, { amount: usd(15_01) })).rejects('TransactionAmountExceeded');
  given(decider, history).when(capture(2, 2, { amount: usd(15_00) })).events();
});

test('capturing on a canceled order is refused with InvalidOrderReferenceStatus', () => {
  const canceled: OrderReferenceEvent = { type: 'OrderReferenceStatusReported', orderReferenceId: ORO, at: T1, status: { state: 'Canceled', reasonCode: 'AmazonCanceled', lastUpdateTimestamp: T1 } };
  given(decider, [...openOrder, ...openAuthorization(1), canceled]).when(capture(1, 1)).rejects('InvalidOrderReferenceStatus');
});

test('capturing on an unknown authorization is refused with InvalidTransactionId', () => {
  given(decider, openOrder).when(capture(1, 7)).rejects('InvalidTransactionId');
});

test('capturing more than the authorized amount is refused with TransactionAmountExceeded', () => {
  given(decider, [...openOrder, ...openAuthorization(1, usd(50_00))]).when(capture(1, 1, { amount: usd(50_01) })).rejects('TransactionAmountExceeded');
});

test('captures beyond the order total plus tolerance are refused with TransactionAmountExceeded', () => {
  const history = [...openOrder, ...capturedAuthorization(1, usd(100_00)), ...openAuthorization(2, usd(20_00))];
  given(decider, history).when(capture(2, 2, { amount: usd(15_01) })).rejects('TransactionAmountExceeded');
});

test('capturing in another currency is refused with CurrencyMismatch', () => {
  given(decider, [...openOrder, ...openAuthorization(1)]).when(capture(1, 1, { amount: jpy(100) })).rejects('CurrencyMismatch');
});

test('capturing an authorization a second time is refused with InvalidAuthorizationStatus', () => {
  const history = [...openOrder, ...openAuthorization(1), captureRequested(1, 1, usd(10_00))];
  given(decider, history).when(capture(2, 1, { amount: usd(10_00) })).rejects('InvalidAuthorizationStatus');
});

test('a declined capture leaves the authorization open for another capture', () => {
  const declined: OrderReferenceEvent = { type: 'CaptureDeclined', orderReferenceId: ORO, at: T2, captureId: capId(1), reasonCode: 'ProcessingFailure' };
  const history = [...openOrder, ...openAuthorization(1), captureRequested(1, 1), declined];
  given(decider, history).when(capture(2, 1)).events();
});

test('capturing a pending or expired authorization is refused with InvalidAuthorizationStatus', () => {
  given(decider, [...openOrder, authorizationRequested(1)]).when(capture(1, 1)).rejects('InvalidAuthorizationStatus');
  given(decider, [...openOrder, ...openAuthorization(1)]).when(capture(1, 1, { at: addDays(T1, 30) })).rejects('InvalidAuthorizationStatus');
});

test('repeating a capture with the same reference id and parameters changes nothing, even after it closed the authorization', () => {
  given(decider, [...openOrder, ...capturedAuthorization(1)]).when(capture(5, 1, { captureReferenceId: 'cap-1', outcome: { state: 'Pending' } })).thenNothing();
});

test('a pending capture completes when its outcome is recorded, and a second outcome changes nothing', () => {
  const history = [...openOrder, ...openAuthorization(1), captureRequested(1, 1, usd(10_00))];
  const outcome = { type: 'RecordCaptureOutcome', orderReferenceId: ORO, at: T2, captureId: capId(1), outcome: { state: 'Completed' } } as const;
  given(decider, history).when(outcome).then([captureCompleted(1), authorizationClosed(1, 'MaxCapturesProcessed')]);
  given(decider, [...history, captureCompleted(1)]).when(outcome).thenNothing();
});

test('a refund on a completed capture records requested then completed', () => {
  given(decider, [...openOrder, ...capturedAuthorization(1)])
    .when(refund(1, 1, usd(30_00)))
    .then([refundRequested(1, 1, usd(30_00)), refundCompleted(1)]);
});

test('refunding on an unknown capture is refused with InvalidTransactionId', () => {
  given(decider, openOrder).when(refund(1, 4, usd(1_00))).rejects('InvalidTransactionId');
});

test('refunding a pending capture is refused with CaptureNotRefundable', () => {
  given(decider, [...openOrder, ...openAuthorization(1), captureRequested(1, 1)]).when(refund(1, 1, usd(1_00))).rejects('CaptureNotRefundable');
});

test('refunds up to the captured amount plus tolerance close the capture MaxAmountRefunded; beyond is TransactionAmountExceeded', () => {
  const history = [...openOrder, ...capturedAuthorization(1), refundRequested(1, 1, usd(100_00)), refundCompleted(1)];
  given(decider, history).when(refund(2, 1, usd(15_01))).rejects('TransactionAmountExceeded');
  const events = given(decider, history).when(refund(2, 1, usd(15_00))).events();
  assert.equal(events.at(-1), { type: 'CaptureClosed', orderReferenceId: ORO, at: T2, captureId: capId(1), reasonCode: 'MaxAmountRefunded' });
});

test('the tenth refund closes the capture MaxRefundsProcessed and an eleventh is refused with TransactionCountExceeded', () => {
  const nine = Array.from({ length: 9 }, (_, i) => [refundRequested(i + 1, 1, usd(1_00)), refundCompleted(i + 1)]).flat();
  const history = [...openOrder, ...capturedAuthorization(1), ...nine];
  const events = given(decider, history).when(refund(10, 1, usd(1_00))).events();
  assert.equal(events.at(-1), { type: 'CaptureClosed', orderReferenceId: ORO, at: T2, captureId: capId(1), reasonCode: 'MaxRefundsProcessed' });
  given(decider, [...history, ...events]).when(refund(11, 1, usd(1_00))).rejects('TransactionCountExceeded');
});

test('refunding in another currency is refused with CurrencyMismatch', () => {
  given(decider, [...openOrder, ...capturedAuthorization(1)]).when(refund(1, 1, jpy(100))).rejects('CurrencyMismatch');
});

test('a declined refund does not count against the refundable amount', () => {
  const declined: OrderReferenceEvent = { type: 'RefundDeclined', orderReferenceId: ORO, at: T2, refundId: refId(1), reasonCode: 'AmazonRejected' };
  const history = [...openOrder, ...capturedAuthorization(1), refundRequested(1, 1, usd(100_00)), declined];
  given(decider, history).when(refund(2, 1, usd(100_00))).events();
});

test('repeating a refund changes nothing and reusing its reference id for a capture is refused with DuplicateReferenceId', () => {
  const history = [...openOrder, ...capturedAuthorization(1), refundRequested(1, 1, usd(10_00)), refundCompleted(1), ...openAuthorization(2, usd(5_00))];
  given(decider, history).when(refund(2, 1, usd(10_00), { refundReferenceId: 'refund-1' })).thenNothing();
  given(decider, history).when(refund(2, 1, usd(11_00), { refundReferenceId: 'refund-1' })).rejects('DuplicateRequest');
  given(decider, history).when(capture(2, 2, { amount: usd(5_00), captureReferenceId: 'refund-1' })).rejects('DuplicateReferenceId');
});

test('a pending refund settles once through its outcome', () => {
  const history = [...openOrder, ...capturedAuthorization(1), refundRequested(1, 1, usd(10_00))];
  const outcome = { type: 'RecordRefundOutcome', orderReferenceId: ORO, at: T2, refundId: refId(1), outcome: { state: 'Completed' } } as const;
  given(decider, history).when(outcome).then([refundCompleted(1)]);
  given(decider, [...history, refundCompleted(1)]).when(outcome).thenNothing();
});

test('reference ids named like object prototype members are ordinary reference ids', () => {
  const history = [...openOrder];
  given(decider, history).when(authorize(1, { authorizationReferenceId: '__proto__' })).events();
  given(decider, history).when(authorize(1, { authorizationReferenceId: 'constructor' })).events();
  given(decider, history).when(capture(1, 1, { authorizationId: 'constructor' })).rejects('InvalidTransactionId');
  given(decider, history).when(refund(1, 1, usd(1_00), { captureId: '__proto__' })).rejects('InvalidTransactionId');
});

test.run();
