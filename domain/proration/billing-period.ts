/**
 * Monthly billing periods anchored on a day of month (DOMAIN.md §4): each period starts at
 * 00:00 local time in the seller's time zone on the anchor day, clamped to the month's last
 * day when the month is shorter (anchor 31: Jan 31 → Feb 29 → Mar 31 → Apr 30).
 */
import { addMonthsClamped, civilDateIn, isTimeZone, startOfDayIn, toEpochMs, type Instant } from '../shared/time.js';

export interface BillingPeriod {
  /** inclusive */
  readonly start: Instant;
  /** exclusive */
  readonly end: Instant;
}

/** Returns the period containing `at`. Throws RangeError on a bad anchor, zone or instant. */
export function billingPeriodContaining(anchorDay: number, timeZone: string, at: Instant): BillingPeriod {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) {
    throw new RangeError(`billing anchor day must be an integer from 1 to 31, got ${anchorDay}`);
  }
  if (!isTimeZone(timeZone)) throw new RangeError(`unknown time zone '${timeZone}'`);
  const atMs = toEpochMs(at);
  const { year, month } = civilDateIn(at, timeZone);
  // Each start is clamped from the anchor itself, never from the previous (clamped) start,
  // so a short February does not drag March's start back to the 29th.
  const startOf = (months: number): Instant =>
    startOfDayIn(addMonthsClamped({ year, month, day: 1 }, months, anchorDay), timeZone);
  // `at` is on or after the start in its own local month, or else in the period begun the month before.
  const offset = toEpochMs(startOf(0)) <= atMs ? 0 : -1;
  return { start: startOf(offset), end: startOf(offset + 1) };
}

/** True when `at` lies in [start, end]: both ends included, as a plan change may fall on either. */
export function isWithinPeriod(period: BillingPeriod, at: Instant): boolean {
  const ms = toEpochMs(at);
  return toEpochMs(period.start) <= ms && ms <= toEpochMs(period.end);
}
