/**
 * Instants are ISO-8601 UTC strings in commands and events ("2026-03-31T14:59:59Z",
 * milliseconds optional). Nothing here reads the clock: the current time always arrives in a
 * command. Calendar questions name their time zone (IANA, e.g. "Asia/Tokyo") explicitly.
 */

export type Instant = string;

export interface CivilDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

export const MS_PER_SECOND = 1000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** The number the `length` ASCII digits of `text` at `from` spell (the caller knows they are digits). */
function digitsAt(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** True for a well-formed UTC instant that names a real moment (no Feb 30, no hour 24, no leap second). */
export function isInstant(value: unknown): value is Instant {
  if (typeof value !== 'string') return false;
  if (!INSTANT.test(value)) return false;
  // The shape fixes where each field is: read in place (every event's instants pass here on a replay).
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  // Years before 1970 are refused: no Amazon object predates the epoch.
  return year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59;
}

/** Milliseconds since the epoch. Throws on a malformed instant: adapters validate first. */
export function toEpochMs(instant: Instant): number {
  if (!isInstant(instant)) throw new RangeError(`not an ISO-8601 UTC instant: '${instant}'`);
  return Date.parse(instant);
}

/** The canonical form: "2026-03-31T14:59:59.000Z". */
export function fromEpochMs(ms: number): Instant {
  return new Date(ms).toISOString();
}

export const addMs = (instant: Instant, ms: number): Instant => fromEpochMs(toEpochMs(instant) + ms);
export const addHours = (instant: Instant, hours: number): Instant => addMs(instant, hours * MS_PER_HOUR);
export const addDays = (instant: Instant, days: number): Instant => addMs(instant, days * MS_PER_DAY);

export function compareInstants(a: Instant, b: Instant): -1 | 0 | 1 {
  const d = toEpochMs(a) - toEpochMs(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export const isBefore = (a: Instant, b: Instant): boolean => compareInstants(a, b) < 0;
export const isAtOrAfter = (a: Instant, b: Instant): boolean => compareInstants(a, b) >= 0;

export interface Window {
  /** inclusive */
  readonly start: Instant;
  /** exclusive */
  readonly end: Instant;
}

/** The UTC calendar month containing the instant: the window of Amazon's monthly limit. */
export function utcMonthWindow(instant: Instant): Window {
  const d = new Date(toEpochMs(instant));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return { start: fromEpochMs(Date.UTC(y, m, 1)), end: fromEpochMs(Date.UTC(y, m + 1, 1)) };
}

/** The start of the UTC month before the one containing `instant` (a well-formed one: its first seven characters name the month). */
export function previousUtcMonthStart(instant: Instant): Instant {
  return fromEpochMs(Date.UTC(Number(instant.slice(0, 4)), Number(instant.slice(5, 7)) - 2, 1));
}

/** "2026-11" for any instant in November 2026 (UTC): instants are UTC, so it is their first seven characters. */
export function utcMonthKey(instant: Instant): string {
  if (!isInstant(instant)) throw new RangeError(`not an ISO-8601 UTC instant: '${instant}'`);
  return instant.slice(0, 7);
}

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in a month of the Gregorian calendar (`month` 1–12). */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? Number.NaN);
}

/** Days from a to b (b − a) between civil dates. */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / MS_PER_DAY;
}

/** The civil date n months after `date`, with the day clamped to the target month's length. */
export function addMonthsClamped(date: CivilDate, months: number, day: number = date.day): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(day, daysInMonth(year, month)) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockParts(ms: number, timeZone: string): number[] {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}

/** The civil date of an instant in a time zone. */
export function civilDateIn(instant: Instant, timeZone: string): CivilDate {
  const [year = 0, month = 0, day = 0] = wallClockParts(toEpochMs(instant), timeZone);
  return { year, month, day };
}

/** UTC offset of the zone at that moment, in ms (Asia/Tokyo: +9 h). */
function offsetAt(ms: number, timeZone: string): number {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = wallClockParts(ms, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the civil date begins in the zone: 00:00 local time, or where a clock
 * change skips midnight (America/Santiago), the moment the clocks jump.
 */
export function startOfDayIn(date: CivilDate, timeZone: string): Instant {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const candidates = [wall - offsetAt(wall - MS_PER_DAY, timeZone), wall - offsetAt(wall + MS_PER_DAY, timeZone)].sort((a, b) => a - b);
  const exact = candidates.find((ms) => ms + offsetAt(ms, timeZone) === wall);
  return fromEpochMs(exact ?? candidates[1] ?? wall);
}

/** True when the string names a time zone this runtime knows. */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** `month` (YYYY-MM) and the `count - 1` months before it, oldest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (number - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}
