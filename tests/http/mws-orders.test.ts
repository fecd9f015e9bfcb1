import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { at, eventually, expectError, expectOk, openAgreement, withService, type TestService } from './support.js';

const test = suite('MWS order reference, authorization, capture and refund operations over HTTP');

async function draftOrder(t: TestService): Promise<string> {
  const id = await openAgreement(t);
  const created = await t.client.call('CreateOrderReferenceForId', {
    Id: id,
    IdType: 'BillingAgreement',
    'OrderReferenceAttributes.OrderTotal.Amount': '5000',
    'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY',
  });
  return at(expectOk(created), 'OrderReferenceDetails.AmazonOrderReferenceId') as string;
}

async function openOrder(t: TestService): Promise<string> {
  const orderId = await draftOrder(t);
  expectOk(await t.client.call('ConfirmOrderReference', { AmazonOrderReferenceId: orderId }));
  return orderId;
}

const authorize = (orderId: string, ref: string, amount = '3000', extra: Record<string, string> = {}) => ({
  AmazonOrderReferenceId: orderId,
  AuthorizationReferenceId: ref,
  'AuthorizationAmount.Amount': amount,
  'AuthorizationAmount.CurrencyCode': 'JPY',
  TransactionTimeout: '0',
  ...extra,
});

test('GetOrderReferenceDetails and SetOrderReferenceDetails show and change a Draft order; ConfirmOrderReference opens it', () =>
  withService(async (t) => {
    const orderId = await draftOrder(t);
    const draft = expectOk(await t.client.call('GetOrderReferenceDetails', { AmazonOrderReferenceId: orderId }));
    assert.is(at(draft, 'OrderReferenceDetails.OrderReferenceStatus.State'), 'Draft');
    assert.is(at(draft, 'OrderReferenceDetails.Buyer.Email'), 'hanako@example.jp');
    assert.ok(at(draft, 'OrderReferenceDetails.ExpirationTimestamp'));
    const set = expectOk(
      await t.client.call('SetOrderReferenceDetails', {
        AmazonOrderReferenceId: orderId,
        'OrderReferenceAttributes.OrderTotal.Amount': '4500',
        'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY',
        'OrderReferenceAttributes.SellerNote': 'one mug',
        'OrderReferenceAttributes.SellerOrderAttributes.SellerOrderId': 'order-77',
      }),
    );
    assert.equal(at(set, 'OrderReferenceDetails.OrderTotal'), { Amount: '4500', CurrencyCode: 'JPY' });
    assert.is(at(set, 'OrderReferenceDetails.SellerNote'), 'one mug');
    assert.is(at(set, 'OrderReferenceDetails.SellerOrderAttributes.SellerOrderId'), 'order-77');
    assert.match((await t.client.call('ConfirmOrderReference', { AmazonOrderReferenceId: orderId })).body, /<ConfirmOrderReferenceResult\/>/);
    expectError(
      await t.client.call('SetOrderReferenceDetails', { AmazonOrderReferenceId: orderId, 'OrderReferenceAttributes.OrderTotal.Amount': '1', 'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY' }),
      'OrderReferenceNotModifiable',
      405,
    );
  }));

test('Authorize, Capture and Refund answer their details with ids numbered on the order; the refund settles Completed', () =>
  withService(async (t) => {
    const orderId = await openOrder(t);
    const auth = expectOk(await t.client.call('Authorize', authorize(orderId, 'auth-1', '3000', { SellerAuthorizationNote: 'mug', SoftDescriptor: 'KISSA' })));
    assert.is(at(auth, 'AuthorizationDetails.AmazonAuthorizationId'), `${orderId}-A000001`);
    assert.is(at(auth, 'AuthorizationDetails.AuthorizationStatus.State'), 'Open');
    assert.is(at(auth, 'AuthorizationDetails.SellerAuthorizationNote'), 'mug');
    assert.equal(at(auth, 'AuthorizationDetails.AuthorizationFee'), { Amount: '0', CurrencyCode: 'JPY' });
    const capture = expectOk(
      await t.client.call('Capture', { AmazonAuthorizationId: `${orderId}-A000001`, CaptureReferenceId: 'cap-1', 'CaptureAmount.Amount': '3000', 'CaptureAmount.CurrencyCode': 'JPY', SellerCaptureNote: 'shipped' }),
    );
    assert.is(at(capture, 'CaptureDetails.AmazonCaptureId'), `${orderId}-C000001`);
    assert.is(at(capture, 'CaptureDetails.CaptureStatus.State'), 'Completed');
    assert.equal(at(capture, 'CaptureDetails.RefundedAmount'), { Amount: '0', CurrencyCode: 'JPY' });
    const refund = expectOk(
      await t.client.call('Refund', { AmazonCaptureId: `${orderId}-C000001`, RefundReferenceId: 'ref-1', 'RefundAmount.Amount': '1000', 'RefundAmount.CurrencyCode': 'JPY', SellerRefundNote: 'chipped' }),
    );
    assert.is(at(refund, 'RefundDetails.AmazonRefundId'), `${orderId}-R000001`);
    assert.is(at(refund, 'RefundDetails.RefundType'), 'SellerInitiated');
    assert.is(at(refund, 'RefundDetails.RefundStatus.State'), 'Pending');
    await eventually(async () => {
      const now = await t.client.call('GetRefundDetails', { AmazonRefundId: `${orderId}-R000001` });
      return now.ok && at(now.result, 'RefundDetails.RefundStatus.State') === 'Completed';
    });
    const captured = expectOk(await t.client.call('GetCaptureDetails', { AmazonCaptureId: `${orderId}-C000001` }));
    assert.equal(at(captured, 'CaptureDetails.RefundedAmount'), { Amount: '1000', CurrencyCode: 'JPY' });
    assert.equal(at(captured, 'CaptureDetails.IdList.member'), [`${orderId}-R000001`]);
    const authorization = expectOk(await t.client.call('GetAuthorizationDetails', { AmazonAuthorizationId: `${orderId}-A000001` }));
    assert.is(at(authorization, 'AuthorizationDetails.AuthorizationStatus.ReasonCode'), 'MaxCapturesProcessed');
    assert.equal(at(authorization, 'AuthorizationDetails.CapturedAmount'), { Amount: '3000', CurrencyCode: 'JPY' });
  }));

