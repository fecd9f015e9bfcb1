import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BillingOperations } from '../../application/operations/index.js';
import { SandboxPaymentProcessor } from '../../infrastructure/payments/sandbox-simulator.js';
import { BA, START, allEvents, jpy, openAgreement, openTestEngine, type Kind, type TestEngine } from './support.js';

const instant = { payments: new SandboxPaymentProcessor({ settleAfterMs: 100 }) };

async function withOperations(kind: Kind, body: (t: TestEngine, ops: BillingOperations, orderId: string) => Promise<void>): Promise<void> {
  const t = await openTestEngine(kind, instant);
  try {
    await openAgreement(t.engine, START);
    const ops = new BillingOperations(t.engine);
    const order = await ops.createOrderReferenceForId({ billingAgreementId: BA, orderTotal: jpy(5_000), confirmNow: true, inheritShippingAddress: false });
    if (order.kind !== 'accepted') throw new Error(order.rejection.code);
    await body(t, ops, order.value.id);
  } finally {
    await t.cleanup();
  }
}

/** Polls until `check` holds (background settlement), failing after `ms`. */
export async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const kind of ['memory', 'sqlite'] as const) {
  const test = suite(`money operations on an order reference (${kind})`);

  test('authorize, capture and refund issue the first ids of their kind on the order, and the refund settles in the background', () =>
    withOperations(kind, async (t, ops, orderId) => {
      const auth = await ops.authorize({ orderReferenceId: orderId, authorizationReferenceId: 'a1', amount: jpy(3_000), transactionTimeout: 0, captureNow: false });
      assert.is(auth.kind === 'accepted' && auth.value.object.id, `${orderId}-A000001`);
      assert.is(auth.kind === 'accepted' && auth.value.object.status.state, 'Open');
      const captured = await ops.capture({ authorizationId: `${orderId}-A000001`, captureReferenceId: 'c1', amount: jpy(3_000) });
      assert.is(captured.kind === 'accepted' && captured.value.object.id, `${orderId}-C000001`);
      assert.is(captured.kind === 'accepted' && captured.value.object.status.state, 'Completed');
      const refunded = await ops.refund({ captureId: `${orderId}-C000001`, refundReferenceId: 'r1', amount: jpy(1_000) });
      assert.is(refunded.kind === 'accepted' && refunded.value.object.id, `${orderId}-R000001`);
      assert.is(refunded.kind === 'accepted' && refunded.value.object.status.state, 'Pending');
      await eventually(async () => (await t.engine.orderReference(orderId))?.refunds[`${orderId}-R000001`]?.status.state === 'Completed');
    }));

  test('a repeated reference id answers the first object and records nothing; other parameters are DuplicateRequest; another kind is DuplicateReferenceId', () =>
    withOperations(kind, async (t, ops, orderId) => {
      const input = { orderReferenceId: orderId, authorizationReferenceId: 'same', amount: jpy(1_000), transactionTimeout: 0, captureNow: false };
      const first = await ops.authorize(input);
      const count = (await allEvents(t.engine.deps.store)).length;
      const again = await ops.authorize(input);
      assert.ok(again.kind === 'accepted' && again.repeated);
      assert.is(again.kind === 'accepted' && again.value.object.id, first.kind === 'accepted' ? first.value.object.id : 'none');
      assert.is((await allEvents(t.engine.deps.store)).length, count);
      const other = await ops.authorize({ ...input, amount: jpy(1_001) });
      assert.is(other.kind === 'rejected' && other.rejection.code, 'DuplicateRequest');
      const asCapture = await ops.capture({ authorizationId: `${orderId}-A000001`, captureReferenceId: 'same', amount: jpy(1_000) });
      assert.is(asCapture.kind === 'rejected' && asCapture.rejection.code, 'DuplicateReferenceId');
    }));

  test('the same reference id and parameters on another order is DuplicateRequest, not a second charge', () =>
    withOperations(kind, async (_t, ops, orderId) => {
      const second = await ops.createOrderReferenceForId({ billingAgreementId: BA, orderTotal: jpy(5_000), confirmNow: true, inheritShippingAddress: false });
      assert.is(second.kind, 'accepted');
      const input = { authorizationReferenceId: 'shared', amount: jpy(500), transactionTimeout: 0, captureNow: false };
      assert.is((await ops.authorize({ ...input, orderReferenceId: orderId })).kind, 'accepted');
      const elsewhere = await ops.authorize({ ...input, orderReferenceId: second.kind === 'accepted' ? second.value.id : '' });
      assert.is(elsewhere.kind === 'rejected' && elsewhere.rejection.code, 'DuplicateRequest');
    }));

  test('a refused request claims no reference id: corrected, the same id may carry other parameters', () =>
    withOperations(kind, async (t, ops, orderId) => {
      const input = { orderReferenceId: orderId, authorizationReferenceId: 'retry', amount: jpy(9_000), transactionTimeout: 0, captureNow: false };
      const count = (await allEvents(t.engine.deps.store)).length;
      const tooMuch = await ops.authorize(input);
      assert.is(tooMuch.kind === 'rejected' && tooMuch.rejection.code, 'TransactionAmountExceeded');
      assert.is((await allEvents(t.engine.deps.store)).length, count);
      assert.is((await ops.authorize({ ...input, amount: jpy(4_000) })).kind, 'accepted');
    }));

  test('an unknown transaction id is InvalidTransactionId, an unknown order InvalidOrderReferenceId', () =>
    withOperations(kind, async (_t, ops, orderId) => {
      const capture = await ops.capture({ authorizationId: `${orderId}-A000009`, captureReferenceId: 'c', amount: jpy(1) });
      assert.is(capture.kind === 'rejected' && capture.rejection.code, 'InvalidTransactionId');
      const malformed = await ops.refund({ captureId: 'not-an-id', refundReferenceId: 'r', amount: jpy(1) });
      assert.is(malformed.kind === 'rejected' && malformed.rejection.code, 'InvalidTransactionId');
      const order = await ops.authorize({ orderReferenceId: 'S03-9999999-9999999', authorizationReferenceId: 'x', amount: jpy(1), transactionTimeout: 0, captureNow: false });
      assert.is(order.kind === 'rejected' && order.rejection.code, 'InvalidOrderReferenceId');
    }));

  test('AuthorizeOnBillingAgreement with a reference id and parameters already used on another agreement is DuplicateRequest', async () => {
    const t = await openTestEngine(kind, instant);
    try {
      await openAgreement(t.engine, START);
      await openAgreement(t.engine, START, 'C03-0000002-0000002');
      const input = { billingAgreementId: BA, authorizationReferenceId: 'twice', amount: jpy(500), chargeType: 'OneOff', transactionTimeout: 0, captureNow: false } as const;
      assert.is((await t.engine.authorizeOnBillingAgreement(input)).kind, 'accepted');
      const elsewhere = await t.engine.authorizeOnBillingAgreement({ ...input, billingAgreementId: 'C03-0000002-0000002' });
      assert.is(elsewhere.kind === 'rejected' && elsewhere.rejection.code, 'DuplicateRequest');
    } finally {
      await t.cleanup();
    }
  });

  test('a simulated constraint in the seller note is reported on the agreement', async () => {
    const t = await openTestEngine(kind, instant);
    try {
      const base = { billingAgreementId: BA, at: START };
      await t.engine.execute({ ...base, type: 'CreateBillingAgreement', sellerId: 'A1SELLER', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'H', email: 'h@example.jp' }, requiresShipping: false });
      const ops = new BillingOperations(t.engine);
      const set = await ops.setAgreementDetails({ billingAgreementId: BA, sellerNote: '{"SandboxSimulation":{"Constraint":"PaymentMethodNotAllowed"}}' });
      assert.equal(set.kind === 'accepted' && set.value.reportedConstraints.map((c) => c.constraintId), ['PaymentMethodNotAllowed']);
    } finally {
      await t.cleanup();
    }
  });

  test('an asynchronous authorization left pending by a stop is settled after the restart, with the outcome its note asked for', async () => {
    const t = await openTestEngine(kind, { ...instant, follow: false });
    try {
      await openAgreement(t.engine, START);
      const note = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod"}}';
      const input = { billingAgreementId: BA, authorizationReferenceId: 'async-1', amount: jpy(900), chargeType: 'Recurring', transactionTimeout: 60, captureNow: false, sellerAuthorizationNote: note } as const;
      const pending = await t.engine.authorizeOnBillingAgreement(input);
      assert.is(pending.kind === 'accepted' && pending.authorization.state, 'Pending');
      await t.engine.close();
      const restarted = await t.reopen({ follow: true });
      // The agreement is suspended before the process manager closes the order: wait for both.
      const orderOf = async () => restarted.orderReference((await restarted.billingAgreement(BA))?.authorizations['async-1']?.orderReferenceId ?? '');
      await eventually(async () => (await restarted.billingAgreement(BA))?.status.state === 'Suspended' && (await orderOf())?.status.state === 'Closed');
      const agreement = await restarted.billingAgreement(BA);
      assert.is(agreement?.authorizations['async-1']?.state, 'Declined');
      const order = await restarted.orderReference(agreement?.authorizations['async-1']?.orderReferenceId ?? '');
      assert.is(order?.status.reasonCode, 'MaxAuthorizationsProcessed');
    } finally {
      await t.cleanup();
    }
  });

  test.run();
}
