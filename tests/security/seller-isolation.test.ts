/**
 * Sellers are isolated on every route and operation: seller A's API key and MWS credential can
 * neither read nor change seller B's agreements, orders, authorizations, captures or refunds.
 * Another seller's id is answered exactly as an id that does not exist (so ids cannot be probed),
 * and the store is left as it was.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { newApiKey } from '../../infrastructure/auth/api-key-tokens.js';
import { ACTIONS } from '../../infrastructure/mws/actions/index.js';
import type { MwsAnswer, MwsClient } from '../../infrastructure/mws/client.js';
import type { Credential } from '../../infrastructure/mws/credentials.js';
import { at, eventually, expectOk, SANDBOX_PATH, withService, type TestService } from '../http/support.js';

const test = suite('seller isolation on every JSON route and MWS operation');

const SELLER_B: Credential = { accessKeyId: 'AKIASELLERB000000000', secretKey: 'seller-b-secret-key', sellerId: 'ASELLERB' };

interface SellerB {
  readonly key: string;
  readonly client: MwsClient;
  /** An Open agreement with a plan, an order, its authorization, capture and refund. */
  readonly agreementId: string;
  readonly draftId: string;
  readonly orderId: string;
  readonly authorizationId: string;
  readonly captureId: string;
  readonly refundId: string;
}

