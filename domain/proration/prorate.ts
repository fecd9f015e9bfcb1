/**
 * Proration of a mid-period plan change (DOMAIN.md §4.1): a credit for the unused part of the
 * old price and a charge for the remaining part of the new price, as two separate lines.
 * Fractions are exact bigint ratios; money is rounded once per line, half away from zero.
 */
import { add, CurrencyMismatchError, multiplyByRatio, type Money } from '../shared/money.js';
import { formatRatio, ratio, ratioToDecimal, reduce, roundRatioTo, type Ratio } from '../shared/rational.js';
import { civilDateIn, daysBetween, isTimeZone, toEpochMs, type Instant } from '../shared/time.js';
import { isWithinPeriod, type BillingPeriod } from './billing-period.js';

export type ProrationPolicy = 'seconds' | 'days';
export const PRORATION_POLICIES: readonly ProrationPolicy[] = ['seconds', 'days'];

/** The `days` fraction is rounded to this many decimal places before it touches money. */
const DAYS_FRACTION_SCALE = 10n ** 9n;
const DECIMAL_PLACES = 9;

export interface ProrationInput {
  readonly policy: ProrationPolicy;
  readonly period: BillingPeriod;
  readonly changeAt: Instant;
  readonly timeZone: string;
  readonly oldPrice: Money;
  readonly newPrice: Money;
}

/** Everything needed to recompute the two lines later (stored as-is in the event). */
export interface Proration {
  readonly policy: ProrationPolicy;
  readonly timeZone: string;
  readonly period: BillingPeriod;
  readonly changeAt: Instant;
  /** The exact ratio actually used, "num/den" in lowest terms. */
  readonly fraction: string;
  /** The same ratio with 9 decimals, e.g. "0.517241379". */
  readonly fractionDecimal: string;
  /** ≤ 0: −fraction × oldPrice, rounded once, half away from zero. */
  readonly credit: Money;
  /** ≥ 0: +fraction × newPrice, rounded once, half away from zero. */
  readonly charge: Money;
  /** credit + charge */
  readonly net: Money;
  readonly rounding: 'half-away-from-zero';
}

function checkSegment(period: BillingPeriod, from: Instant, to: Instant): void {
  if (toEpochMs(period.start) >= toEpochMs(period.end)) {
    throw new RangeError(`billing period must end after it starts: ${period.start} → ${period.end}`);
  }
  if (!isWithinPeriod(period, from) || !isWithinPeriod(period, to) || toEpochMs(from) > toEpochMs(to)) {
    throw new RangeError(`segment ${from} → ${to} is not inside the period ${period.start} → ${period.end}`);
  }
}

const msBetween = (from: Instant, to: Instant): bigint => BigInt(toEpochMs(to) - toEpochMs(from));
const civilDaysBetween = (from: Instant, to: Instant, timeZone: string): number =>
  daysBetween(civilDateIn(from, timeZone), civilDateIn(to, timeZone));

/** The part of the period between `from` and `to` (from ≤ to, both inside [start, end]). */
export function segmentFraction(policy: ProrationPolicy, period: BillingPeriod, from: Instant, to: Instant, timeZone: string): Ratio {
  checkSegment(period, from, to);
  if (policy === 'seconds') {
    // Exact over milliseconds: equal to seconds when the instants are whole seconds.
    return reduce(ratio(msBetween(from, to), msBetween(period.start, period.end)));
  }
  const periodDays = civilDaysBetween(period.start, period.end, timeZone);
  if (periodDays <= 0) throw new RangeError(`billing period ${period.start} → ${period.end} spans no whole day in ${timeZone}`);
  const days = ratio(BigInt(civilDaysBetween(from, to, timeZone)), BigInt(periodDays));
  return reduce(roundRatioTo(days, DAYS_FRACTION_SCALE));
}

/** The unused part of the period, from `changeAt` to the period's end. */
export function prorationFraction(policy: ProrationPolicy, period: BillingPeriod, changeAt: Instant, timeZone: string): Ratio {
  return segmentFraction(policy, period, changeAt, period.end, timeZone);
}

/**
 * Throws RangeError when changeAt lies outside [start, end], a price is negative or the time
 * zone is unknown; CurrencyMismatchError when the two prices differ in currency.
 */
export function prorate(input: ProrationInput): Proration {
  const { policy, period, changeAt, timeZone, oldPrice, newPrice } = input;
  if (oldPrice.currency !== newPrice.currency) throw new CurrencyMismatchError(oldPrice.currency, newPrice.currency);
  if (oldPrice.amount < 0 || newPrice.amount < 0) throw new RangeError('prorate: prices must not be negative');
  if (!isTimeZone(timeZone)) throw new RangeError(`unknown time zone '${timeZone}'`);
  const fraction = prorationFraction(policy, period, changeAt, timeZone);
  // Negating the ratio (not the rounded money) keeps the credit's rounding away from zero and avoids −0.
  const credit = multiplyByRatio(oldPrice, ratio(-fraction.num, fraction.den));
  const charge = multiplyByRatio(newPrice, fraction);
  return {
    policy,
    timeZone,
    period: { start: period.start, end: period.end },
    changeAt,
    fraction: formatRatio(fraction),
    fractionDecimal: ratioToDecimal(fraction, DECIMAL_PLACES),
    credit,
    charge,
    net: add(credit, charge),
    rounding: 'half-away-from-zero',
  };
}
