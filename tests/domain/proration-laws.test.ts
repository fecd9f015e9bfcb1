import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { billingPeriodContaining, PRORATION_POLICIES, prorate, prorationFraction, segmentFraction, type BillingPeriod } from '../../domain/proration/index.js';
import { CURRENCIES, money, multiplyByRatio } from '../../domain/shared/money.js';
import { compareRatios, ratio, roundHalfAwayFromZero } from '../../domain/shared/rational.js';
import { civilDateIn, daysInMonth, fromEpochMs, startOfDayIn, toEpochMs, type Instant } from '../../domain/shared/time.js';
import { check } from '../support/properties.js';

const test = suite('proration laws');

const ZONES = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/London'] as const;
const SCALE = 2 ** 32;
const ONE = ratio(1n, 1n);

/** A billing period of a random anchor and zone between 2020 and 2030, DST months included. */
const periods = fc
  .record({ anchor: fc.integer({ min: 1, max: 31 }), timeZone: fc.constantFrom(...ZONES), atMs: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) }) })
  .map(({ anchor, timeZone, atMs }) => ({ anchor, timeZone, at: fromEpochMs(atMs), period: billingPeriodContaining(anchor, timeZone, fromEpochMs(atMs)) }));

/** A position in a period: anywhere (0..SCALE), or a local midnight ± 1 ms, where `days` changes. */
type Position = { readonly u: number } | { readonly day: number; readonly jitter: number };
const positions: fc.Arbitrary<Position> = fc.oneof(
  fc.oneof(fc.constant(0), fc.constant(SCALE), fc.integer({ min: 0, max: SCALE })).map((u) => ({ u })),
  fc.record({ day: fc.integer({ min: 0, max: 31 }), jitter: fc.constantFrom(-1, 0, 1) }),
);

