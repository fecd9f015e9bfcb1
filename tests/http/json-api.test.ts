import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually } from '../projections/support.js';
import { ProjectionReadViews, StateReadViews } from '../../infrastructure/http/read-views.js';
import { at, draftAgreement, expectError, expectOk, openAgreement, withService } from './support.js';

const test = suite('JSON API for widget events, seller concepts and queries');

const buyer = { name: 'Hanako Yamada', email: 'hanako@example.jp' };

test('POST /v1/billing-agreements answers 201 with an id from the generator, or mirrors a given one once', () =>
  withService(async (t) => {
    const sellerId = t.service.sandbox.credential.sellerId;
    const created = await t.json('POST', '/v1/billing-agreements', { sellerId, marketplace: 'JP', buyer });
    assert.is(created.status, 201);
    assert.match(created.body['amazonBillingAgreementId'] as string, /^C03-\d{7}-\d{7}$/);
    const mirrored = await t.json('POST', '/v1/billing-agreements', { sellerId, marketplace: 'US', buyer, amazonBillingAgreementId: 'B01-1234567-7654321', releaseEnvironment: 'Live' });
    assert.equal(mirrored, { status: 201, body: { amazonBillingAgreementId: 'B01-1234567-7654321' } });
    const again = await t.json('POST', '/v1/billing-agreements', { sellerId, marketplace: 'US', buyer, amazonBillingAgreementId: 'B01-1234567-7654321' });
    assert.is(again.status, 409);
    assert.is(again.body['error'], 'BillingAgreementAlreadyExists');
    const shown = await t.json('GET', '/v1/billing-agreements/B01-1234567-7654321');
    assert.equal([shown.status, at(shown.body, 'status.state'), at(shown.body, 'monthlyLimit')], [200, 'Draft', { amount: '500.00', currency: 'USD' }]);
  }));

