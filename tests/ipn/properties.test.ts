import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { Agreement } from '../../domain/billing-agreement/index.js';
import { MemoryIpnInbox } from '../../infrastructure/ipn/memory-ipn-inbox.js';
import { BA, openAgreement, openTestEngine, START } from '../engine/support.js';
import { check } from '../support/properties.js';
import { billingAgreementBody, type BillingAgreementFact } from './envelopes.js';
import { ingestionFor } from './ingestion-support.js';

const test = suite('IPN properties');

type Step = Pick<BillingAgreementFact, 'state' | 'reasonCode' | 'eventType'>;

const SUSPENDED: Step = { state: 'Suspended', reasonCode: 'InvalidPaymentMethod' };
const REOPENED: Step = { state: 'Open' };
const METHOD_UPDATED: Step = { state: 'Open', eventType: 'PaymentMethodUpdated' };
const ADDRESS_UPDATED = (state: string): Step => ({ state, eventType: 'AddressUpdated' });
const TERMINAL: readonly Step[] = [
  { state: 'Closed', reasonCode: 'BuyerClosed' },
  { state: 'Closed', reasonCode: 'AmazonClosed' },
  { state: 'Closed', reasonCode: 'SellerClosed' },
  { state: 'Canceled', reasonCode: 'AmazonCanceled' },
];

/** What Amazon may report next about an agreement in `state` (it never leaves Closed or Canceled). */
function nextSteps(state: string): readonly Step[] {
  if (state === 'Suspended') return [SUSPENDED, REOPENED, METHOD_UPDATED, ADDRESS_UPDATED('Suspended'), ...TERMINAL];
  return [SUSPENDED, REOPENED, METHOD_UPDATED, ADDRESS_UPDATED('Open'), ...TERMINAL];
}

/** An agreement's true history at Amazon: a walk over its states, strictly increasing LastUpdateTimestamps. */
const history: fc.Arbitrary<BillingAgreementFact[]> = fc
  .array(fc.tuple(fc.nat({ max: 1_000 }), fc.integer({ min: 1, max: 3 * 86_400_000 })), { minLength: 1, maxLength: 8 })
  .map((choices) => {
    const facts: BillingAgreementFact[] = [];
    let state = 'Open';
    let at = Date.parse('2014-12-02T00:00:00.000Z');
    for (const [choice, gapMs] of choices) {
      if (state === 'Closed' || state === 'Canceled') break;
      const options = nextSteps(state);
      const step = options[choice % options.length] as Step;
      at += gapMs;
      const n = facts.length + 1;
      facts.push({ ...step, notificationReferenceId: `ref-${n}`, billingAgreementId: BA, lastUpdateTimestamp: new Date(at).toISOString() });
      state = step.state;
    }
    return facts;
  });

/** The history delivered as Amazon may: every notification at least once, some again, in any order. */
const deliveries = history.chain((facts) =>
  fc
    .array(fc.nat({ max: facts.length - 1 }), { maxLength: 6 })
    .chain((repeats) => {
      const all = [...facts.keys(), ...repeats];
      return fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length });
    })
    .map((order) => ({ facts, order })),
);

const finalState = (a: Agreement | undefined) => a && { state: a.status.state, reasonCode: a.status.reasonCode, reasonDescription: a.status.reasonDescription, watermark: a.amazonWatermark };

async function ingest(facts: readonly BillingAgreementFact[]) {
  const t = await openTestEngine('memory', { follow: false });
  try {
    await openAgreement(t.engine, START);
    const inbox = new MemoryIpnInbox();
    const ingestion = ingestionFor(t.engine, inbox, t.clock);
    for (const fact of facts) await ingestion.receive(billingAgreementBody(fact));
    return { agreement: finalState(await t.engine.billingAgreement(BA)), stored: (await inbox.list()).map((e) => e.key).sort(), pending: await inbox.list({ statuses: ['pending'] }) };
  } finally {
    await t.cleanup();
  }
}

test('any delivery of notifications, with duplicates and reordering, gives the state of the deduplicated, ordered sequence', () =>
  check(
    fc.asyncProperty(deliveries, async ({ facts, order }) => {
      const delivered = await ingest(order.map((i) => facts[i] as BillingAgreementFact));
      const ordered = await ingest(facts);
      assert.equal(delivered.agreement, ordered.agreement);
      assert.equal(delivered.stored, ordered.stored, 'each notification stored once');
      assert.equal(delivered.pending, []);
      const last = facts[facts.length - 1] as BillingAgreementFact;
      assert.is(ordered.agreement?.watermark, last.lastUpdateTimestamp);
      const lastState = last.eventType === 'PaymentMethodUpdated' ? 'Open' : last.state;
      assert.is(ordered.agreement?.state, lastState, 'the newest fact decides the state');
    }),
  ));

test.run();