test('a Capture or Refund sent again with the same reference id answers the same object and records nothing', () =>
  withService(async (t) => {
    const orderId = await openOrder(t);
    expectOk(await t.client.call('Authorize', authorize(orderId, 'a')));
    const capture = { AmazonAuthorizationId: `${orderId}-A000001`, CaptureReferenceId: 'c', 'CaptureAmount.Amount': '3000', 'CaptureAmount.CurrencyCode': 'JPY' };
    const first = expectOk(await t.client.call('Capture', capture));
    const count = await t.eventCount();
    assert.equal(expectOk(await t.client.call('Capture', capture)), first);
    assert.is(await t.eventCount(), count);
    const refund = { AmazonCaptureId: `${orderId}-C000001`, RefundReferenceId: 'r', 'RefundAmount.Amount': '10', 'RefundAmount.CurrencyCode': 'JPY' };
    const refunded = expectOk(await t.client.call('Refund', refund));
    await eventually(async () => (await t.service.engine.orderReference(orderId))?.refunds[`${orderId}-R000001`]?.status.state === 'Completed');
    const settled = await t.eventCount();
    const again = expectOk(await t.client.call('Refund', refund));
    assert.is(at(again, 'RefundDetails.AmazonRefundId'), at(refunded, 'RefundDetails.AmazonRefundId'));
    assert.is(await t.eventCount(), settled);
  }));

test('CloseAuthorization closes an open authorization with SellerClosed', () =>
  withService(async (t) => {
    const orderId = await openOrder(t);
    expectOk(await t.client.call('Authorize', authorize(orderId, 'a')));
    assert.match((await t.client.call('CloseAuthorization', { AmazonAuthorizationId: `${orderId}-A000001`, ClosureReason: 'out of stock' })).body, /<CloseAuthorizationResult\/>/);
    const status = at(expectOk(await t.client.call('GetAuthorizationDetails', { AmazonAuthorizationId: `${orderId}-A000001` })), 'AuthorizationDetails.AuthorizationStatus');
    assert.is(at(status, 'State'), 'Closed');
    assert.is(at(status, 'ReasonCode'), 'SellerClosed');
    assert.is(at(status, 'ReasonDescription'), 'out of stock');
  }));

test('CancelOrderReference cancels an order without captures; CloseOrderReference closes one', () =>
  withService(async (t) => {
    const canceled = await openOrder(t);
    expectOk(await t.client.call('CancelOrderReference', { AmazonOrderReferenceId: canceled, CancelationReason: 'changed my mind' }));
    const status = at(expectOk(await t.client.call('GetOrderReferenceDetails', { AmazonOrderReferenceId: canceled })), 'OrderReferenceDetails.OrderReferenceStatus');
    assert.equal([at(status, 'State'), at(status, 'ReasonCode'), at(status, 'ReasonDescription')], ['Canceled', 'SellerCanceled', 'changed my mind']);
    const closed = await openOrder(t);
    expectOk(await t.client.call('CloseOrderReference', { AmazonOrderReferenceId: closed, ClosureReason: 'done' }));
    const after = at(expectOk(await t.client.call('GetOrderReferenceDetails', { AmazonOrderReferenceId: closed })), 'OrderReferenceDetails.OrderReferenceStatus');
    assert.equal([at(after, 'State'), at(after, 'ReasonCode')], ['Closed', 'SellerClosed']);
    expectError(await t.client.call('Authorize', authorize(closed, 'late')), 'InvalidOrderReferenceStatus', 400);
  }));

test('concurrent Authorize calls on one order get distinct ids, A000001 to A000005, none fails', () =>
  withService(async (t) => {
    const orderId = await openOrder(t);
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => t.client.call('Authorize', authorize(orderId, `parallel-${n}`, '100'))));
    const ids = answers.map((answer) => at(expectOk(answer), 'AuthorizationDetails.AmazonAuthorizationId') as string).sort();
    assert.equal(ids, [1, 2, 3, 4, 5].map((n) => `${orderId}-A00000${n}`));
  }));

test('a capture simulated Pending answers Pending and settles Completed', () =>
  withService(async (t) => {
    const orderId = await openOrder(t);
    expectOk(await t.client.call('Authorize', authorize(orderId, 'a')));
    const capture = expectOk(
      await t.client.call('Capture', {
        AmazonAuthorizationId: `${orderId}-A000001`,
        CaptureReferenceId: 'c',
        'CaptureAmount.Amount': '3000',
        'CaptureAmount.CurrencyCode': 'JPY',
        SellerCaptureNote: '{"SandboxSimulation":{"State":"Pending"}}',
      }),
    );
    assert.is(at(capture, 'CaptureDetails.CaptureStatus.State'), 'Pending');
    await eventually(async () => (await t.service.engine.orderReference(orderId))?.captures[`${orderId}-C000001`]?.status.state === 'Completed');
  }));

test.run();
