import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SANDBOX_PATH, at, draftAgreement, expectError, expectOk, openAgreement, withService, type TestService } from './support.js';

const test = suite('MWS errors reachable from input: code, status and nothing recorded');

const charge = (id: string, ref: string, amount = '1000', extra: Record<string, string> = {}) => ({
  AmazonBillingAgreementId: id,
  AuthorizationReferenceId: ref,
  'AuthorizationAmount.Amount': amount,
  'AuthorizationAmount.CurrencyCode': 'JPY',
  TransactionTimeout: '0',
  ...extra,
});

async function openOrder(t: TestService, total = '5000'): Promise<string> {
  const id = await openAgreement(t);
  const created = await t.client.call('CreateOrderReferenceForId', { Id: id, IdType: 'BillingAgreement', ConfirmNow: 'true', 'OrderReferenceAttributes.OrderTotal.Amount': total, 'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY' });
  return at(expectOk(created), 'OrderReferenceDetails.AmazonOrderReferenceId') as string;
}

const authorize = (orderId: string, ref: string, amount = '1000', extra: Record<string, string> = {}) => ({
  AmazonOrderReferenceId: orderId,
  AuthorizationReferenceId: ref,
  'AuthorizationAmount.Amount': amount,
  'AuthorizationAmount.CurrencyCode': 'JPY',
  TransactionTimeout: '0',
  ...extra,
});

/** The call fails with `code` and `status`, and the store is unchanged. */
async function refusedWithoutEvents(t: TestService, action: string, params: Record<string, string>, code: string, status: number): Promise<void> {
  const before = await t.eventCount();
  expectError(await t.client.call(action, params), code, status);
  assert.is(await t.eventCount(), before, `${code}: nothing recorded`);
}

test('unknown ids are 404: InvalidBillingAgreementId, InvalidOrderReferenceId, InvalidTransactionId', () =>
  withService(async (t) => {
    await refusedWithoutEvents(t, 'GetBillingAgreementDetails', { AmazonBillingAgreementId: 'C03-0000000-9999999' }, 'InvalidBillingAgreementId', 404);
    await refusedWithoutEvents(t, 'GetOrderReferenceDetails', { AmazonOrderReferenceId: 'S03-0000000-9999999' }, 'InvalidOrderReferenceId', 404);
    await refusedWithoutEvents(t, 'GetAuthorizationDetails', { AmazonAuthorizationId: 'S03-0000000-9999999-A000001' }, 'InvalidTransactionId', 404);
    await refusedWithoutEvents(t, 'GetCaptureDetails', { AmazonCaptureId: 'garbage' }, 'InvalidTransactionId', 404);
    await refusedWithoutEvents(t, 'Refund', { AmazonCaptureId: 'S03-0000000-9999999-C000001', RefundReferenceId: 'r', 'RefundAmount.Amount': '1', 'RefundAmount.CurrencyCode': 'JPY' }, 'InvalidTransactionId', 404);
  }));

test('another seller’s agreement, or a sandbox agreement at the live endpoint, does not exist for the caller', () =>
  withService(
    async (t) => {
      const id = await openAgreement(t);
      const other = t.clientFor(SANDBOX_PATH, { credential: { accessKeyId: 'AKIAOTHER', secretKey: 'other-secret', sellerId: 'AOTHER' } });
      expectError(await other.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), 'InvalidBillingAgreementId', 404);
      expectError(await t.clientFor('/OffAmazonPayments/2013-01-01').call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), 'InvalidBillingAgreementId', 404);
    },
    { credentials: [{ accessKeyId: 'AKIAOTHER', secretKey: 'other-secret', sellerId: 'AOTHER' }] },
  ));

test('state and modification errors: InvalidBillingAgreementStatus, BillingAgreementNotModifiable (405), PaymentMethodNotUpdated', () =>
  withService(async (t) => {
    const draft = await draftAgreement(t);
    await refusedWithoutEvents(t, 'CloseBillingAgreement', { AmazonBillingAgreementId: draft }, 'InvalidBillingAgreementStatus', 400);
    const open = await openAgreement(t);
    await refusedWithoutEvents(t, 'SetBillingAgreementDetails', { AmazonBillingAgreementId: open, 'BillingAgreementAttributes.SellerNote': 'x' }, 'BillingAgreementNotModifiable', 405);
    await t.json('POST', `/v1/billing-agreements/${open}/address`, { addressLine1: '1-1 Marunouchi', city: 'Tokyo', postalCode: '100-0005', countryCode: 'JP' });
    await refusedWithoutEvents(t, 'ConfirmBillingAgreement', { AmazonBillingAgreementId: open }, 'PaymentMethodNotUpdated', 400);
  }));

