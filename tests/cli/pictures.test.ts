import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { monthsUpTo } from '../../domain/shared/time.js';
import { sparkline, usageBar } from '../../infrastructure/cli/support/pictures.js';
import { check } from '../support/properties.js';

const test = suite('text bars and sparklines');

test('a usage bar shows the share of the limit in eighths of a cell; over the limit it ends with !', () => {
  assert.is(usageBar(0, 50_000, 10), '··········');
  assert.is(usageBar(25_000, 50_000, 10), '█████·····');
  assert.is(usageBar(50_000, 50_000, 10), '██████████');
  assert.is(usageBar(1_980, 50_000, 10), '▍·········');
  assert.is(usageBar(60_000, 50_000, 10), '█████████!');
  assert.is(usageBar(5, 0, 4), '    ', 'no limit, no bar');
});

test('a bar is always `width` cells and never shrinks as usage grows', () =>
  check(
    fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 60 }), (a, b, limit, width) => {
      const [low, high] = a <= b ? [a, b] : [b, a];
      const cells = (s: string) => [...s].length;
      const filled = (s: string) => [...s].filter((c) => c !== '·').length;
      return cells(usageBar(low, limit, width)) === width && cells(usageBar(high, limit, width)) === width && filled(usageBar(low, limit, width)) <= filled(usageBar(high, limit, width));
    }),
  ));

test('a sparkline has one tick per value, the largest the highest tick', () => {
  assert.is(sparkline([]), '');
  assert.is(sparkline([0, 0, 0]), '▁▁▁');
  assert.is(sparkline([0, 1980, 3960, 7920]), '▁▃▅█');
  check(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 40 }), (values) => {
    const line = sparkline(values);
    const top = Math.max(...values);
    return [...line].length === values.length && (top === 0 || line[values.indexOf(top)] === '█');
  }));
});

test('the months of a trend: the report month and those before it, across a year boundary', () => {
  assert.equal(monthsUpTo('2026-02', 4), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.equal(monthsUpTo('2026-11', 1), ['2026-11']);
});

test.run();
