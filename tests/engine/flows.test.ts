import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BA, KINDS, START, allEvents, jpy, openAgreement, withEngine } from './support.js';

for (const kind of KINDS) {
  const test = suite(`engine flows (${kind})`);

  test('AuthorizeOnBillingAgreement creates, confirms, authorizes, captures and closes its implicit order', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const result = await t.engine.authorizeOnBillingAgreement({
      billingAgreementId: BA,
      authorizationReferenceId: 'nov-2026',
      amount: jpy(1_980),
      chargeType: 'Recurring',
      transactionTimeout: 0,
      captureNow: true,
    });
    assert.is(result.kind, 'accepted');
    if (result.kind !== 'accepted') return;
    const order = await t.engine.orderReference(result.authorization.orderReferenceId);
    assert.equal(order?.parent, { id: BA, type: 'BillingAgreement' });
    assert.equal(order?.status.state, 'Closed');
    assert.equal(order?.status.reasonCode, 'MaxAuthorizationsProcessed');
    const authorization = order?.authorizations[result.authorization.authorizationId];
    assert.equal(authorization?.status.state, 'Closed');
    assert.equal(authorization?.status.reasonCode, 'MaxCapturesProcessed');
    const types = (await allEvents(t.engine.deps.store)).filter((e) => e.streamId.startsWith('OrderReference-')).map((e) => e.type);
    assert.equal(types.slice(0, 2), ['OrderReferenceCreated', 'OrderReferenceConfirmed']);
    assert.ok(types.includes('CaptureCompleted'));
    }));

  test('a decline for InvalidPaymentMethod suspends the agreement and declines the order authorization', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const note = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod","SoftDecline":"true"}}';
    const result = await t.engine.authorizeOnBillingAgreement({
      billingAgreementId: BA,
      authorizationReferenceId: 'nov-2026',
      amount: jpy(1_980),
      chargeType: 'Recurring',
      transactionTimeout: 0,
      captureNow: false,
      sellerAuthorizationNote: note,
    });
    assert.is(result.kind === 'accepted' && result.authorization.state, 'Declined');
    assert.is((await t.engine.billingAgreement(BA))?.status.state, 'Suspended');
    if (result.kind !== 'accepted') return;
    const order = await t.engine.orderReference(result.authorization.orderReferenceId);
    assert.is(order?.authorizations[result.authorization.authorizationId]?.status.state, 'Declined');
    }));

  test('the same reference id and parameters answer the first result and record nothing new', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const input = { billingAgreementId: BA, authorizationReferenceId: 'r1', amount: jpy(500), chargeType: 'OneOff', transactionTimeout: 0, captureNow: false } as const;
    const first = await t.engine.authorizeOnBillingAgreement(input);
    const count = (await allEvents(t.engine.deps.store)).length;
    const again = await t.engine.authorizeOnBillingAgreement(input);
    assert.equal(again.kind === 'accepted' && again.authorization, first.kind === 'accepted' && first.authorization);
    assert.ok(again.kind === 'accepted' && again.repeated);
    assert.is((await allEvents(t.engine.deps.store)).length, count);
    const other = await t.engine.authorizeOnBillingAgreement({ ...input, amount: jpy(600) });
    assert.is(other.kind === 'rejected' && other.rejection.code, 'DuplicateRequest');
    }));

  test('a reference id is the seller’s across agreements: used on another agreement with other parameters it is DuplicateRequest', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    await openAgreement(t.engine, START, 'C03-0000002-0000002');
    const input = { billingAgreementId: BA, authorizationReferenceId: 'shared', amount: jpy(500), chargeType: 'OneOff', transactionTimeout: 0, captureNow: false } as const;
    assert.is((await t.engine.authorizeOnBillingAgreement(input)).kind, 'accepted');
    const elsewhere = await t.engine.authorizeOnBillingAgreement({ ...input, billingAgreementId: 'C03-0000002-0000002', amount: jpy(700) });
    assert.is(elsewhere.kind === 'rejected' && elsewhere.rejection.code, 'DuplicateRequest');
    }));

  test('a one-time order from a Draft agreement creates its order reference, Open at once', () =>
    withEngine(kind, async (t) => {
    const base = { billingAgreementId: BA, at: START };
    await t.engine.execute({ ...base, type: 'CreateBillingAgreement', sellerId: 'A1SELLER', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'H', email: 'h@example.jp' } });
    await t.engine.execute({ ...base, type: 'SelectPaymentMethod', descriptor: 'Visa ****1111' });
    const created = await t.engine.execute({ ...base, type: 'CreateOneTimeOrder', orderReferenceId: 'S03-0000001-0000009', orderTotal: jpy(3_000), confirmNow: true, inheritShippingAddress: false });
    assert.is(created.kind, 'accepted');
    const order = await t.engine.orderReference('S03-0000001-0000009');
    assert.is(order?.status.state, 'Open');
    assert.is(order?.paymentMethod, 'Visa ****1111');
    const second = await t.engine.execute({ ...base, type: 'CreateOneTimeOrder', orderReferenceId: 'S03-0000001-0000010', orderTotal: jpy(3_000), confirmNow: true, inheritShippingAddress: false });
    assert.is(second.kind === 'rejected' && second.rejection.code, 'OrderReferenceCountExceeded');
    }));

  test('every event stores its command, actor, source, correlation and causation, and when it was recorded', () =>
    withEngine(kind, async (t) => {
    await t.engine.execute(
      { type: 'CreateBillingAgreement', billingAgreementId: BA, at: START, sellerId: 'A1SELLER', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'H', email: 'h@example.jp' } },
      { commandId: 'cmd-1', correlationId: 'corr-1', causationId: 'cause-1', actor: 'buyer', source: 'cli' },
    );
    const [event] = await allEvents(t.engine.deps.store);
    assert.equal(event?.metadata, { commandId: 'cmd-1', correlationId: 'corr-1', causationId: 'cause-1', actor: 'buyer', source: 'cli', recordedAt: START });
    }));

  test.run();
}