async function sellerB(t: TestService): Promise<SellerB> {
  const { token, record } = newApiKey(SELLER_B.sellerId, 'seller B', 'operator', '2026-11-10T00:00:00.000Z');
  await t.service.apiKeys.create(record);
  const client = t.clientFor(SANDBOX_PATH, { credential: SELLER_B });
  const json = (path: string, body: unknown = {}) => t.json('POST', path, body, token);
  const draft = async () => {
    const created = await json('/v1/billing-agreements', { marketplace: 'JP', buyer: { name: 'Taro Sato', email: 'taro@example.jp' }, requiresShipping: false });
    assert.is(created.status, 201, JSON.stringify(created.body));
    return created.body['amazonBillingAgreementId'] as string;
  };
  const agreementId = await draft();
  assert.is((await json(`/v1/billing-agreements/${agreementId}/consent`)).status, 200);
  assert.is((await json(`/v1/billing-agreements/${agreementId}/payment-method`, { descriptor: 'Visa ****4242' })).status, 200);
  assert.is((await json(`/v1/billing-agreements/${agreementId}/plan`, { planId: 'basic', price: { amount: '1000', currency: 'JPY' }, anchorDay: 10 })).status, 200);
  expectOk(await client.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: agreementId }));
  const order = expectOk(await client.call('CreateOrderReferenceForId', { Id: agreementId, IdType: 'BillingAgreement', 'OrderReferenceAttributes.OrderTotal.Amount': '3000', 'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY' }));
  const orderId = at(order, 'OrderReferenceDetails.AmazonOrderReferenceId') as string;
  expectOk(await client.call('ConfirmOrderReference', { AmazonOrderReferenceId: orderId }));
  const auth = expectOk(await client.call('Authorize', { AmazonOrderReferenceId: orderId, AuthorizationReferenceId: 'b-auth', 'AuthorizationAmount.Amount': '3000', 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0' }));
  const authorizationId = at(auth, 'AuthorizationDetails.AmazonAuthorizationId') as string;
  const capture = expectOk(await client.call('Capture', { AmazonAuthorizationId: authorizationId, CaptureReferenceId: 'b-cap', 'CaptureAmount.Amount': '3000', 'CaptureAmount.CurrencyCode': 'JPY' }));
  const captureId = at(capture, 'CaptureDetails.AmazonCaptureId') as string;
  const refund = expectOk(await client.call('Refund', { AmazonCaptureId: captureId, RefundReferenceId: 'b-ref', 'RefundAmount.Amount': '500', 'RefundAmount.CurrencyCode': 'JPY' }));
  const refundId = at(refund, 'RefundDetails.AmazonRefundId') as string;
  // The sandbox settles the refund a moment later: wait for it, so nothing is recorded during a sweep but what a sweep causes.
  await eventually(async () => (await client.call('GetRefundDetails', { AmazonRefundId: refundId })).body.includes('<State>Completed</State>'));
  return { key: token, client, agreementId, draftId: await draft(), orderId, authorizationId, captureId, refundId };
}

/** A well-formed id that names nothing: the same shape as `id`, another number. */
const unknownLike = (id: string): string => id.replace(/^([A-Z]\d{2})-\d{7}-/, '$1-9999999-');

/** Every MWS operation, with B's object ids in its parameters. */
function operations(b: SellerB): Readonly<Record<string, Record<string, string>>> {
  const money = (prefix: string, amount = '100') => ({ [`${prefix}.Amount`]: amount, [`${prefix}.CurrencyCode`]: 'JPY' });
  return {
    GetBillingAgreementDetails: { AmazonBillingAgreementId: b.agreementId },
    SetBillingAgreementDetails: { AmazonBillingAgreementId: b.draftId, 'BillingAgreementAttributes.SellerNote': 'mine now' },
    ConfirmBillingAgreement: { AmazonBillingAgreementId: b.draftId },
    ValidateBillingAgreement: { AmazonBillingAgreementId: b.agreementId },
    CloseBillingAgreement: { AmazonBillingAgreementId: b.agreementId, ClosureReason: 'taken over' },
    AuthorizeOnBillingAgreement: { AmazonBillingAgreementId: b.agreementId, AuthorizationReferenceId: 'a-steal', ...money('AuthorizationAmount'), TransactionTimeout: '0', CaptureNow: 'true' },
    CreateOrderReferenceForId: { Id: b.agreementId, IdType: 'BillingAgreement', ...money('OrderReferenceAttributes.OrderTotal') },
    GetOrderReferenceDetails: { AmazonOrderReferenceId: b.orderId },
    SetOrderReferenceDetails: { AmazonOrderReferenceId: b.orderId, ...money('OrderReferenceAttributes.OrderTotal') },
    ConfirmOrderReference: { AmazonOrderReferenceId: b.orderId },
    CancelOrderReference: { AmazonOrderReferenceId: b.orderId, CancelationReason: 'taken over' },
    CloseOrderReference: { AmazonOrderReferenceId: b.orderId, ClosureReason: 'taken over' },
    Authorize: { AmazonOrderReferenceId: b.orderId, AuthorizationReferenceId: 'a-steal', ...money('AuthorizationAmount'), TransactionTimeout: '0' },
    GetAuthorizationDetails: { AmazonAuthorizationId: b.authorizationId },
    CloseAuthorization: { AmazonAuthorizationId: b.authorizationId, ClosureReason: 'taken over' },
    Capture: { AmazonAuthorizationId: b.authorizationId, CaptureReferenceId: 'a-steal', ...money('CaptureAmount') },
    GetCaptureDetails: { AmazonCaptureId: b.captureId },
    Refund: { AmazonCaptureId: b.captureId, RefundReferenceId: 'a-steal', ...money('RefundAmount') },
    GetRefundDetails: { AmazonRefundId: b.refundId },
  };
}

const ID_PARAMS = ['AmazonBillingAgreementId', 'Id', 'AmazonOrderReferenceId', 'AmazonAuthorizationId', 'AmazonCaptureId', 'AmazonRefundId'];

/** What an answer says, without what differs between any two calls (the request id, the id asked about). */
function gist(answer: MwsAnswer, id: string): string {
  return answer.ok ? `success: ${answer.body}` : `${answer.status} ${answer.code}: ${answer.message.replaceAll(id, '<id>')}`;
}

/** Everything B can see of its objects, over MWS and the JSON API. */
async function whatBSees(t: TestService, b: SellerB): Promise<string> {
  const reads = await Promise.all([
    b.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: b.agreementId }),
    b.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: b.draftId }),
    b.client.call('GetOrderReferenceDetails', { AmazonOrderReferenceId: b.orderId }),
    b.client.call('GetAuthorizationDetails', { AmazonAuthorizationId: b.authorizationId }),
    b.client.call('GetCaptureDetails', { AmazonCaptureId: b.captureId }),
    b.client.call('GetRefundDetails', { AmazonRefundId: b.refundId }),
  ]);
  const json = await Promise.all([
    t.json('GET', `/v1/billing-agreements/${b.agreementId}`, undefined, b.key),
    t.json('GET', `/v1/billing-agreements/${b.agreementId}/prorations`, undefined, b.key),
    t.json('GET', '/v1/spending?month=2026-11', undefined, b.key),
  ]);
  return JSON.stringify([reads.map((r) => expectOk(r)), json]);
}

