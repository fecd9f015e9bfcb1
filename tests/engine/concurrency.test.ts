import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingEngine } from '../../application/engine.js';
import { BA, KINDS, START, allEvents, jpy, openAgreement, withEngine } from './support.js';

/** 20 charges of 5,000 JPY at once against a 50,000 JPY limit. */
async function chargeAtOnce(engines: readonly BillingEngine[]) {
  return Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      engines[i % engines.length]!.authorizeOnBillingAgreement({
        billingAgreementId: BA,
        authorizationReferenceId: `charge-${i}`,
        amount: jpy(5_000),
        chargeType: 'OneOff',
        transactionTimeout: 0,
        captureNow: false,
      }),
    ),
  );
}

async function assertSequentialHistory(engine: BillingEngine, accepted: number): Promise<void> {
  const events = (await allEvents(engine.deps.store)).filter((e) => e.streamId === `BillingAgreement-${BA}`);
  assert.equal(
    events.map((e) => e.revision),
    events.map((_, i) => i),
    'revisions are consecutive: no lost update',
  );
  assert.is(events.filter((e) => e.type === 'AuthorizationRequested').length, accepted, 'each accepted charge recorded once');
  const agreement = await engine.billingAgreement(BA);
  assert.is(agreement?.consumedByWindow['2026-11-01T00:00:00.000Z'], 50_000);
}

for (const kind of KINDS) {
  const test = suite(`engine concurrency (${kind})`);

  test('many concurrent charges on one agreement end as some sequential order would: exactly the limit is charged', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const results = await chargeAtOnce([t.engine]);
    const accepted = results.filter((r) => r.kind === 'accepted').length;
    const refused = results.filter((r) => r.kind === 'rejected' && r.rejection.code === 'PeriodicAmountExceeded').length;
    assert.is(accepted, 10);
    assert.is(refused, 10);
    await assertSequentialHistory(t.engine, 10);
    }));

  test('two engines on the same store charging at once lose no update and double nothing', () =>
    withEngine(kind, async (t) => {
    await openAgreement(t.engine, START);
    const second = await t.reopen();
    const results = await chargeAtOnce([t.engine, second]);
    assert.is(results.filter((r) => r.kind === 'accepted').length, 10);
    await assertSequentialHistory(second, 10);
    }));

  test.run();
}
