import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  add, compare, CURRENCIES, CURRENCY_EXPONENTS, CurrencyMismatchError, formatAmount, isCurrency, maxOf, minOf, money,
  multiplyByRatio, negate, parseAmount, percentOf, subtract, sum, zero, type Currency, type Money,
} from '../../domain/shared/money.js';
import { ratio } from '../../domain/shared/rational.js';
import { check } from '../support/properties.js';

const test = suite('money');

const parsed = (text: string, currency: Currency): Money | string => {
  const result = parseAmount(text, currency);
  return result.ok ? result.value : `refused: ${result.reason}`;
};

test('formatting then parsing gives back the same money in every currency', () =>
  check(
    fc.property(fc.constantFrom(...CURRENCIES), fc.maxSafeNat(), (currency, amount) => {
      assert.equal(parsed(formatAmount(money(amount, currency)), currency), money(amount, currency));
    }),
  ));

test('a whole amount followed by the currency’s decimals parses to minor units', () =>
  check(
    fc.property(fc.constantFrom(...CURRENCIES), fc.integer({ min: 0, max: 10 ** 12 }), fc.nat(99), (currency, whole, cents) => {
      const exponent = CURRENCY_EXPONENTS[currency];
      const text = exponent === 0 ? `${whole}` : `${whole}.${String(cents).padStart(exponent, '0')}`;
      assert.equal(parsed(text, currency), money(whole * 10 ** exponent + (exponent === 0 ? 0 : cents), currency));
    }),
  ));

test('Amazon decimal strings parse by the currency’s exponent', () => {
  assert.equal(parsed('10.00', 'USD'), money(1000, 'USD'));
  assert.equal(parsed('10.5', 'EUR'), money(1050, 'EUR'));
  assert.equal(parsed('10.000', 'GBP'), money(1000, 'GBP'));
  assert.equal(parsed('0.01', 'USD'), money(1, 'USD'));
  assert.equal(parsed('500', 'JPY'), money(500, 'JPY'));
  assert.equal(parsed('500.0', 'JPY'), money(500, 'JPY'));
  assert.equal(parsed('90071992547409.91', 'USD'), money(Number.MAX_SAFE_INTEGER, 'USD'));
});

test('amounts finer than the minor unit, signs, exponents, spaces and empty strings are refused', () => {
  const refusals: [string, Currency][] = [
    ['10.005', 'USD'], ['500.5', 'JPY'], ['1e3', 'USD'], ['-1', 'USD'], ['+1', 'USD'], [' 1', 'USD'], ['1 ', 'USD'], ['', 'USD'],
    ['10.', 'USD'], ['.5', 'USD'], ['1,000', 'JPY'], ['0x10', 'JPY'], ['90071992547409.92', 'USD'], ['9007199254740992', 'JPY'],
  ];
  for (const [text, currency] of refusals) assert.not.ok(parseAmount(text, currency).ok, `'${text}' ${currency} should be refused`);
});

test('negative amounts format with a leading minus', () => {
  assert.is(formatAmount(money(-517, 'USD')), '-5.17');
  assert.is(formatAmount(money(-5, 'USD')), '-0.05');
  assert.is(formatAmount(money(-500, 'JPY')), '-500');
  assert.is(formatAmount(money(5, 'GBP')), '0.05');
  assert.is(formatAmount(zero('EUR')), '0.00');
});

test('money refuses amounts that are not safe integers', () => {
  for (const amount of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) assert.throws(() => money(amount, 'USD'), RangeError);
});

test('mixing currencies throws CurrencyMismatchError in add, subtract, compare, minOf, maxOf and sum', () => {
  const usd = money(100, 'USD');
  const jpy = money(100, 'JPY');
  const operations = [() => add(usd, jpy), () => subtract(usd, jpy), () => compare(usd, jpy), () => minOf(usd, jpy), () => maxOf(jpy, usd), () => sum([usd], 'JPY')];
  for (const operation of operations) {
    assert.throws(operation, (e: unknown) => e instanceof CurrencyMismatchError && e.name === 'CurrencyMismatchError');
  }
});

test('arithmetic in one currency adds, subtracts and compares minor units', () => {
  assert.equal(add(money(517, 'USD'), money(1034, 'USD')), money(1551, 'USD'));
  assert.equal(subtract(money(500, 'JPY'), money(800, 'JPY')), money(-300, 'JPY'));
  assert.equal([compare(money(1, 'EUR'), money(2, 'EUR')), compare(money(2, 'EUR'), money(2, 'EUR')), compare(money(3, 'EUR'), money(2, 'EUR'))], [-1, 0, 1]);
  assert.equal(sum([money(1, 'KRW'), money(2, 'KRW'), money(3, 'KRW')], 'KRW'), money(6, 'KRW'));
  assert.equal(sum([], 'GBP'), zero('GBP'));
  assert.equal(negate(money(5, 'USD')), money(-5, 'USD'));
});

test('multiplying by a ratio rounds once, halves away from zero', () => {
  assert.equal(multiplyByRatio(money(101, 'USD'), ratio(1n, 2n)), money(51, 'USD'));
  assert.equal(multiplyByRatio(money(-101, 'USD'), ratio(1n, 2n)), money(-51, 'USD'));
  assert.equal(multiplyByRatio(money(1000, 'USD'), ratio(15n, 29n)), money(517, 'USD'));
  assert.equal(percentOf(money(10, 'USD'), 15), money(2, 'USD'));
  assert.equal(percentOf(money(-10, 'USD'), 15), money(-2, 'USD'));
});

test('only the five known currency codes are currencies', () => {
  assert.equal(CURRENCIES, ['JPY', 'KRW', 'USD', 'EUR', 'GBP']);
  for (const code of ['usd', 'CHF', '', 'toString', 'constructor', 7]) assert.not.ok(isCurrency(code), String(code));
});

test.run();