test("seller A's MWS credential gets, on every operation, the answer for an unknown id; B's objects and the store are unchanged", () =>
  withService(
    async (t) => {
      const b = await sellerB(t);
      const ops = operations(b);
      assert.equal(Object.keys(ops).sort(), Object.keys(ACTIONS).sort(), 'every MWS operation is tried');
      const before = { events: await t.eventCount(), seen: await whatBSees(t, b) };
      for (const [action, params] of Object.entries(ops)) {
        const idParam = ID_PARAMS.find((name) => params[name] !== undefined) ?? '';
        const id = params[idParam] ?? '';
        const foreign = await t.client.call(action, params);
        const unknown = await t.client.call(action, { ...params, [idParam]: unknownLike(id) });
        assert.not.ok(foreign.ok, `${action} on seller B's ${idParam} must not succeed for seller A`);
        assert.is(gist(foreign, id), gist(unknown, unknownLike(id)), `${action}: another seller's id is answered as an unknown one`);
        assert.match(gist(foreign, id), /^404 Invalid[A-Za-z]+Id: /, action);
      }
      assert.is(await t.eventCount(), before.events, 'nothing was recorded');
      assert.is(await whatBSees(t, b), before.seen, 'B sees its objects as before');
      // The same calls with B's own credential do reach B's objects (the sweep above could fail).
      expectOk(await b.client.call('GetBillingAgreementDetails', ops['GetBillingAgreementDetails'] ?? {}));
    },
    { credentials: [SELLER_B] },
  ));

const STEP_BODIES: Readonly<Record<string, unknown>> = {
  consent: {},
  'payment-method': { descriptor: 'Mastercard ****0000' },
  address: { addressLine1: '1-1 Chiyoda', city: 'Tokyo', postalCode: '100-0001', countryCode: 'JP' },
  plan: { planId: 'stolen', price: { amount: '1', currency: 'JPY' }, anchorDay: 1 },
  'plan-change': { planId: 'stolen', price: { amount: '1', currency: 'JPY' }, policy: 'days' },
  pause: { reason: 'taken over' },
  resume: {},
};

test("seller A's API key gets, on every JSON route, the answer for an unknown id; B's agreements and the store are unchanged", () =>
  withService(
    async (t) => {
      const b = await sellerB(t);
      const before = { events: await t.eventCount(), seen: await whatBSees(t, b) };
      const calls: [method: 'GET' | 'POST', path: (id: string) => string, body?: unknown][] = [
        ['GET', (id) => `/v1/billing-agreements/${id}`],
        ['GET', (id) => `/v1/billing-agreements/${id}/prorations`],
        ['GET', (id) => `/v1/billing-agreements/${id}/timeline`],
        ...Object.entries(STEP_BODIES).map(([step, body]): ['POST', (id: string) => string, unknown] => ['POST', (id) => `/v1/billing-agreements/${id}/${step}`, body]),
      ];
      for (const target of [b.agreementId, b.draftId]) {
        for (const [method, path, body] of calls) {
          const foreign = await t.json(method, path(target), body);
          const unknown = await t.json(method, path(unknownLike(target)), body);
          assert.is(foreign.status, 404, `${method} ${path('<id>')} on B's agreement: ${JSON.stringify(foreign.body)}`);
          assert.equal({ ...foreign.body, message: String(foreign.body['message']).replace(target, '<id>') }, { ...unknown.body, message: String(unknown.body['message']).replace(unknownLike(target), '<id>') });
          assert.is(foreign.body['error'], 'InvalidBillingAgreementId');
        }
      }
      const asB = await t.json('POST', '/v1/billing-agreements', { sellerId: SELLER_B.sellerId, marketplace: 'JP', buyer: { name: 'Mallory', email: 'm@example.jp' }, requiresShipping: false });
      assert.equal([asB.status, asB.body['error']], [403, 'AccessDenied'], 'A cannot create agreements in B’s name');
      const spending = await t.json('GET', '/v1/spending?month=2026-11');
      assert.equal(spending.body['agreements'], [], "A's spending view shows none of B's agreements");
      const dashboard = (await t.json('GET', '/v1/dashboard?month=2026-11')).body as { spending: unknown[]; states: Record<string, number> };
      assert.equal([dashboard.spending, Object.values(dashboard.states).reduce((a, b) => a + b, 0)], [[], 0], "nor A's dashboard");
      assert.is(await t.eventCount(), before.events, 'nothing was recorded');
      assert.is(await whatBSees(t, b), before.seen, 'B sees its agreements as before');
      const bSpending = await t.json('GET', '/v1/spending?month=2026-11', undefined, b.key);
      assert.is((bSpending.body['agreements'] as unknown[]).length, 1, "B's own key sees B's spending (the checks above could fail)");
    },
    { credentials: [SELLER_B], store: 'sqlite' },
  ));

test.run();
