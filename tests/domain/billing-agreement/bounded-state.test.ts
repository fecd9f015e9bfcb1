/**
 * The agreement's state does not grow with its past charges (issue 13): after any number of
 * charges of random size, outcome and spacing, its JSON (what a snapshot stores) stays under a
 * fixed bound, and every decision it makes agrees with the full ledger of the same history.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decide,
  evolve,
  evolveLedger,
  ledgerOf,
  RECENT_SETTLED,
  remainingBalance,
  remainingOf,
  type BillingAgreementEvent,
  type BillingAgreementState,
} from '../../../domain/billing-agreement/index.js';
import { fold } from '../../../domain/shared/decision.js';
import { addMs, MS_PER_DAY, utcMonthWindow } from '../../../domain/shared/time.js';
import { check } from '../../support/properties.js';
import { authorizeCommand, jpy, openHistory, LATER } from './fixtures.js';

/**
 * The bound: an Open agreement with its setup (about 850 characters), at most RECENT_SETTLED + 4
 * authorizations of at most 1,300 characters each (about 1,200 with both notes at their maximum
 * lengths, which appear twice: as fields and in the request's fingerprint), and a handful of
 * month windows. Pending authorizations stay in the state (a decision needs them);
 * the property keeps at most 4 of them open at a time, as a processor that answers does.
 */
const MAX_PENDING = 4;
const BOUND = 1_000 + (RECENT_SETTLED + MAX_PENDING) * 1_300 + 8 * 40;

const charge = fc.record({
  amount: fc.integer({ min: 1, max: 60_000 }),
  afterMs: fc.integer({ min: 0, max: 45 * MS_PER_DAY }),
  outcome: fc.constantFrom('Open', 'Open', 'Open', 'AmazonRejected', 'ProcessingFailure', 'Pending'),
  settleAs: fc.constantFrom('Open', 'TransactionTimedOut'),
  notes: fc.boolean(),
});

const encodedSize = (state: BillingAgreementState): number => JSON.stringify(state).length;

const test = suite('billing agreement: bounded state');

test(`after any number of charges the encoded state stays under ${BOUND} characters and decides as the full ledger does`, () => {
  check(
    fc.property(fc.array(charge, { maxLength: 120, size: 'max' }), (charges) => {
      let state = fold(evolve, { exists: false }, openHistory);
      const history: BillingAgreementEvent[] = [...openHistory];
      let ledger = ledgerOf(history);
      const pending: { id: string; settleAs: string }[] = [];
      let now = LATER;
      const apply = (events: readonly BillingAgreementEvent[]): void => {
        state = events.reduce(evolve, state);
        ledger = events.reduce(evolveLedger, ledger);
        history.push(...events);
      };
      charges.forEach((c, i) => {
        now = addMs(now, c.afterMs);
        const id = `S03-${i}-A000001`;
        const decision = decide(
          authorizeCommand({
            at: now,
            authorizationId: id,
            orderReferenceId: `S03-${i}`,
            authorizationReferenceId: `charge-${i}`,
            amount: jpy(c.amount),
            transactionTimeout: c.outcome === 'Pending' ? 1440 : 0,
            captureNow: c.outcome !== 'Pending',
            ...(c.notes ? { sellerAuthorizationNote: 'n'.repeat(255), softDescriptor: 'd'.repeat(16) } : {}),
            outcome: c.outcome === 'Open' || c.outcome === 'Pending' ? { state: c.outcome } : { state: 'Declined', reasonCode: c.outcome, softDecline: false },
          }),
          state,
        );
        const remaining = remainingOf(50_000, ledger.consumedByWindow[utcMonthWindow(now).start] ?? 0);
        assert.is(decision.kind === 'accepted', c.amount <= remaining, `charge ${i} of ${c.amount} with ${remaining} left`);
        if (decision.kind === 'accepted') apply(decision.events);
        if (decision.kind === 'accepted' && c.outcome === 'Pending') pending.push({ id, settleAs: c.settleAs });
        while (pending.length > MAX_PENDING || (pending.length > 0 && i === charges.length - 1)) {
          const next = pending.shift();
          if (next === undefined) break;
          const outcome = next.settleAs === 'Open' ? ({ state: 'Open' } as const) : ({ state: 'Declined', reasonCode: 'TransactionTimedOut', softDecline: false } as const);
          const settled = decide({ type: 'RecordAuthorizationOutcome', billingAgreementId: openHistory[0]!.billingAgreementId, at: now, authorizationId: next.id, outcome }, state);
          assert.is(settled.kind, 'accepted', 'a pending authorization is always in the state');
          if (settled.kind === 'accepted') apply(settled.events);
        }
        assert.ok(encodedSize(state) <= BOUND, `after ${i + 1} charges the state is ${encodedSize(state)} characters`);
        assert.ok(state.exists && Object.keys(state.agreement.authorizations).length <= RECENT_SETTLED + MAX_PENDING);
      });
      // What the current month left is the same read from the bounded state and from the full ledger.
      assert.equal(ledger, ledgerOf(history), 'the ledger folded step by step is the ledger of the history');
      if (state.exists) assert.is(remainingBalance(state.agreement, now), remainingOf(50_000, ledger.consumedByWindow[utcMonthWindow(now).start] ?? 0));
      assert.is(Object.keys(ledger.authorizations).length, history.filter((e) => e.type === 'AuthorizationRequested').length, 'the ledger keeps every authorization');
    }),
  );
});

test('ten years of weekly charges leave a state the size of a year-old one', () => {
  const weekly = (weeks: number): BillingAgreementState => {
    let state = fold(evolve, { exists: false }, openHistory);
    for (let i = 0; i < weeks; i++) {
      const n = String(i).padStart(4, '0');
      const decision = decide(
        authorizeCommand({ at: addMs(LATER, i * 7 * MS_PER_DAY), authorizationId: `S03-${n}-A000001`, orderReferenceId: `S03-${n}`, authorizationReferenceId: `w${n}`, amount: jpy(980) }),
        state,
      );
      if (decision.kind !== 'accepted') throw new Error(decision.rejection.message);
      state = decision.events.reduce(evolve, state);
    }
    return state;
  };
  const year = encodedSize(weekly(52));
  assert.ok(encodedSize(weekly(520)) <= year + 16, `a year: ${year} characters, ten years: ${encodedSize(weekly(520))}`);
});

test('a settled authorization leaves the state only after RECENT_SETTLED others settled; a resend within them is answered from the state', () => {
  let state = fold(evolve, { exists: false }, openHistory);
  const first = authorizeCommand({ authorizationReferenceId: 'first', amount: jpy(1_000) });
  const accepted = decide(first, state);
  if (accepted.kind !== 'accepted') throw new Error('refused');
  state = accepted.events.reduce(evolve, state);
  for (let i = 0; i < RECENT_SETTLED; i++) {
    assert.equal(decide(first, state), { kind: 'accepted', events: [] }, `resent after ${i} others`);
    const other = decide(authorizeCommand({ authorizationReferenceId: `other-${i}`, authorizationId: `S03-${i}-A000001`, orderReferenceId: `S03-${i}`, amount: jpy(1) }), state);
    if (other.kind !== 'accepted') throw new Error('refused');
    state = other.events.reduce(evolve, state);
  }
  assert.ok(state.exists && !Object.hasOwn(state.agreement.authorizations, 'first'), 'gone from the state: the namespace and the ledger answer a resend now');
  assert.ok(state.exists && state.agreement.consumedByWindow['2026-11-01T00:00:00.000Z'] === 1_000 + RECENT_SETTLED, 'its amount still counts in its month');
});

test.run();
