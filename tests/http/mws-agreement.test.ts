import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { at, draftAgreement, eventually, expectError, expectOk, openAgreement, withService } from './support.js';

const test = suite('MWS billing agreement operations over HTTP');

const charge = (id: string, ref: string, extra: Record<string, string> = {}) => ({
  AmazonBillingAgreementId: id,
  AuthorizationReferenceId: ref,
  'AuthorizationAmount.Amount': '1980',
  'AuthorizationAmount.CurrencyCode': 'JPY',
  TransactionTimeout: '0',
  ...extra,
});

test('GetBillingAgreementDetails of a Draft shows its limits, constraints and no buyer yet', () =>
  withService(async (t) => {
    const id = await draftAgreement(t);
    const answer = await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id });
    assert.is(answer.status, 200);
    const details = at(expectOk(answer), 'BillingAgreementDetails');
    assert.is(at(details, 'AmazonBillingAgreementId'), id);
    assert.is(at(details, 'BillingAgreementStatus.State'), 'Draft');
    assert.ok(at(details, 'BillingAgreementStatus.LastUpdatedTimestamp'));
    assert.equal(at(details, 'BillingAgreementLimits.AmountLimitPerTimePeriod'), { Amount: '50000', CurrencyCode: 'JPY' });
    assert.equal(at(details, 'BillingAgreementLimits.CurrentRemainingBalance'), { Amount: '50000', CurrencyCode: 'JPY' });
    assert.is(at(details, 'BillingAgreementLimits.TimePeriodStartDate'), '2026-11-01T00:00:00.000Z');
    assert.equal((at(details, 'Constraints.Constraint') as { ConstraintID: string }[]).map((c) => c.ConstraintID), ['BuyerConsentNotSet', 'PaymentPlanNotSet']);
    assert.is(at(details, 'Buyer'), undefined);
    assert.is(at(details, 'ReleaseEnvironment'), 'Sandbox');
    assert.is(at(details, 'BillingAgreementConsent'), 'false');
  }));

test('ConfirmBillingAgreement opens the agreement and answers an empty result with a fresh RequestId', () =>
  withService(async (t) => {
    const id = await draftAgreement(t);
    expectError(await t.client.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id }), 'BillingAgreementConstraintsExist', 400);
    await t.json('POST', `/v1/billing-agreements/${id}/consent`);
    await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' });
    const confirmed = await t.client.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
    assert.ok(confirmed.ok);
    assert.match(confirmed.body, /<ConfirmBillingAgreementResult\/>/);
    const again = await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id });
    assert.is.not(again.requestId, confirmed.requestId);
    assert.is(at(expectOk(again), 'BillingAgreementDetails.BillingAgreementStatus.State'), 'Open');
    assert.is(at(expectOk(again), 'BillingAgreementDetails.Buyer.Name'), 'Hanako Yamada');
  }));

test('AuthorizeOnBillingAgreement answers AuthorizationDetails and the implicit order reference id', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const answer = await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'nov-2026', { CaptureNow: 'true', SoftDescriptor: 'Monthly' }));
    const result = expectOk(answer);
    const orderId = at(result, 'AmazonOrderReferenceId') as string;
    assert.match(orderId, /^S03-\d{7}-\d{7}$/);
    assert.is(at(result, 'AuthorizationDetails.AmazonAuthorizationId'), `${orderId}-A000001`);
    assert.is(at(result, 'AuthorizationDetails.AuthorizationReferenceId'), 'nov-2026');
    assert.equal(at(result, 'AuthorizationDetails.AuthorizationAmount'), { Amount: '1980', CurrencyCode: 'JPY' });
    assert.equal(at(result, 'AuthorizationDetails.CapturedAmount'), { Amount: '1980', CurrencyCode: 'JPY' });
    assert.is(at(result, 'AuthorizationDetails.AuthorizationStatus.State'), 'Closed');
    assert.is(at(result, 'AuthorizationDetails.AuthorizationStatus.ReasonCode'), 'MaxCapturesProcessed');
    assert.equal(at(result, 'AuthorizationDetails.IdList.member'), [`${orderId}-C000001`]);
    assert.is(at(result, 'AuthorizationDetails.CaptureNow'), 'true');
    assert.is(at(result, 'AuthorizationDetails.SoftDescriptor'), 'Monthly');
    const details = expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
    assert.equal(at(details, 'BillingAgreementDetails.BillingAgreementLimits.CurrentRemainingBalance'), { Amount: '48020', CurrencyCode: 'JPY' });
  }));

test('the same AuthorizeOnBillingAgreement sent again answers the same authorization and records nothing', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const first = expectOk(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'once')));
    const count = await t.eventCount();
    const again = expectOk(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'once')));
    assert.equal(again, first);
    assert.is(await t.eventCount(), count);
    expectError(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'once', { 'AuthorizationAmount.Amount': '2000' })), 'DuplicateRequest', 400);
  }));

