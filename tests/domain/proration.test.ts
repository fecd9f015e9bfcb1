import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { billingPeriodContaining, prorate, prorationFraction, segmentFraction, type BillingPeriod, type ProrationInput } from '../../domain/proration/index.js';
import { CurrencyMismatchError, money } from '../../domain/shared/money.js';
import { formatRatio, ratioToDecimal } from '../../domain/shared/rational.js';

const test = suite('proration');

const FEB_2024: BillingPeriod = { start: '2024-02-01T00:00:00Z', end: '2024-03-01T00:00:00Z' };
const FEB_2025: BillingPeriod = { start: '2025-02-01T00:00:00Z', end: '2025-03-01T00:00:00Z' };
const usd = (cents: number) => money(cents, 'USD');
const jpy = (yen: number) => money(yen, 'JPY');

function input(overrides: Partial<ProrationInput>): ProrationInput {
  return { policy: 'days', period: FEB_2024, changeAt: '2024-02-15T09:30:00Z', timeZone: 'UTC', oldPrice: usd(10_00), newPrice: usd(20_00), ...overrides };
}

test('the 2024 worked example credits 5.17 and charges 10.34 with the fraction rounded to 0.517241379', () => {
  const p = prorate(input({}));
  assert.is(p.fraction, '517241379/1000000000');
  assert.is(p.fractionDecimal, '0.517241379');
  assert.equal(p.credit, usd(-5_17));
  assert.equal(p.charge, usd(10_34));
  assert.equal(p.net, usd(5_17));
  assert.is(p.rounding, 'half-away-from-zero');
});

test('the 2025 worked example uses 14 of 28 days and credits exactly 5.00', () => {
  const p = prorate(input({ period: FEB_2025, changeAt: '2025-02-15T00:00:00Z' }));
  assert.is(p.fraction, '1/2');
  assert.is(p.fractionDecimal, '0.500000000');
  assert.equal(p.credit, usd(-5_00));
  assert.equal(p.charge, usd(10_00));
});

test('the proration records everything needed to recompute it', () => {
  const p = prorate(input({}));
  assert.equal(
    { policy: p.policy, timeZone: p.timeZone, period: p.period, changeAt: p.changeAt },
    { policy: 'days', timeZone: 'UTC', period: FEB_2024, changeAt: '2024-02-15T09:30:00Z' },
  );
});

test('the days policy rounds the fraction to nine decimals before multiplying', () => {
  // 15/29 × 55,555,562 = 28,735,635.517… but 0.517241379 × 55,555,562 = 28,735,635.499999998.
  const p = prorate(input({ oldPrice: usd(55_555_562), newPrice: usd(55_555_562) }));
  assert.equal(p.charge, usd(28_735_635));
  assert.equal(p.credit, usd(-28_735_635));
});

test('halves are rounded away from zero on both the credit and the charge', () => {
  const p = prorate(input({ period: FEB_2025, changeAt: '2025-02-15T00:00:00Z', oldPrice: usd(1_01), newPrice: usd(1_01) }));
  assert.equal(p.credit, usd(-51));
  assert.equal(p.charge, usd(51));
  assert.equal(p.net, usd(0));
});

test('the seconds policy counts the exact time left, not whole days', () => {
  const p = prorate(input({ policy: 'seconds', changeAt: '2024-02-15T18:00:00Z' }));
  assert.is(p.fraction, '57/116');
  assert.is(p.fractionDecimal, '0.491379310');
  assert.equal(p.credit, usd(-4_91));
  assert.equal(p.charge, usd(9_83));
});

test('the seconds policy is exact to the millisecond', () => {
  const f = prorationFraction('seconds', FEB_2024, '2024-02-29T23:59:59.999Z', 'UTC');
  assert.is(formatRatio(f), '1/2505600000');
  assert.equal(prorate(input({ policy: 'seconds', changeAt: '2024-02-29T23:59:59.999Z' })).credit, usd(0));
});

test('a change in Tokyo counts the Japanese calendar day, not the UTC one', () => {
  const period = billingPeriodContaining(1, 'Asia/Tokyo', '2026-11-20T16:00:00Z');
  assert.equal(period, { start: '2026-10-31T15:00:00.000Z', end: '2026-11-30T15:00:00.000Z' });
  // 2026-11-20T16:00Z is November 21 at 01:00 in Tokyo: 10 of 30 days are left.
  const p = prorate({ policy: 'days', period, changeAt: '2026-11-20T16:00:00Z', timeZone: 'Asia/Tokyo', oldPrice: jpy(980), newPrice: jpy(1_980) });
  assert.is(p.fractionDecimal, '0.333333333');
  assert.equal(p.credit, jpy(-327));
  assert.equal(p.charge, jpy(660));
  assert.equal(p.net, jpy(333));
});

test('a change at the period start credits and charges the full prices', () => {
  for (const policy of ['days', 'seconds'] as const) {
    const p = prorate(input({ policy, changeAt: FEB_2024.start }));
    assert.is(p.fraction, '1/1', policy);
    assert.equal([p.credit, p.charge], [usd(-10_00), usd(20_00)], policy);
  }
});

test('a change at the period end credits and charges nothing', () => {
  for (const policy of ['days', 'seconds'] as const) {
    const p = prorate(input({ policy, changeAt: FEB_2024.end }));
    assert.is(p.fraction, '0/1', policy);
    assert.ok(Object.is(p.credit.amount, 0) && Object.is(p.charge.amount, 0), `${policy}: no negative zero`);
  }
});