test('validation errors are 400 with a JSON body naming the field', () =>
  withService(async (t) => {
    const sellerId = t.service.sandbox.credential.sellerId;
    const cases: [unknown, string][] = [
      [{ sellerId, marketplace: 'JP' }, 'buyer'],
      [{ sellerId, marketplace: 'JP', buyer: { name: 'H', email: 'not-an-email' } }, 'buyer.email'],
      [{ sellerId, marketplace: 'FR', buyer }, 'marketplace'],
      [{ sellerId: 42, marketplace: 'JP', buyer }, 'sellerId'],
      [{ sellerId, marketplace: 'JP', buyer, amazonBillingAgreementId: 'nope' }, 'amazonBillingAgreementId'],
      [[1, 2], '(body)'],
    ];
    for (const [body, field] of cases) {
      const answer = await t.json('POST', '/v1/billing-agreements', body);
      assert.is(answer.status, 400, JSON.stringify(body));
      assert.is(answer.body['field'], field);
    }
    const id = await draftAgreement(t);
    const noDescriptor = await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: '' });
    assert.equal([noDescriptor.status, noDescriptor.body['field']], [400, 'descriptor']);
    const badAddress = await t.json('POST', `/v1/billing-agreements/${id}/address`, { addressLine1: 'x', city: 'Tokyo', postalCode: '1', countryCode: 'japan' });
    assert.equal([badAddress.status, badAddress.body['field']], [400, 'countryCode']);
    const price = await t.json('POST', `/v1/billing-agreements/${id}/plan`, { planId: 'basic', price: { amount: '19.8', currency: 'JPY' }, anchorDay: 10 });
    assert.equal([price.status, price.body['field']], [400, 'price.amount']);
    const month = await t.json('GET', '/v1/spending?month=2026-13');
    assert.equal([month.status, month.body['field']], [400, 'month']);
    const broken = await fetch(`${t.url}/v1/billing-agreements`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.service.sandbox.apiKey}` }, body: '{"sellerId":' });
    assert.is(broken.status, 400);
  }));

test('widget events change the agreement; a rejection carries Amazon’s code', () =>
  withService(async (t) => {
    const id = await draftAgreement(t, { requiresShipping: true });
    const consent = await t.json('POST', `/v1/billing-agreements/${id}/consent`);
    assert.equal([consent.status, at(consent.body, 'agreement.consent')], [200, true]);
    await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'JCB ****0000' });
    const address = await t.json('POST', `/v1/billing-agreements/${id}/address`, { name: 'Hanako', addressLine1: '1-1 Marunouchi', city: 'Chiyoda-ku', postalCode: '100-0005', countryCode: 'JP' });
    assert.is(at(address.body, 'agreement.pendingAddress.city'), 'Chiyoda-ku');
    expectError(await t.client.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id }), 'PaymentMethodNotUpdated', 400);
    await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'JCB ****0000' });
    expectOk(await t.client.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id }));
    const shown = await t.json('GET', `/v1/billing-agreements/${id}`);
    assert.equal([at(shown.body, 'status.state'), at(shown.body, 'address.city'), at(shown.body, 'paymentMethod')], ['Open', 'Chiyoda-ku', 'JCB ****0000']);
    const closed = await t.json('POST', '/v1/billing-agreements/C03-0000000-0000000/consent');
    assert.equal([closed.status, closed.body['error']], [404, 'InvalidBillingAgreementId']);
    assert.is((await t.json('POST', `/v1/billing-agreements/${id}/nonsense`)).status, 404);
  }));

test('plans, proration lines, pause and resume; spending per month', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    assert.is((await t.json('POST', `/v1/billing-agreements/${id}/plan`, { planId: 'basic', price: { amount: '1000', currency: 'JPY' }, anchorDay: 1 })).status, 200);
    t.clock.set('2026-11-16T00:00:00.000Z');
    const change = await t.json('POST', `/v1/billing-agreements/${id}/plan-change`, { planId: 'pro', price: { amount: '3000', currency: 'JPY' }, policy: 'days' });
    assert.equal(change.body['events'], ['PlanChanged']);
    const { body } = await t.json('GET', `/v1/billing-agreements/${id}/prorations`);
    const [line] = body['lines'] as Record<string, unknown>[];
    assert.equal([line?.['fraction'], line?.['credit'], line?.['charge'], line?.['settlement']], ['0.500000000', { amount: '-500', currency: 'JPY' }, { amount: '1500', currency: 'JPY' }, 'ChargeNow']);
    await t.json('POST', `/v1/billing-agreements/${id}/pause`, { reason: 'holiday' });
    const charge = { AmazonBillingAgreementId: id, AuthorizationReferenceId: 'nov', 'AuthorizationAmount.Amount': '3000', 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0' };
    expectError(await t.client.call('AuthorizeOnBillingAgreement', charge), 'RecurringChargesPaused', 400);
    await t.json('POST', `/v1/billing-agreements/${id}/resume`);
    expectOk(await t.client.call('AuthorizeOnBillingAgreement', charge));
    const spending = await t.json('GET', '/v1/spending?month=2026-11');
    const november = { amazonBillingAgreementId: id, month: '2026-11', limit: { amount: '50000', currency: 'JPY' }, charged: { amount: '3000', currency: 'JPY' }, remaining: { amount: '47000', currency: 'JPY' } };
    assert.equal(spending.body['agreements'], [november]);
    assert.equal((await t.json('GET', '/v1/spending?month=2026-12')).body['agreements'], []);
    // Computed from the state, the views say the same as the projections behind the API.
    const fromState = new StateReadViews(t.service.engine);
    assert.equal(await fromState.spending('2026-11', t.service.sandbox.credential.sellerId), [november]);
    assert.equal(await fromState.spending('2026-11', 'AOTHERSELLER'), []);
    assert.equal(await fromState.prorations(id), body['lines']);
    const seller = t.service.sandbox.credential.sellerId;
    assert.equal(await fromState.agreements(seller), await new ProjectionReadViews(t.service.engine).agreements(seller), 'agreement lists agree too');
    assert.equal((await fromState.agreements(seller)).map((a) => [a.amazonBillingAgreementId, a.paused]), [[id, false]]);
  }));

test('GET /health answers ok, and unknown routes a JSON 404', () =>
  withService(async (t) => {
    assert.equal(await t.json('GET', '/health'), { status: 200, body: { status: 'ok', followers: 'running' } });
    assert.is((await t.json('GET', '/nothing-here')).status, 404);
  }));

test('GET /health answers degraded while the projections cannot catch up, and ok again once they can', () =>
  withService(
    async (t) => {
      const id = await draftAgreement(t);
      const health = async (expected: string): Promise<void> => assert.equal(await t.json('GET', '/health'), { status: 200, body: { status: expected, followers: 'running' } });
      await health('ok');
      // Another tool moved a projection table away: the projections' catch-ups fail; commands go on.
      const side = new Database(t.store.slice('sqlite:'.length));
      try {
        side.exec('ALTER TABLE agreement_status RENAME TO agreement_status_away');
        assert.is((await t.json('POST', `/v1/billing-agreements/${id}/consent`)).status, 200);
        await eventually(() => health('degraded'));
        side.exec('ALTER TABLE agreement_status_away RENAME TO agreement_status');
      } finally {
        side.close();
      }
      assert.is((await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' })).status, 200);
      await eventually(() => health('ok'));
    },
    { store: 'sqlite' },
  ));

test.run();
