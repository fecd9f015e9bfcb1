import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  addDays, addMonthsClamped, addMs, civilDateIn, compareInstants, daysBetween, daysInMonth, fromEpochMs, isInstant, isTimeZone,
  MS_PER_HOUR, previousUtcMonthStart, startOfDayIn, toEpochMs, utcMonthKey, utcMonthWindow, type CivilDate,
} from '../../domain/shared/time.js';
import { check } from '../support/properties.js';

const test = suite('time');

test('well-formed UTC instants are accepted with or without milliseconds', () => {
  for (const s of ['2026-03-31T14:59:59Z', '2026-03-31T14:59:59.5Z', '2026-03-31T14:59:59.123Z', '2024-02-29T00:00:00Z']) assert.ok(isInstant(s), s);
});

test('only an upper-case Z on a real moment is an instant: adapters normalize the rest', () => {
  const refused = [
    '2026-03-31T14:59:59z', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-03-31T24:00:00Z', '2026-03-31T14:60:00Z',
    '2026-03-31T14:59:60Z', '2026-03-31T14:59:59+09:00', '2026-03-31T14:59:59', '2026-03-31 14:59:59Z', '2026-3-31T14:59:59Z',
    '2026-03-31T14:59:59.1234Z', '2026-03-31', '',
  ];
  for (const s of refused) assert.not.ok(isInstant(s), s);
  for (const value of [null, undefined, 1_700_000_000_000, new Date(0)]) assert.not.ok(isInstant(value), String(value));
  assert.throws(() => toEpochMs('2026-03-31T14:59:59+09:00'), RangeError);
});

test('an instant is exactly a string of the form whose fields the Date of its moment reproduces (the calendar check agrees with Date)', () =>
  check(
    fc.property(
      fc.tuple(fc.integer({ min: 1960, max: 2400 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.integer({ min: 0, max: 61 })),
      ([year, month, day, hour, minute, second]) => {
        const two = (n: number) => String(n).padStart(2, '0');
        const text = `${year}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}Z`;
        const ms = Date.parse(text);
        const byDate = !Number.isNaN(ms) && ms >= 0 && new Date(ms).toISOString().slice(0, 19) === text.slice(0, 19);
        assert.is(isInstant(text), byDate, text);
        if (byDate) assert.is(utcMonthKey(text), new Date(ms).toISOString().slice(0, 7));
      },
    ),
  ));

test('instants compare by the moment, milliseconds included', () => {
  assert.is(compareInstants('2026-03-31T14:59:59Z', '2026-03-31T14:59:59.5Z'), -1);
  assert.is(compareInstants('2026-03-31T14:59:59.000Z', '2026-03-31T14:59:59Z'), 0);
  assert.is(addDays('2024-02-28T12:00:00Z', 1), '2024-02-29T12:00:00.000Z');
});

test('canonical instants survive a round trip through epoch milliseconds', () =>
  check(
    fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2999, 11, 31) }), (ms) => {
      const instant = fromEpochMs(ms);
      assert.ok(isInstant(instant), instant);
      assert.is(toEpochMs(instant), ms);
    }),
  ));

test('the UTC month window runs from the 1st to the next 1st, December into January', () => {
  assert.equal(utcMonthWindow('2026-03-31T23:59:59.999Z'), { start: '2026-03-01T00:00:00.000Z', end: '2026-04-01T00:00:00.000Z' });
  assert.equal(utcMonthWindow('2026-04-01T00:00:00Z'), { start: '2026-04-01T00:00:00.000Z', end: '2026-05-01T00:00:00.000Z' });
  assert.equal(utcMonthWindow('2026-12-31T23:59:59Z'), { start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' });
  assert.is(utcMonthKey('2026-11-30T15:00:00Z'), '2026-11');
});

test('every instant lies in its UTC month window, and consecutive windows meet', () =>
  check(
    fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
      const window = utcMonthWindow(fromEpochMs(ms));
      assert.ok(toEpochMs(window.start) <= ms && ms < toEpochMs(window.end));
      assert.is(window.start.slice(8), '01T00:00:00.000Z');
      assert.is(utcMonthWindow(window.end).start, window.end);
    }),
  ));

test('a day in Tokyo begins at 15:00 UTC the day before', () => {
  assert.is(startOfDayIn({ year: 2026, month: 11, day: 1 }, 'Asia/Tokyo'), '2026-10-31T15:00:00.000Z');
  assert.equal(civilDateIn('2026-10-31T15:00:00Z', 'Asia/Tokyo'), { year: 2026, month: 11, day: 1 });
  assert.equal(civilDateIn('2026-10-31T14:59:59.999Z', 'Asia/Tokyo'), { year: 2026, month: 10, day: 31 });
});

test('days in Los Angeles follow daylight saving: 23 hours in March, 25 in November', () => {
  const start = (month: number, day: number) => toEpochMs(startOfDayIn({ year: 2026, month, day }, 'America/Los_Angeles'));
  assert.is(fromEpochMs(start(3, 8)), '2026-03-08T08:00:00.000Z');
  assert.is(fromEpochMs(start(3, 9)), '2026-03-09T07:00:00.000Z');
  assert.is((start(3, 9) - start(3, 8)) / MS_PER_HOUR, 23);
  assert.is(fromEpochMs(start(11, 1)), '2026-11-01T07:00:00.000Z');
  assert.is((start(11, 2) - start(11, 1)) / MS_PER_HOUR, 25);
});

