/**
 * Model-based properties of the billing agreement decider: random command sequences (fc.commands)
 * run against the decider, with a simplified model recomputed naively from the emitted events,
 * and the invariants of DOMAIN.md checked after every step.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  billingAgreementDecider,
  changesOnlyLedger,
  constraintsOf,
  decide,
  evolve,
  initialState,
  LEDGER_FIELDS,
  ledgerOf,
  remainingBalance,
  type BillingAgreementCommand,
  type BillingAgreementEvent,
  type BillingAgreementState,
} from '../../../domain/billing-agreement/index.js';
import { fold } from '../../../domain/shared/decision.js';
import { addMs, utcMonthWindow } from '../../../domain/shared/time.js';
import { check } from '../../support/properties.js';
import { PROPERTY_BA, commandArbitraries, type Recipe } from './recipes.js';

interface Model {
  /** The state name a naive reading of the events gives. */
  state: 'None' | 'Draft' | 'Open' | 'Suspended' | 'Canceled' | 'Closed';
  paused: boolean;
  limit: number;
  /** Window start → amounts of requested, not declined, authorizations (naive recomputation). */
  consumed: Map<string, number>;
  amountById: Map<string, { window: string; amount: number }>;
  ordersFromDraft: number;
}

interface Real {
  state: BillingAgreementState;
  history: BillingAgreementEvent[];
  now: string;
  sequence: number;
}

const TERMINAL = new Set(['Canceled', 'Closed']);
const FACTS = new Set(['RecordBillingAgreementStatus', 'RecordPaymentMethodUpdate', 'RecordAddressUpdate', 'RecordAuthorizationOutcome', 'ExpireStaleDraft']);

function observe(model: Model, e: BillingAgreementEvent): void {
  switch (e.type) {
    case 'BillingAgreementCreated':
      model.state = 'Draft';
      model.limit = e.monthlyLimit.amount;
      return;
    case 'BillingAgreementConfirmed':
    case 'BillingAgreementReopened':
      model.state = 'Open';
      return;
    case 'BillingAgreementSuspended':
      model.state = 'Suspended';
      return;
    case 'BillingAgreementClosed':
      model.state = 'Closed';
      return;
    case 'BillingAgreementCanceled':
      model.state = 'Canceled';
      return;
    case 'RecurringChargesPaused':
    case 'RecurringChargesResumed':
      model.paused = e.type === 'RecurringChargesPaused';
      return;
    case 'MonthlyLimitChanged':
      model.limit = e.monthlyLimit.amount;
      return;
    case 'AuthorizationRequested':
      model.amountById.set(e.authorizationId, { window: e.windowStart, amount: e.amount.amount });
      model.consumed.set(e.windowStart, (model.consumed.get(e.windowStart) ?? 0) + e.amount.amount);
      return;
    case 'AuthorizationDeclined': {
      const auth = model.amountById.get(e.authorizationId);
      if (auth) model.consumed.set(auth.window, (model.consumed.get(auth.window) ?? 0) - auth.amount);
      return;
    }
    case 'OneTimeOrderCreated':
      if (e.fromDraft) model.ordersFromDraft++;
      return;
    default:
      return;
  }
}

function checkCharge(before: BillingAgreementState, command: BillingAgreementCommand, events: readonly BillingAgreementEvent[]): void {
  if (!events.some((e) => e.type === 'AuthorizationRequested')) return;
  assert.ok(before.exists, 'a charge needs an agreement');
  if (!before.exists) return;
  const a = before.agreement;
  assert.is(a.status.state, 'Open', 'charges only on an Open agreement');
  assert.equal(constraintsOf(a), [], 'charges only without constraints');
  assert.ok(!(a.paused && command.type === 'AuthorizeOnBillingAgreement' && command.chargeType === 'Recurring'), 'no recurring charge while paused');
}

/** When `changesOnlyLedger` says so, evolve changes no field of the agreement but its ledger's. */
function checkLedgerOnly(state: BillingAgreementState, e: BillingAgreementEvent): void {
  const after = evolve(state, e);
  if (!state.exists || !after.exists || !changesOnlyLedger(state.agreement, e)) return;
  const [before, evolved] = [state.agreement as unknown as Record<string, unknown>, after.agreement as unknown as Record<string, unknown>];
  for (const field of new Set([...Object.keys(before), ...Object.keys(evolved)])) {
    if (!LEDGER_FIELDS.has(field as keyof typeof state.agreement)) assert.ok(Object.is(evolved[field], before[field]) && field in evolved === field in before, `${e.type} changed '${field}', said to change only the ledger`);
  }
}

function evolveChecked(state: BillingAgreementState, e: BillingAgreementEvent): BillingAgreementState {
  checkLedgerOnly(state, e);
  // The decider records a charge's outcome without Amazon's timestamp; a fact from Amazon may carry one.
  if (e.type === 'AuthorizationApproved' || e.type === 'AuthorizationDeclined') checkLedgerOnly(state, { ...e, amazonLastUpdateTimestamp: '2099-01-01T00:00:00.000Z' });
  return evolve(state, e);
}

