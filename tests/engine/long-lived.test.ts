/**
 * A long-lived agreement keeps a bounded state (issue 13): its settled charges leave the state
 * after RECENT_SETTLED others, and everything that needs them still holds — a resend of an old
 * charge answers its first result (DOMAIN.md §2.6, through the seller's reference-id namespace
 * and the ledger), other parameters are DuplicateRequest, the JSON ledger lists every charge,
 * and a process manager that catches up far behind still settles and closes every implicit order.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { billingAgreements } from '../../application/aggregates/billing-agreement.js';
import { RECENT_SETTLED } from '../../domain/billing-agreement/index.js';
import { BA, START, allEvents, jpy, openAgreement, withEngine } from './support.js';

const charge = (ref: string, amount = 100) => ({ billingAgreementId: BA, authorizationReferenceId: ref, amount: jpy(amount), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true }) as const;

for (const kind of ['memory', 'sqlite'] as const) {
  const test = suite(`a long-lived agreement (${kind})`);

  test('a charge settled long ago, resent, answers its first result and records nothing; other parameters are DuplicateRequest', () =>
    withEngine(kind, async (t) => {
      await openAgreement(t.engine, START);
      const first = await t.engine.authorizeOnBillingAgreement(charge('first', 1_000));
      assert.is(first.kind, 'accepted');
      for (let i = 0; i < RECENT_SETTLED + 2; i++) assert.is((await t.engine.authorizeOnBillingAgreement(charge(`later-${i}`))).kind, 'accepted');
      assert.not.ok(Object.hasOwn((await t.engine.billingAgreement(BA))?.authorizations ?? {}, 'first'), 'the first charge left the state');
      const events = (await allEvents(t.engine.deps.store)).length;

      const again = await t.engine.authorizeOnBillingAgreement(charge('first', 1_000));
      assert.ok(again.kind === 'accepted' && again.repeated, 'a repeat');
      assert.is(again.kind === 'accepted' && again.authorization.authorizationId, first.kind === 'accepted' && first.authorization.authorizationId);
      assert.is(again.kind === 'accepted' && again.authorization.state, 'Open');
      const other = await t.engine.authorizeOnBillingAgreement(charge('first', 2_000));
      assert.is(other.kind === 'rejected' && other.rejection.code, 'DuplicateRequest');
      assert.is((await allEvents(t.engine.deps.store)).length, events, 'nothing recorded');

      // Even where a new charge would be refused (the agreement closed), the first result stands.
      assert.is((await t.engine.execute({ type: 'CloseBillingAgreement', billingAgreementId: BA, at: START, closureReason: 'moved' })).kind, 'accepted');
      const afterClose = await t.engine.authorizeOnBillingAgreement(charge('first', 1_000));
      assert.ok(afterClose.kind === 'accepted' && afterClose.repeated, 'the first result, not InvalidBillingAgreementStatus');
      const refused = await t.engine.authorizeOnBillingAgreement(charge('new-after-close'));
      assert.is(refused.kind === 'rejected' && refused.rejection.code, 'InvalidBillingAgreementStatus');

      const ledger = await t.engine.agreementLedger(BA);
      assert.is(Object.keys(ledger.authorizations).length, RECENT_SETTLED + 3, 'the ledger lists every charge');
      assert.is(ledger.consumedByWindow['2026-11-01T00:00:00.000Z'], 1_000 + (RECENT_SETTLED + 2) * 100);
    }));

  test('a process manager catching up after many charges settles and closes every implicit order', () =>
    withEngine(kind, async (t) => {
      await openAgreement(t.engine, START);
      // Recorded on the agreement alone, as if the process crashed before running any step.
      const count = RECENT_SETTLED + 4;
      const metadata = t.engine.commandMetadata({});
      for (let i = 0; i < count; i++) {
        const orderReferenceId = `S03-0000009-${String(i).padStart(7, '0')}`;
        const command = { ...charge(`c${i}`), type: 'AuthorizeOnBillingAgreement', at: START, orderReferenceId, authorizationId: `${orderReferenceId}-A000001`, outcome: { state: 'Open' } } as const;
        const result = await t.engine.handler.handle(billingAgreements, command, { ...metadata, commandId: `crash-${i}` });
        assert.is(result.kind, 'accepted');
      }
      // The follower catches up from its checkpoint before start() returns.
      await t.engine.start();
      for (let i = 0; i < count; i++) {
        const order = await t.engine.orderReference(`S03-0000009-${String(i).padStart(7, '0')}`);
        assert.is(order?.status.state, 'Closed', `order ${i}`);
        assert.is(order?.status.reasonCode, 'MaxAuthorizationsProcessed');
        assert.ok(order && Object.values(order.authorizations).every((a) => a.status.state !== 'Pending'), `order ${i}'s authorization settled`);
      }
    }, { follow: false }));

  test.run();
}