function instantAt(period: BillingPeriod, timeZone: string, position: Position): Instant {
  const start = toEpochMs(period.start);
  const end = toEpochMs(period.end);
  if ('u' in position) return fromEpochMs(start + Number((BigInt(end - start) * BigInt(position.u)) / BigInt(SCALE)));
  const first = civilDateIn(period.start, timeZone);
  const date = new Date(Date.UTC(first.year, first.month - 1, first.day + position.day));
  const midnight = toEpochMs(startOfDayIn({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, timeZone));
  return fromEpochMs(Math.min(end, Math.max(start, midnight + position.jitter)));
}

const policies = fc.constantFrom(...PRORATION_POLICIES);
const ordered = (list: readonly Instant[]): Instant[] => [...list].sort((a, b) => toEpochMs(a) - toEpochMs(b));

test('a billing period contains its instant, starts at local midnight on the clamped anchor day and meets the next one', () =>
  check(
    fc.property(periods, ({ anchor, timeZone, at, period }) => {
      const startMs = toEpochMs(period.start);
      assert.ok(startMs <= toEpochMs(at) && toEpochMs(at) < toEpochMs(period.end));
      const first = civilDateIn(period.start, timeZone);
      assert.is(first.day, Math.min(anchor, daysInMonth(first.year, first.month)));
      assert.is(startOfDayIn(first, timeZone), period.start);
      assert.equal(billingPeriodContaining(anchor, timeZone, period.start), period);
      assert.is(billingPeriodContaining(anchor, timeZone, period.end).start, period.end);
      assert.is(billingPeriodContaining(anchor, timeZone, fromEpochMs(startMs - 1)).end, period.start);
    }),
  ));

test('the fraction is 1 at the period start and 0 at its end under both policies', () =>
  check(
    fc.property(periods, policies, ({ timeZone, period }, policy) => {
      assert.is(compareRatios(prorationFraction(policy, period, period.start, timeZone), ONE), 0);
      assert.is(prorationFraction(policy, period, period.end, timeZone).num, 0n);
    }),
  ));

test('the fraction never increases as the change moves later', () =>
  check(
    fc.property(periods, policies, positions, positions, ({ timeZone, period }, policy, a, b) => {
      const [early, late] = ordered([instantAt(period, timeZone, a), instantAt(period, timeZone, b)]) as [Instant, Instant];
      const before = prorationFraction(policy, period, early, timeZone);
      const after = prorationFraction(policy, period, late, timeZone);
      assert.ok(compareRatios(before, after) >= 0, `${early}: ${before.num}/${before.den} < ${late}: ${after.num}/${after.den}`);
    }),
  ));

test('the days fraction is the same all through one local day', () =>
  check(
    fc.property(periods, positions, ({ timeZone, period }, position) => {
      const changeAt = instantAt(period, timeZone, position);
      const midnight = startOfDayIn(civilDateIn(changeAt, timeZone), timeZone);
      const atMidnight = prorationFraction('days', period, midnight, timeZone);
      assert.is(compareRatios(prorationFraction('days', period, changeAt, timeZone), atMidnight), 0);
    }),
  ));

const prices = fc.record({ currency: fc.constantFrom(...CURRENCIES), old: fc.integer({ min: 0, max: 1e12 }), new: fc.integer({ min: 0, max: 1e12 }) });

test('the credit never exceeds the old price and the charge never exceeds the new one', () =>
  check(
    fc.property(periods, policies, positions, prices, ({ timeZone, period }, policy, position, price) => {
      const oldPrice = money(price.old, price.currency);
      const newPrice = money(price.new, price.currency);
      const p = prorate({ policy, period, changeAt: instantAt(period, timeZone, position), timeZone, oldPrice, newPrice });
      assert.ok(p.credit.amount <= 0 && -p.credit.amount <= oldPrice.amount, `credit ${p.credit.amount} on ${oldPrice.amount}`);
      assert.ok(p.charge.amount >= 0 && p.charge.amount <= newPrice.amount, `charge ${p.charge.amount} on ${newPrice.amount}`);
      assert.is(p.net.amount, p.credit.amount + p.charge.amount);
    }),
  ));

test('the recorded fraction recomputes both lines, and under days it is exactly its nine decimals', () =>
  check(
    fc.property(periods, policies, positions, prices, ({ timeZone, period }, policy, position, price) => {
      const p = prorate({ policy, period, changeAt: instantAt(period, timeZone, position), timeZone, oldPrice: money(price.old, price.currency), newPrice: money(price.new, price.currency) });
      const [num = '', den = ''] = p.fraction.split('/');
      assert.is(Number(roundHalfAwayFromZero(-BigInt(num) * BigInt(price.old), BigInt(den))), p.credit.amount);
      assert.is(Number(roundHalfAwayFromZero(BigInt(num) * BigInt(price.new), BigInt(den))), p.charge.amount);
      if (policy === 'days') assert.is(BigInt(num) * 10n ** 9n, BigInt(p.fractionDecimal.replace('.', '')) * BigInt(den));
    }),
  ));

test('prorating a price over k consecutive segments loses at most k − 1 minor units', () =>
  check(
    fc.property(
      periods,
      policies,
      fc.array(positions, { maxLength: 11 }),
      fc.integer({ min: 0, max: 1e8 }),
      ({ timeZone, period }, policy, cuts, amount) => {
        const bounds = [period.start, ...ordered(cuts.map((c) => instantAt(period, timeZone, c))), period.end];
        const price = money(amount, 'USD');
        let total = 0;
        for (let i = 1; i < bounds.length; i++) {
          const f = segmentFraction(policy, period, bounds[i - 1] as Instant, bounds[i] as Instant, timeZone);
          total += multiplyByRatio(price, f).amount;
        }
        const k = bounds.length - 1;
        assert.ok(Math.abs(total - amount) <= k - 1, `${k} pieces sum to ${total}, not ${amount}`);
      },
    ),
  ));

test.run();
