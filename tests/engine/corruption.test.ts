import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CorruptEventError } from '../../application/ports/event-store.js';
import { BA, KINDS, START, openAgreement, withEngine } from './support.js';

const metadata = { commandId: 'x', correlationId: 'x', causationId: 'x', actor: 'operator', source: 'cli', recordedAt: START } as const;

for (const kind of KINDS) {
  const test = suite(`engine on a corrupted history (${kind})`);

  test('an unknown event type in a stream is an error naming the stream and position, never skipped', () =>
    withEngine(kind, async (t) => {
      await openAgreement(t.engine, START);
      await t.engine.deps.store.append(`BillingAgreement-${BA}`, [{ eventId: 'bogus-1', type: 'BillingAgreementTeleported', data: { type: 'BillingAgreementTeleported' }, metadata }], 'any');
      const error = await t.engine.billingAgreement(BA).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.instance(error, CorruptEventError);
      assert.match(String((error as Error).message), `BillingAgreement-${BA}`);
      assert.match(String((error as Error).message), "unknown BillingAgreement event type 'BillingAgreementTeleported'");
      assert.is((error as CorruptEventError).streamId, `BillingAgreement-${BA}`);
      assert.ok((error as CorruptEventError).position !== undefined);
    }));

  test('a payload that does not carry its own type is an error, and a command on that stream changes nothing', () =>
    withEngine(kind, async (t) => {
      await openAgreement(t.engine, START);
      await t.engine.deps.store.append(`BillingAgreement-${BA}`, [{ eventId: 'bogus-2', type: 'BuyerConsentGiven', data: { hello: 'world' }, metadata }], 'any');
      const failed = await t.engine.execute({ type: 'CloseBillingAgreement', billingAgreementId: BA, at: START }).then(
        () => false,
        (e: unknown) => e instanceof CorruptEventError,
      );
      assert.ok(failed, 'the command fails on the corrupt history');
      let count = 0;
      for await (const _ of t.engine.deps.store.readStream(`BillingAgreement-${BA}`)) count++;
      assert.is(count, 6, 'five events of the agreement and the corrupt one: nothing was appended');
    }));

  test.run();
}
