import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { overageAllowance, OVERAGE_CAP } from '../../domain/policy.js';
import { compare, CURRENCIES, money, percentOf } from '../../domain/shared/money.js';
import { compareRatios, formatRatio, ratio, ratioToDecimal, reduce, roundHalfAwayFromZero, roundRatioTo } from '../../domain/shared/rational.js';
import { check } from '../support/properties.js';

const test = suite('rational');

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));

test('halves round away from zero, unlike Math.round', () => {
  const cases: [bigint, bigint, bigint][] = [
    [1n, 2n, 1n], [-1n, 2n, -1n], [3n, 2n, 2n], [-3n, 2n, -2n], [5n, 2n, 3n], [-5n, 2n, -3n],
    [24_999n, 10_000n, 2n], [-24_999n, 10_000n, -2n], [25_001n, 10_000n, 3n], [0n, 7n, 0n], [5n, -2n, -3n], [-5n, -2n, 3n],
  ];
  for (const [num, den, expected] of cases) assert.is(roundHalfAwayFromZero(num, den), expected, `${num}/${den}`);
});

test('a zero denominator is refused', () => {
  assert.throws(() => roundHalfAwayFromZero(1n, 0n), RangeError);
  assert.throws(() => ratio(1n, 0n), RangeError);
});

const nonZero = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).filter((d) => d !== 0n);

test('rounding gives the nearest integer, and a tie goes away from zero', () =>
  check(
    fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), nonZero, (num, den) => {
      const r = roundHalfAwayFromZero(num, den);
      const twiceError = 2n * abs(r * den - num);
      assert.ok(twiceError <= abs(den), `${num}/${den} → ${r} is not the nearest integer`);
      if (twiceError === abs(den)) assert.ok(abs(r * den) > abs(num), `tie ${num}/${den} → ${r} went towards zero`);
    }),
  ));

test('exact halves of every integer are rounded away from zero', () =>
  check(
    fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (n) => {
      const expected = n >= 0n ? n + 1n : n;
      assert.is(roundHalfAwayFromZero(2n * n + 1n, 2n), expected);
    }),
  ));

test('reducing keeps the value and leaves no common factor', () =>
  check(
    fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), nonZero, (num, den) => {
      const r = ratio(num, den);
      const reduced = reduce(r);
      assert.is(compareRatios(reduced, r), 0);
      assert.ok(reduced.den > 0n && gcd(reduced.num, reduced.den) === 1n, formatRatio(r));
    }),
  ));

test('ratios print in lowest terms with the sign on the numerator', () => {
  assert.is(formatRatio(ratio(10n, -4n)), '-5/2');
  assert.is(formatRatio(ratio(0n, 7n)), '0/1');
  assert.is(formatRatio(roundRatioTo(ratio(15n, 29n), 10n ** 9n)), '517241379/1000000000');
  assert.is(formatRatio(roundRatioTo(ratio(1n, 2n), 10n ** 9n)), '1/2');
});

test('ratios print as decimals rounded half away from zero', () => {
  assert.is(ratioToDecimal(ratio(15n, 29n), 9), '0.517241379');
  assert.is(ratioToDecimal(ratio(1n, 1n), 9), '1.000000000');
  assert.is(ratioToDecimal(ratio(1n, 2000n), 3), '0.001');
  assert.is(ratioToDecimal(ratio(-1n, 2n), 0), '-1');
  assert.is(ratioToDecimal(ratio(5n, 2n), 0), '3');
});

test('ratios compare by value, not by representation', () => {
  assert.is(compareRatios(ratio(1n, 2n), ratio(2n, 4n)), 0);
  assert.is(compareRatios(ratio(1n, 3n), ratio(333_333_333n, 1_000_000_000n)), 1);
  assert.is(compareRatios(ratio(-1n, 2n), ratio(1n, -3n)), -1);
});

test('the overage allowance is 15 % capped at 75.00 USD/EUR/GBP and 8,400 JPY', () => {
  assert.equal(overageAllowance(money(100_00, 'USD')), money(15_00, 'USD'));
  assert.equal(overageAllowance(money(1_000_00, 'USD')), money(75_00, 'USD'));
  assert.equal(overageAllowance(money(1_000_00, 'EUR')), money(75_00, 'EUR'));
  assert.equal(overageAllowance(money(500_00, 'GBP')), money(75_00, 'GBP'));
  assert.equal(overageAllowance(money(100_000, 'JPY')), money(8_400, 'JPY'));
  assert.equal(overageAllowance(money(1_000, 'JPY')), money(150, 'JPY'));
  assert.equal(overageAllowance(money(10, 'USD')), money(2, 'USD'));
  assert.equal(overageAllowance(money(10_000_000, 'KRW')), money(1_500_000, 'KRW'));
});

test('the overage allowance is the smaller of 15 % and the cap', () =>
  check(
    fc.property(fc.constantFrom(...CURRENCIES), fc.integer({ min: 0, max: 10 ** 13 }), (currency, amount) => {
      const base = money(amount, currency);
      const allowance = overageAllowance(base);
      const percent = percentOf(base, 15);
      const cap = OVERAGE_CAP[currency];
      assert.ok(compare(allowance, percent) <= 0);
      if (cap !== undefined) assert.ok(compare(allowance, cap) <= 0);
      assert.ok(allowance.amount === percent.amount || allowance.amount === cap?.amount);
    }),
  ));

test.run();