test('a simulated decline for InvalidPaymentMethod answers Declined with SoftDecline and suspends the agreement', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const note = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod","SoftDecline":"true"}}';
    const result = expectOk(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'declined', { SellerAuthorizationNote: note })));
    assert.is(at(result, 'AuthorizationDetails.AuthorizationStatus.State'), 'Declined');
    assert.is(at(result, 'AuthorizationDetails.AuthorizationStatus.ReasonCode'), 'InvalidPaymentMethod');
    assert.is(at(result, 'AuthorizationDetails.SoftDecline'), 'true');
    const details = expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
    assert.is(at(details, 'BillingAgreementDetails.BillingAgreementStatus.State'), 'Suspended');
    expectError(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'after')), 'InvalidBillingAgreementStatus', 400);
  }));

test('an asynchronous AuthorizeOnBillingAgreement answers Pending and settles in the background', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const note = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"AmazonRejected"}}';
    const result = expectOk(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'async', { TransactionTimeout: '60', SellerAuthorizationNote: note })));
    assert.is(at(result, 'AuthorizationDetails.AuthorizationStatus.State'), 'Pending');
    const authorizationId = at(result, 'AuthorizationDetails.AmazonAuthorizationId') as string;
    await eventually(async () => {
      const now = await t.client.call('GetAuthorizationDetails', { AmazonAuthorizationId: authorizationId });
      return now.ok && at(now.result, 'AuthorizationDetails.AuthorizationStatus.State') === 'Declined';
    });
    const details = expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
    assert.is(at(details, 'BillingAgreementDetails.BillingAgreementStatus.State'), 'Open');
    assert.equal(at(details, 'BillingAgreementDetails.BillingAgreementLimits.CurrentRemainingBalance'), { Amount: '50000', CurrencyCode: 'JPY' });
  }));

test('CloseBillingAgreement closes with SellerClosed and the closure reason; closing again succeeds', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    assert.ok((await t.client.call('CloseBillingAgreement', { AmazonBillingAgreementId: id, ClosureReason: 'Cancelled by the buyer' })).ok);
    const status = at(expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id })), 'BillingAgreementDetails.BillingAgreementStatus');
    assert.is(at(status, 'State'), 'Closed');
    assert.is(at(status, 'ReasonCode'), 'SellerClosed');
    assert.is(at(status, 'ReasonDescription'), 'Cancelled by the buyer');
    assert.ok((await t.client.call('CloseBillingAgreement', { AmazonBillingAgreementId: id })).ok);
    expectError(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'late')), 'InvalidBillingAgreementStatus', 400);
  }));

test('SetBillingAgreementDetails sets the seller attributes of a Draft; a simulated constraint is reported', () =>
  withService(async (t) => {
    const id = await draftAgreement(t);
    const set = expectOk(
      await t.client.call('SetBillingAgreementDetails', {
        AmazonBillingAgreementId: id,
        'BillingAgreementAttributes.SellerNote': '{"SandboxSimulation":{"Constraint":"PaymentMethodNotAllowed"}}',
        'BillingAgreementAttributes.SellerBillingAgreementAttributes.StoreName': 'Kissa Tokyo',
        'BillingAgreementAttributes.SellerBillingAgreementAttributes.SellerBillingAgreementId': 'sub-42',
      }),
    );
    assert.is(at(set, 'BillingAgreementDetails.SellerBillingAgreementAttributes.StoreName'), 'Kissa Tokyo');
    const constraints = (at(set, 'BillingAgreementDetails.Constraints.Constraint') as { ConstraintID: string }[]).map((c) => c.ConstraintID);
    assert.ok(constraints.includes('PaymentMethodNotAllowed'));
  }));

test('ValidateBillingAgreement answers Success and the agreement status', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const result = expectOk(await t.client.call('ValidateBillingAgreement', { AmazonBillingAgreementId: id }));
    assert.is(at(result, 'ValidationResult'), 'Success');
    assert.is(at(result, 'BillingAgreementStatus.State'), 'Open');
    assert.ok(at(result, 'BillingAgreementStatus.LastUpdatedTimestamp'));
  }));

test('CreateOrderReferenceForId from a Draft agreement creates one Open order with ParentDetails, and refuses a second', () =>
  withService(async (t) => {
    const id = await draftAgreement(t);
    await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' });
    const params = { Id: id, IdType: 'BillingAgreement', ConfirmNow: 'true', 'OrderReferenceAttributes.OrderTotal.Amount': '3000', 'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY' };
    const created = expectOk(await t.client.call('CreateOrderReferenceForId', params));
    assert.is(at(created, 'OrderReferenceDetails.OrderReferenceStatus.State'), 'Open');
    assert.equal(at(created, 'OrderReferenceDetails.ParentDetails'), { Id: id, Type: 'BillingAgreement' });
    assert.equal(at(created, 'OrderReferenceDetails.OrderTotal'), { Amount: '3000', CurrencyCode: 'JPY' });
    expectError(await t.client.call('CreateOrderReferenceForId', params), 'OrderReferenceCountExceeded', 400);
  }));

test.run();
