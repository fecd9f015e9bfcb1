/**
 * Money: a safe integer of minor units and an explicit currency. All arithmetic goes through
 * here and refuses mixed currencies. Amazon's decimal strings ("10.00", "500", "500.0") are
 * converted by the currency's exponent, never through floating point.
 */
import { ratio, roundHalfAwayFromZero, type Ratio } from './rational.js';

/** Digits after the decimal point per currency (ISO 4217 minor units). */
export const CURRENCY_EXPONENTS = { JPY: 0, KRW: 0, USD: 2, EUR: 2, GBP: 2 } as const;
export type Currency = keyof typeof CURRENCY_EXPONENTS;
export const CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as readonly Currency[];

export interface Money {
  /** Minor units (yen, cents, pence): always a safe integer. */
  readonly amount: number;
  readonly currency: Currency;
}

export class CurrencyMismatchError extends Error {
  constructor(a: Currency, b: Currency) {
    super(`money arithmetic across currencies: ${a} and ${b}`);
    this.name = 'CurrencyMismatchError';
  }
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, value);
}

export function money(amount: number, currency: Currency): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money: ${amount} is not a safe integer of minor units`);
  return { amount, currency };
}

export const zero = (currency: Currency): Money => ({ amount: 0, currency });

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

export function add(a: Money, b: Money): Money {
  same(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  same(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  same(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export const negate = (a: Money): Money => money(a.amount === 0 ? 0 : -a.amount, a.currency);
export const minOf = (a: Money, b: Money): Money => (compare(a, b) <= 0 ? a : b);
export const maxOf = (a: Money, b: Money): Money => (compare(a, b) >= 0 ? a : b);

export function sum(items: readonly Money[], currency: Currency): Money {
  return items.reduce(add, zero(currency));
}

/** amount × r, rounded once to the minor unit, half away from zero. */
export function multiplyByRatio(a: Money, r: Ratio): Money {
  return money(Number(roundHalfAwayFromZero(BigInt(a.amount) * r.num, r.den)), a.currency);
}

/** amount × percent / 100, rounded half away from zero. */
export function percentOf(a: Money, percent: number): Money {
  return multiplyByRatio(a, ratio(BigInt(percent), 100n));
}

export type ParsedAmount = { readonly ok: true; readonly value: Money } | { readonly ok: false; readonly reason: string };

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses an Amazon decimal string in the given currency. Extra fractional digits are allowed
 * only when they are zeros ("500.0" JPY, "10.000" USD); anything finer than the minor unit,
 * signs, exponents or spaces are refused.
 */
export function parseAmount(text: string, currency: Currency): ParsedAmount {
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, reason: `'${text}' is not a decimal amount` };
  const exponent = CURRENCY_EXPONENTS[currency];
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (/[1-9]/.test(fraction.slice(exponent))) {
    return { ok: false, reason: `'${text}' has more than ${exponent} decimal places for ${currency}` };
  }
  const minor = BigInt(whole) * 10n ** BigInt(exponent) + BigInt(fraction.slice(0, exponent).padEnd(exponent, '0') || '0');
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `'${text}' is too large` };
  return { ok: true, value: money(Number(minor), currency) };
}

/** The Amazon decimal string of an amount: "10.00" USD, "500" JPY, "-5.17" for credits. */
export function formatAmount(a: Money): string {
  const exponent = CURRENCY_EXPONENTS[a.currency];
  const digits = Math.abs(a.amount).toString().padStart(exponent + 1, '0');
  const sign = a.amount < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export const showMoney = (a: Money): string => `${formatAmount(a)} ${a.currency}`;