test('the seconds policy sees the 23-hour day of a spring-forward month in Los Angeles', () => {
  const period = billingPeriodContaining(1, 'America/Los_Angeles', '2026-03-15T12:00:00Z');
  assert.equal(period, { start: '2026-03-01T08:00:00.000Z', end: '2026-04-01T07:00:00.000Z' });
  assert.is(formatRatio(prorationFraction('seconds', period, '2026-03-01T09:00:00Z', 'America/Los_Angeles')), '742/743');
  // 2026-03-08T12:00Z is March 8 local, the spring-forward day itself: 24 of 31 days are left.
  assert.is(ratioToDecimal(prorationFraction('days', period, '2026-03-08T12:00:00Z', 'America/Los_Angeles'), 9), '0.774193548');
});

test('an autumn month in London lasts 745 hours', () => {
  const period = billingPeriodContaining(1, 'Europe/London', '2026-10-10T00:00:00Z');
  assert.equal(period, { start: '2026-09-30T23:00:00.000Z', end: '2026-11-01T00:00:00.000Z' });
  assert.is(formatRatio(segmentFraction('seconds', period, period.start, '2026-10-01T00:00:00Z', 'Europe/London')), '1/745');
});

test('billing periods anchored on the 31st follow Jan 31 → Feb 29 → Mar 31 → Apr 30', () => {
  const at = (instant: string) => billingPeriodContaining(31, 'UTC', instant);
  assert.equal(at('2024-02-10T00:00:00Z'), { start: '2024-01-31T00:00:00.000Z', end: '2024-02-29T00:00:00.000Z' });
  assert.equal(at('2024-03-05T00:00:00Z'), { start: '2024-02-29T00:00:00.000Z', end: '2024-03-31T00:00:00.000Z' });
  assert.equal(at('2024-04-29T23:59:59Z'), { start: '2024-03-31T00:00:00.000Z', end: '2024-04-30T00:00:00.000Z' });
});

test('an instant before the anchor day belongs to the period that began the month before', () => {
  assert.equal(billingPeriodContaining(15, 'UTC', '2026-03-14T23:59:59.999Z'), { start: '2026-02-15T00:00:00.000Z', end: '2026-03-15T00:00:00.000Z' });
  assert.equal(billingPeriodContaining(15, 'UTC', '2026-03-15T00:00:00Z'), { start: '2026-03-15T00:00:00.000Z', end: '2026-04-15T00:00:00.000Z' });
});

test('the Tokyo period boundary lies at 15:00 UTC the day before', () => {
  assert.is(billingPeriodContaining(1, 'Asia/Tokyo', '2026-10-31T15:00:00Z').start, '2026-10-31T15:00:00.000Z');
  assert.is(billingPeriodContaining(1, 'Asia/Tokyo', '2026-10-31T14:59:59.999Z').end, '2026-10-31T15:00:00.000Z');
});

test('a bad anchor day, time zone or instant is refused', () => {
  for (const anchor of [0, 32, 1.5, Number.NaN]) assert.throws(() => billingPeriodContaining(anchor, 'UTC', '2026-01-01T00:00:00Z'), RangeError);
  assert.throws(() => billingPeriodContaining(1, 'Mars/Olympus', '2026-01-01T00:00:00Z'), RangeError);
  assert.throws(() => billingPeriodContaining(1, 'UTC', '2026-01-01T00:00:00+09:00'), RangeError);
});

test('a change outside the period is refused', () => {
  assert.throws(() => prorate(input({ changeAt: '2024-01-31T23:59:59.999Z' })), RangeError);
  assert.throws(() => prorate(input({ changeAt: '2024-03-01T00:00:00.001Z' })), RangeError);
});

test('prices in two currencies are refused', () => {
  assert.throws(() => prorate(input({ newPrice: money(2_000, 'JPY') })), (e: unknown) => e instanceof CurrencyMismatchError);
});

test('negative prices, unknown time zones and empty periods are refused', () => {
  assert.throws(() => prorate(input({ oldPrice: usd(-1) })), RangeError);
  assert.throws(() => prorate(input({ policy: 'seconds', timeZone: 'Nowhere/City' })), RangeError);
  const empty = { start: FEB_2024.start, end: FEB_2024.start };
  assert.throws(() => prorate(input({ period: empty, changeAt: FEB_2024.start })), RangeError);
  const hour = { start: '2024-02-01T00:00:00Z', end: '2024-02-01T01:00:00Z' };
  assert.throws(() => prorationFraction('days', hour, hour.start, 'UTC'), RangeError);
});

test('a segment must run forwards inside the period', () => {
  assert.throws(() => segmentFraction('seconds', FEB_2024, '2024-02-20T00:00:00Z', '2024-02-10T00:00:00Z', 'UTC'), RangeError);
  assert.throws(() => segmentFraction('days', FEB_2024, '2024-02-20T00:00:00Z', '2024-03-02T00:00:00Z', 'UTC'), RangeError);
});

test('a days segment counts calendar dates and ignores the hours', () => {
  assert.is(ratioToDecimal(segmentFraction('days', FEB_2024, '2024-02-10T23:00:00Z', '2024-02-20T01:00:00Z', 'UTC'), 9), '0.344827586');
});

test.run();
