import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingEngine } from '../../application/engine.js';
import { money } from '../../domain/shared/money.js';
import { createIpnReceiver } from '../../infrastructure/ipn/receiver.js';
import { START } from '../engine/support.js';
import { testCertificates } from './certificates.js';
import { fixture } from './envelopes.js';
import { withIpnServer } from './http-support.js';

const test = suite('IPN: payment notifications about mirrored objects');

const ORDER = 'S01-0414412-1503685';
const usd = (cents: number) => money(cents, 'USD');

async function run(engine: BillingEngine, command: Parameters<BillingEngine['execute']>[0]): Promise<void> {
  const result = await engine.execute(command);
  assert.is(result.kind, 'accepted', `${command.type}: ${result.kind === 'rejected' ? result.rejection.code : ''}`);
}

test('authorization, capture and refund notifications settle the pending transactions of a mirrored order', () =>
  withIpnServer('sqlite', async (t, server, receiver) => {
    const base = { orderReferenceId: ORDER, at: START };
    await run(t.engine, { ...base, type: 'CreateOrderReference', sellerId: 'A0677458196RUTCRWHDJQ', releaseEnvironment: 'Sandbox', orderTotal: usd(133_60), confirmNow: false });
    await run(t.engine, { ...base, type: 'SelectOrderPaymentMethod', paymentMethod: 'Visa ****1111' });
    await run(t.engine, { ...base, type: 'ConfirmOrderReference' });
    const authorizationId = `${ORDER}-A004044`;
    await run(t.engine, { ...base, type: 'Authorize', authorizationId, authorizationReferenceId: 'S01a0414412a1503685authRef0', amount: usd(133_60), transactionTimeout: 1440, captureNow: false, outcome: { state: 'Pending' } });
    assert.is((await server.post(fixture('payment-authorize'))).status, 200);
    assert.is((await t.engine.orderReference(ORDER))?.authorizations[authorizationId]?.status.state, 'Open');

    const captureId = `${ORDER}-C004044`;
    await run(t.engine, { ...base, type: 'Capture', captureId, captureReferenceId: 'S01c0414412c1503685captureRef0', authorizationId, amount: usd(133_60), outcome: { state: 'Pending' } });
    assert.is((await server.post(fixture('payment-capture'))).status, 200);
    assert.is((await t.engine.orderReference(ORDER))?.captures[captureId]?.status.state, 'Completed');

    const refundId = `${ORDER}-R092574`;
    await run(t.engine, { ...base, type: 'Refund', refundId, refundReferenceId: 'S0104144121503685C004044r663', captureId, amount: usd(10_00), outcome: { state: 'Pending' } });
    assert.is((await server.post(fixture('payment-refund'))).status, 200);
    assert.is((await t.engine.orderReference(ORDER))?.refunds[refundId]?.status.state, 'Completed');

    assert.equal((await receiver.inbox.list()).map((e) => [e.notificationType, e.status]), [
      ['PaymentAuthorize', 'applied'],
      ['PaymentCapture', 'applied'],
      ['PaymentRefund', 'applied'],
    ]);
  }));

test('with the default freshness window, archived notifications are refused with 403 and a logged reason', () =>
  withIpnServer('memory', async (t, _server, receiver) => {
    const live = createIpnReceiver({ engine: t.engine, certDir: testCertificates().dir });
    const outcome = await live.accept(fixture('order-reference'));
    assert.is(outcome.kind === 'refused' && outcome.status, 403);
    assert.match(outcome.kind === 'refused' ? outcome.reason : '', /outside the window of 1296000 s \(IPN_MAX_AGE_SECONDS\)/);
    assert.is((await live.accept(fixture('order-reference'), { checkFreshness: false })).kind, 'stored');
    assert.is((await receiver.inbox.list()).length, 1);
  }));

test.run();
