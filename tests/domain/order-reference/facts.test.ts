import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { orderReferenceDecider as decider, type OrderReferenceCommand, type OrderReferenceEvent } from '../../../domain/order-reference/index.js';
import { given } from '../../support/gwt.js';
import { ORO, T2, authId, capId, capturedAuthorization, openAuthorization, openOrder, refId, refundRequested, usd } from './fixtures.js';

const test = suite('order reference: facts reported by Amazon');

/** Amazon's clock: unrelated to the engine's (an archived notification from years ago still applies). */
const A1 = '2019-05-01T10:00:00Z';
const A2 = '2019-05-01T11:00:00Z';
const A3 = '2019-05-01T12:00:00Z';

const orderStatus = (state: 'Open' | 'Suspended' | 'Closed' | 'Canceled' | 'Draft', lastUpdateTimestamp: string, reasonCode?: string): OrderReferenceCommand => ({
  type: 'RecordOrderReferenceStatus',
  orderReferenceId: ORO,
  at: T2,
  status: { state, lastUpdateTimestamp, ...(reasonCode === undefined ? {} : { reasonCode }) },
});

const reported = (command: OrderReferenceCommand): OrderReferenceEvent[] => [...given(decider, openOrder).when(command).events()];

test('Amazon closing the order is recorded with its own timestamp as the watermark', () => {
  const command = orderStatus('Closed', A1, 'AmazonClosed');
  given(decider, openOrder)
    .when(command)
    .then([{ type: 'OrderReferenceStatusReported', orderReferenceId: ORO, at: T2, status: { state: 'Closed', reasonCode: 'AmazonClosed', lastUpdateTimestamp: A1 } }]);
  const state = given(decider, [...openOrder, ...reported(command)]).state;
  assert.is(state.exists && state.order.status.state, 'Closed');
  assert.is(state.exists && state.order.amazonWatermarks[ORO], A1);
});

test('the same notification delivered twice changes nothing the second time', () => {
  const command = orderStatus('Suspended', A2, 'InvalidPaymentMethod');
  given(decider, [...openOrder, ...reported(command)]).when(command).thenNothing();
});

test('a notification older than one already recorded is stale and changes nothing', () => {
  const newer = reported(orderStatus('Suspended', A2, 'InvalidPaymentMethod'));
  given(decider, [...openOrder, ...newer]).when(orderStatus('Open', A1)).thenNothing();
});

test('a newer notification without a change still moves the watermark, so a later older one is stale', () => {
  const first = given(decider, openOrder).when(orderStatus('Open', A1)).events();
  assert.equal(first, [{ type: 'OrderAmazonStatusObserved', orderReferenceId: ORO, at: T2, objectId: ORO, amazonLastUpdateTimestamp: A1 }]);
  const suspended = reported(orderStatus('Suspended', A3, 'InvalidPaymentMethod'));
  const history = [...openOrder, ...first, ...suspended];
  given(decider, history).when(orderStatus('Open', A2)).thenNothing();
});

test('a terminal order absorbs a later notification: the watermark moves, the state does not', () => {
  const closed = reported(orderStatus('Closed', A1, 'AmazonClosed'));
  const events = given(decider, [...openOrder, ...closed]).when(orderStatus('Open', A2)).events();
  assert.equal(events, [{ type: 'OrderAmazonStatusObserved', orderReferenceId: ORO, at: T2, objectId: ORO, amazonLastUpdateTimestamp: A2 }]);
  const state = given(decider, [...openOrder, ...closed, ...events]).state;
  assert.is(state.exists && state.order.status.state, 'Closed');
});

test('a notification cannot bring a confirmed order back to Draft', () => {
  const events = given(decider, openOrder).when(orderStatus('Draft', A1)).events();
  assert.equal(events.map((e) => e.type), ['OrderAmazonStatusObserved']);
});

test('a notification about an unknown order is refused with InvalidOrderReferenceId, so the inbox lists it as unmatched', () => {
  given(decider, []).when(orderStatus('Open', A1)).rejects('InvalidOrderReferenceId');
});

test('Amazon declining a pending authorization is recorded without touching the order', () => {
  const command: OrderReferenceCommand = {
    type: 'RecordOrderAuthorizationStatus',
    orderReferenceId: ORO,
    at: T2,
    authorizationId: authId(1),
    status: { state: 'Declined', reasonCode: 'InvalidPaymentMethod', lastUpdateTimestamp: A1 },
  };
  const history = [...openOrder, ...openAuthorization(1).slice(0, 1)];
  given(decider, history).when(command).then([{ type: 'OrderAuthorizationStatusReported', orderReferenceId: ORO, at: T2, authorizationId: authId(1), status: command.status }]);
});

test('a closed authorization absorbs a later Open notification', () => {
  const command: OrderReferenceCommand = {
    type: 'RecordOrderAuthorizationStatus',
    orderReferenceId: ORO,
    at: T2,
    authorizationId: authId(1),
    status: { state: 'Open', lastUpdateTimestamp: A2 },
  };
  const events = given(decider, [...openOrder, ...capturedAuthorization(1)]).when(command).events();
  assert.equal(events.map((e) => e.type), ['OrderAmazonStatusObserved']);
});

test('a notification about an unknown authorization, capture or refund is refused with InvalidTransactionId', () => {
  const status = { state: 'Open', lastUpdateTimestamp: A1 } as const;
  given(decider, openOrder).when({ type: 'RecordOrderAuthorizationStatus', orderReferenceId: ORO, at: T2, authorizationId: authId(1), status }).rejects('InvalidTransactionId');
  given(decider, openOrder)
    .when({ type: 'RecordCaptureStatus', orderReferenceId: ORO, at: T2, captureId: capId(1), status: { state: 'Completed', lastUpdateTimestamp: A1 } })
    .rejects('InvalidTransactionId');
  given(decider, openOrder)
    .when({ type: 'RecordRefundStatus', orderReferenceId: ORO, at: T2, refundId: refId(1), status: { state: 'Completed', lastUpdateTimestamp: A1 } })
    .rejects('InvalidTransactionId');
});

test('Amazon closing a capture and completing a refund are recorded, and repeats change nothing', () => {
  const history = [...openOrder, ...capturedAuthorization(1), refundRequested(1, 1, usd(10_00))];
  const closeCapture: OrderReferenceCommand = {
    type: 'RecordCaptureStatus',
    orderReferenceId: ORO,
    at: T2,
    captureId: capId(1),
    status: { state: 'Closed', reasonCode: 'AmazonClosed', lastUpdateTimestamp: A1 },
  };
  const completeRefund: OrderReferenceCommand = {
    type: 'RecordRefundStatus',
    orderReferenceId: ORO,
    at: T2,
    refundId: refId(1),
    status: { state: 'Completed', lastUpdateTimestamp: A1 },
  };
  const captureEvents = given(decider, history).when(closeCapture).events();
  assert.equal(captureEvents.map((e) => e.type), ['CaptureStatusReported']);
  const refundEvents = given(decider, history).when(completeRefund).events();
  assert.equal(refundEvents.map((e) => e.type), ['RefundStatusReported']);
  given(decider, [...history, ...captureEvents]).when(closeCapture).thenNothing();
  given(decider, [...history, ...refundEvents]).when(completeRefund).thenNothing();
});

test.run();