test('a day that begins before a daylight-saving change east of UTC starts at its own midnight', () => {
  assert.is(startOfDayIn({ year: 2026, month: 10, day: 4 }, 'Australia/Sydney'), '2026-10-03T14:00:00.000Z');
  assert.is(startOfDayIn({ year: 2026, month: 4, day: 5 }, 'Australia/Sydney'), '2026-04-04T13:00:00.000Z');
  assert.is(startOfDayIn({ year: 2026, month: 9, day: 27 }, 'Pacific/Auckland'), '2026-09-26T12:00:00.000Z');
});

test('a day whose midnight is skipped by a clock change begins when the clocks jump', () => {
  // America/Santiago springs forward from 00:00 to 01:00 on 2024-09-08 (UTC−4 → UTC−3).
  assert.is(startOfDayIn({ year: 2024, month: 9, day: 8 }, 'America/Santiago'), '2024-09-08T04:00:00.000Z');
  assert.is(startOfDayIn({ year: 2024, month: 9, day: 9 }, 'America/Santiago'), '2024-09-09T03:00:00.000Z');
  // and falls back from 00:00 to 23:00 on 2024-04-07: the 7th begins at the second 00:00.
  assert.is(startOfDayIn({ year: 2024, month: 4, day: 7 }, 'America/Santiago'), '2024-04-07T04:00:00.000Z');
});

const ZONES = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Australia/Sydney', 'Pacific/Auckland', 'America/Santiago'] as const;
const civilDates = fc
  .integer({ min: 0, max: 365 * 40 })
  .map((n): CivilDate => {
    const d = new Date(Date.UTC(2000, 0, 1 + n));
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  });

test('the start of a local day is the first instant of that civil date', () =>
  check(
    fc.property(fc.constantFrom(...ZONES), civilDates, (timeZone, date) => {
      const start = startOfDayIn(date, timeZone);
      assert.equal(civilDateIn(start, timeZone), date);
      assert.is(daysBetween(civilDateIn(fromEpochMs(toEpochMs(start) - 1), timeZone), date), 1);
    }),
  ));

test('months are added with the day clamped to the target month', () => {
  const jan31: CivilDate = { year: 2024, month: 1, day: 31 };
  assert.equal(addMonthsClamped(jan31, 1), { year: 2024, month: 2, day: 29 });
  assert.equal(addMonthsClamped({ year: 2025, month: 1, day: 31 }, 1), { year: 2025, month: 2, day: 28 });
  assert.equal(addMonthsClamped(jan31, 3), { year: 2024, month: 4, day: 30 });
  assert.equal(addMonthsClamped({ year: 2024, month: 12, day: 15 }, 1), { year: 2025, month: 1, day: 15 });
  assert.equal(addMonthsClamped({ year: 2024, month: 1, day: 15 }, -1), { year: 2023, month: 12, day: 15 });
  assert.equal(addMonthsClamped({ year: 2024, month: 3, day: 31 }, -13), { year: 2023, month: 2, day: 28 });
});

test('an explicit anchor day keeps a clamped date from drifting: Feb 29 + 1 month is Mar 31 with anchor 31', () => {
  const feb29: CivilDate = { year: 2024, month: 2, day: 29 };
  assert.equal(addMonthsClamped(feb29, 1, 31), { year: 2024, month: 3, day: 31 });
  assert.equal(addMonthsClamped(feb29, 1), { year: 2024, month: 3, day: 29 });
});

test('month lengths and day counts follow the Gregorian calendar', () => {
  assert.equal([daysInMonth(2024, 2), daysInMonth(2025, 2), daysInMonth(2100, 2), daysInMonth(2000, 2), daysInMonth(2026, 12)], [29, 28, 28, 29, 31]);
  assert.is(daysBetween({ year: 2024, month: 2, day: 1 }, { year: 2024, month: 3, day: 1 }), 29);
  assert.is(daysBetween({ year: 2024, month: 3, day: 1 }, { year: 2024, month: 2, day: 15 }), -15);
});

test('time zones are known by their IANA names only', () => {
  for (const zone of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles']) assert.ok(isTimeZone(zone), zone);
  for (const zone of ['Mars/Olympus', 'JST9', '']) assert.not.ok(isTimeZone(zone), zone);
});

test('the UTC month before: across a year and from any instant of the month', () => {
  assert.is(previousUtcMonthStart('2027-01-01T00:00:00.000Z'), '2026-12-01T00:00:00.000Z');
  assert.is(previousUtcMonthStart('2026-03-31T23:59:59.999Z'), '2026-02-01T00:00:00.000Z');
  check(
    fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
      const instant = d.toISOString();
      const previous = previousUtcMonthStart(instant);
      assert.is(previous, utcMonthWindow(addMs(utcMonthWindow(instant).start, -1)).start);
    }),
  );
});

test.run();