test('money errors: PeriodicAmountExceeded, CurrencyMismatch, DuplicateReferenceId, InvalidSandboxSimulationSpecified', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    await refusedWithoutEvents(t, 'AuthorizeOnBillingAgreement', charge(id, 'too-much', '50001'), 'PeriodicAmountExceeded', 400);
    expectOk(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'most', '49000')));
    await refusedWithoutEvents(t, 'AuthorizeOnBillingAgreement', charge(id, 'rest', '1001'), 'PeriodicAmountExceeded', 400);
    expectError(await t.client.call('AuthorizeOnBillingAgreement', charge(id, 'usd', '10.00', { 'AuthorizationAmount.CurrencyCode': 'USD' })), 'CurrencyMismatch', 400);
    const bad = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"NoSuchReason"}}';
    await refusedWithoutEvents(t, 'AuthorizeOnBillingAgreement', charge(id, 'sim', '10', { SellerAuthorizationNote: bad }), 'InvalidSandboxSimulationSpecified', 400);
    await refusedWithoutEvents(t, 'AuthorizeOnBillingAgreement', charge(id, 'sim', '10', { SellerAuthorizationNote: 'SandboxSimulation please' }), 'InvalidSandboxSimulationSpecified', 400);
    const orderId = at(expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id })), 'BillingAgreementDetails.AmazonBillingAgreementId');
    assert.is(orderId, id);
    const authorization = (await t.service.engine.billingAgreement(id))?.authorizations['most']?.authorizationId ?? '';
    const capture = { AmazonAuthorizationId: authorization, CaptureReferenceId: 'most', 'CaptureAmount.Amount': '10', 'CaptureAmount.CurrencyCode': 'JPY' };
    await refusedWithoutEvents(t, 'Capture', capture, 'DuplicateReferenceId', 400);
  }));

test('transaction errors: TransactionAmountExceeded, InvalidAuthorizationStatus (405), CaptureNotRefundable (405), TransactionCountExceeded', () =>
  withService(async (t) => {
    const orderId = await openOrder(t);
    expectOk(await t.client.call('Authorize', authorize(orderId, 'a1', '1000')));
    const capture = (ref: string, amount: string, extra: Record<string, string> = {}) => ({ AmazonAuthorizationId: `${orderId}-A000001`, CaptureReferenceId: ref, 'CaptureAmount.Amount': amount, 'CaptureAmount.CurrencyCode': 'JPY', ...extra });
    await refusedWithoutEvents(t, 'Capture', capture('c-over', '1001'), 'TransactionAmountExceeded', 400);
    expectOk(await t.client.call('Capture', capture('c-declined', '1000', { SellerCaptureNote: '{"SandboxSimulation":{"State":"Declined","ReasonCode":"AmazonRejected"}}' })));
    const refund = { AmazonCaptureId: `${orderId}-C000001`, RefundReferenceId: 'r1', 'RefundAmount.Amount': '1', 'RefundAmount.CurrencyCode': 'JPY' };
    await refusedWithoutEvents(t, 'Refund', refund, 'CaptureNotRefundable', 405);
    expectOk(await t.client.call('CloseAuthorization', { AmazonAuthorizationId: `${orderId}-A000001` }));
    await refusedWithoutEvents(t, 'Capture', capture('c-closed', '10'), 'InvalidAuthorizationStatus', 405);
    for (let n = 2; n <= 10; n++) expectOk(await t.client.call('Authorize', authorize(orderId, `a${n}`, '1')));
    await refusedWithoutEvents(t, 'Authorize', authorize(orderId, 'a11', '1'), 'TransactionCountExceeded', 400);
  }));

test('input errors: MissingParameter and InvalidParameterValue name the parameter; unknown actions and versions are InvalidAddress', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    const missing = await t.client.call('AuthorizeOnBillingAgreement', { AmazonBillingAgreementId: id, 'AuthorizationAmount.Amount': '10', 'AuthorizationAmount.CurrencyCode': 'JPY' });
    expectError(missing, 'MissingParameter', 400);
    assert.match(missing.ok ? '' : missing.message, /AuthorizationReferenceId/);
    const cases: Record<string, string>[] = [
      charge(id, 'r', '10.5'),
      charge(id, 'r', '-10'),
      charge(id, 'r', '0'),
      charge(id, 'r', '1e3'),
      charge(id, 'a'.repeat(33)),
      charge(id, 'bad ref'),
      charge(id, 'r', '10', { TransactionTimeout: '1441' }),
      charge(id, 'r', '10', { CaptureNow: 'yes' }),
      charge(id, 'r', '10', { SoftDescriptor: 'x'.repeat(17) }),
      charge(id, 'r', '10', { SellerAuthorizationNote: 'x'.repeat(256) }),
      charge(id, 'r', '10', { SellerNote: 'x'.repeat(1025) }),
      charge(id, 'r', '10', { 'AuthorizationAmount.CurrencyCode': 'XYZ' }),
    ];
    for (const params of cases) await refusedWithoutEvents(t, 'AuthorizeOnBillingAgreement', params, 'InvalidParameterValue', 400);
    await refusedWithoutEvents(t, 'NoSuchOperation', {}, 'InvalidAddress', 404);
    await refusedWithoutEvents(t, 'GetBillingAgreementDetails', { AmazonBillingAgreementId: id, Version: '2012-01-01' }, 'InvalidAddress', 404);
    expectError(await t.clientFor('/OffAmazonPayments_Sandbox/2012-01-01').call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), 'InvalidAddress', 404);
    const unknownSection = await fetch(`${t.url}/OffAmazonPayments_Elsewhere/2013-01-01`, { method: 'POST' });
    assert.is(unknownSection.status, 404);
    assert.match(await unknownSection.text(), /<Code>InvalidAddress<\/Code>/);
  }));

test.run();