class Step implements fc.Command<Model, Real> {
  constructor(private readonly recipe: Recipe) {}
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    real.now = addMs(real.now, this.recipe.advanceMs);
    const command = this.recipe.build({ now: real.now, sequence: real.sequence++ });
    const before = real.state;
    const decision = decide(command, before);
    const events = decision.kind === 'accepted' ? decision.events : [];
    checkCharge(before, command, events);
    real.state = events.reduce(evolveChecked, before);
    real.history.push(...events);
    for (const e of events) {
      if (e.type !== 'AuthorizationRequested' || !real.state.exists) continue;
      const consumed = real.state.agreement.consumedByWindow[e.windowStart] ?? 0;
      assert.ok(consumed <= real.state.agreement.monthlyLimit.amount, `a charge took window ${e.windowStart} to ${consumed}, above the limit`);
    }
    const wasTerminal = TERMINAL.has(model.state);
    const previous = model.state;
    for (const e of events) observe(model, e);
    if (wasTerminal) assert.is(model.state, previous, 'terminal states absorb');
    this.checkState(model, real);
    this.checkRepeat(command, decision.kind, real);
  }
  private checkState(model: Model, real: Real): void {
    const s = real.state;
    assert.is(s.exists ? s.agreement.status.state : 'None', model.state, 'state agrees with the naive model');
    if (!s.exists) return;
    // The state keeps the live windows (ledger.ts); every window it keeps, and every window a
    // decision can still need, equals the naive recomputation, as does the full ledger's every one.
    const live = utcMonthWindow(addMs(utcMonthWindow(real.now).start, -1)).start;
    const ledger = ledgerOf(real.history);
    for (const [window, consumed] of model.consumed) {
      assert.is(ledger.consumedByWindow[window] ?? 0, consumed, 'the ledger\'s consumed amount equals a naive recomputation');
      const kept = s.agreement.consumedByWindow[window];
      if (kept !== undefined || window >= live) assert.is(kept ?? 0, consumed, 'consumed amount equals a naive recomputation');
    }
    const balance = remainingBalance(s.agreement, real.now);
    assert.ok(balance >= 0, 'the remaining balance is never negative');
    assert.is(balance, Math.max(0, model.limit - (model.consumed.get(utcMonthWindow(real.now).start) ?? 0)));
    assert.ok(model.ordersFromDraft <= 1, 'at most one order reference from a Draft agreement');
    const replayed = fold(evolve, initialState, JSON.parse(JSON.stringify(real.history)) as BillingAgreementEvent[]);
    assert.equal(replayed, real.state, 'replaying the JSON of the events reproduces the state');
  }
  /** An Amazon fact, or an accepted money operation, repeated as is adds no events. */
  private checkRepeat(command: BillingAgreementCommand, outcome: 'accepted' | 'rejected', real: Real): void {
    const isFact = FACTS.has(command.type);
    const isMoney = command.type === 'AuthorizeOnBillingAgreement' || command.type === 'CreateOneTimeOrder';
    if (!isFact && !(isMoney && outcome === 'accepted')) return;
    const again = decide(command, real.state);
    if (again.kind === 'accepted') assert.equal(again.events, [], `${command.type} repeated adds no events`);
    else assert.ok(isFact && outcome === 'rejected', `${command.type} repeated after success was rejected: ${again.rejection.code}`);
  }
  toString = (): string => this.recipe.label;
}

const START = '2026-11-01T00:00:00.000Z';
const createdEvent: BillingAgreementEvent = {
  type: 'BillingAgreementCreated',
  billingAgreementId: PROPERTY_BA,
  at: START,
  sellerId: 'S',
  marketplace: 'JP',
  releaseEnvironment: 'Sandbox',
  buyer: { name: 'B', email: 'b@example.jp' },
  requiresShipping: true,
  buyerIsSeller: false,
  monthlyLimit: { amount: 50_000, currency: 'JPY' },
};

/** Consent, address and payment selected, confirmed (when the buyer is not the seller). */
function openedEvents(buyerIsSeller: boolean): BillingAgreementEvent[] {
  const base = { billingAgreementId: PROPERTY_BA, at: START };
  const widgets: BillingAgreementEvent[] = [
    { ...base, type: 'BuyerConsentGiven' },
    { ...base, type: 'AddressSelected', destination: { addressLine1: '1-2-3 Shibuya', countryCode: 'JP' } },
    { ...base, type: 'PaymentMethodSelected', descriptor: 'Visa ****1111' },
  ];
  if (buyerIsSeller) return widgets;
  return [
    ...widgets,
    { ...base, type: 'BillingAgreementConfirmed' },
    { ...base, type: 'PaymentMethodChanged', descriptor: 'Visa ****1111', source: 'SellerConfirmation' },
    { ...base, type: 'AddressChanged', destination: { addressLine1: '1-2-3 Shibuya', countryCode: 'JP' }, source: 'SellerConfirmation' },
  ];
}

const test = suite('billing agreement: properties');

test('random command sequences keep every invariant of the billing agreement', () => {
  const commands = fc.commands(commandArbitraries.map((arb) => arb.map((recipe) => new Step(recipe))), { maxCommands: 60, size: 'max' });
  const creation = fc.record({ requiresShipping: fc.boolean(), buyerIsSeller: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) });
  check(
    fc.property(fc.constantFrom('none', 'draft', 'draft-ready', 'open', 'open'), creation, commands, (start, initial, cmds) => {
      const model: Model = { state: 'None', paused: false, limit: 0, consumed: new Map(), amountById: new Map(), ordersFromDraft: 0 };
      const history: BillingAgreementEvent[] = start === 'none' ? [] : [{ ...createdEvent, ...initial }];
      if (start === 'open') history.push(...openedEvents(initial.buyerIsSeller));
      if (start === 'draft-ready') history.push(...openedEvents(true));
      for (const e of history) observe(model, e);
      const state = fold(evolve, billingAgreementDecider.initialState, history);
      const real: Real = { state, history, now: START, sequence: 0 };
      fc.modelRun(() => ({ model, real }), cmds);
    }),
  );
});

test.run();
