import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingAgreementCommand, BillingAgreementEvent } from '../../../domain/billing-agreement/index.js';
import { money } from '../../../domain/shared/money.js';
import { BA, T2, created, givenAgreement, jpy, openHistory } from './fixtures.js';

const test = suite('billing agreement: plans and proration');

const planSelected: BillingAgreementEvent = {
  type: 'PlanSelected',
  billingAgreementId: BA,
  at: T2,
  planId: 'basic',
  price: jpy(1_000),
  period: 'Monthly',
  anchorDay: 1,
  timeZone: 'Asia/Tokyo',
};

const change = (planId: string, price: number, at: string, policy: 'days' | 'seconds' = 'days'): BillingAgreementCommand => ({
  type: 'ChangePlan',
  billingAgreementId: BA,
  at,
  planId,
  price: jpy(price),
  policy,
});

test('selecting a plan records the marketplace time zone with it', () => {
  givenAgreement(openHistory)
    .when({ type: 'SelectPlan', billingAgreementId: BA, at: T2, planId: 'basic', price: jpy(1_000), anchorDay: 1 })
    .then([planSelected]);
});

test('an upgrade mid-period records a credit line and a charge line, charged now', () => {
  // Period 2026-11-01 00:00 JST → 2026-12-01 00:00 JST (30 days); change on Nov 16 JST: 15 days left.
  const events = givenAgreement([...openHistory, planSelected]).when(change('pro', 3_000, '2026-11-15T15:00:00.000Z')).events();
  assert.equal(events, [
    {
      type: 'PlanChanged',
      billingAgreementId: BA,
      at: '2026-11-15T15:00:00.000Z',
      fromPlanId: 'basic',
      toPlanId: 'pro',
      oldPrice: jpy(1_000),
      newPrice: jpy(3_000),
      policy: 'days',
      timeZone: 'Asia/Tokyo',
      periodStart: '2026-10-31T15:00:00.000Z',
      periodEnd: '2026-11-30T15:00:00.000Z',
      fraction: '1/2',
      fractionDecimal: '0.500000000',
      credit: jpy(-500),
      charge: jpy(1_500),
      net: jpy(1_000),
      rounding: 'half-away-from-zero',
      settlement: 'ChargeNow',
    },
  ]);
});

test('a downgrade carries the net credit to the next period', () => {
  const history = [...openHistory, planSelected];
  const events = givenAgreement(history).when(change('lite', 400, '2026-11-15T15:00:00.000Z')).events();
  const changed = events[0];
  assert.ok(changed?.type === 'PlanChanged');
  if (changed?.type !== 'PlanChanged') return;
  assert.is(changed.settlement, 'CarryCredit');
  assert.equal(changed.net, jpy(-300));
  const state = givenAgreement([...history, ...events]).state;
  assert.equal(state.exists && state.agreement.carriedCredit, jpy(300));
  assert.equal(state.exists && state.agreement.plan?.planId, 'lite');
});

test('changing to the same plan and price records nothing', () => {
  givenAgreement([...openHistory, planSelected]).when(change('basic', 1_000, '2026-11-15T15:00:00.000Z')).thenNothing();
});

test('changing the plan before one was selected is refused with PlanNotSelected', () => {
  givenAgreement(openHistory).when(change('pro', 3_000, '2026-11-15T15:00:00.000Z')).rejects('PlanNotSelected');
});

test('selecting a second plan on a confirmed agreement is refused with PlanAlreadySelected', () => {
  givenAgreement([...openHistory, planSelected])
    .when({ type: 'SelectPlan', billingAgreementId: BA, at: T2, planId: 'pro', price: jpy(3_000), anchorDay: 1 })
    .rejects('PlanAlreadySelected');
});

test('a plan in a Draft may be replaced freely', () => {
  const events = givenAgreement([created, planSelected]).when({ type: 'SelectPlan', billingAgreementId: BA, at: T2, planId: 'pro', price: jpy(3_000), anchorDay: 15 }).events();
  assert.equal(events.map((e) => e.type), ['PlanSelected']);
});

test('an anchor day outside 1–31 or a negative price is refused with InvalidParameterValue', () => {
  givenAgreement(openHistory).when({ type: 'SelectPlan', billingAgreementId: BA, at: T2, planId: 'x', price: jpy(1_000), anchorDay: 0 }).rejects('InvalidParameterValue');
  givenAgreement(openHistory).when({ type: 'SelectPlan', billingAgreementId: BA, at: T2, planId: 'x', price: jpy(-1), anchorDay: 1 }).rejects('InvalidParameterValue');
});

test('a plan price in another currency is refused with CurrencyMismatch', () => {
  givenAgreement(openHistory).when({ type: 'SelectPlan', billingAgreementId: BA, at: T2, planId: 'x', price: money(1_000, 'USD'), anchorDay: 1 }).rejects('CurrencyMismatch');
});

test('changing the plan of a Draft is refused with InvalidBillingAgreementStatus', () => {
  givenAgreement([created, planSelected]).when(change('pro', 3_000, T2)).rejects('InvalidBillingAgreementStatus');
});

test.run();
