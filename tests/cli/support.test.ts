import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseInstant } from '../../infrastructure/cli/support/instants.js';
import { showAmount, toCsv } from '../../infrastructure/cli/support/output.js';
import { createProgress, createProgressGroup, progressLine } from '../../infrastructure/cli/support/progress.js';

const test = suite('CLI support: instants, amounts, CSV, progress');

test('instants on the command line need a zone and name a real moment; offsets become UTC', () => {
  assert.is(parseInstant('2026-03-31T23:59:59+09:00'), '2026-03-31T14:59:59.000Z');
  assert.is(parseInstant('2026-03-31T14:59Z'), '2026-03-31T14:59:00.000Z');
  assert.is(parseInstant('2026-03-31T14:59:59.5Z'), '2026-03-31T14:59:59.500Z');
  assert.is(parseInstant('2026-01-01T00:30:00-05:30'), '2026-01-01T06:00:00.000Z');
  for (const bad of ['2026-03-31', '2026-03-31T14:59:59', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-03-31T24:00:00Z', '1969-12-31T23:59:59Z', '2026-03-31T14:59:59+15:00', 'yesterday']) {
    assert.is(parseInstant(bad), undefined, bad);
  }
});

test('table amounts are decimals of their currency with thousands separators; CSV quotes what needs quoting', () => {
  assert.equal([showAmount(49_500, 'JPY'), showAmount(-1_549, 'JPY'), showAmount(123_450, 'USD'), showAmount(-517, 'USD'), showAmount(null, 'JPY')], ['49,500', '-1,549', '1,234.50', '-5.17', '']);
  assert.is(toCsv([{ a: 'x, "y"', b: null, c: 3, d: true }]), 'a,b,c,d\n"x, ""y""",,3,true\n');
});

test('without a terminal, progress is one plain line at the end of a short run, with events/s and ETA', () => {
  const lines: string[] = [];
  const progress = createProgress('rebuild', 2_000, { isTTY: false, write: (text: string) => lines.push(text) });
  progress.update(1_000);
  progress.update(2_000);
  progress.stop();
  assert.is(lines.length, 1);
  assert.match(lines[0] ?? '', /^rebuild: 2,000\/2,000 events \(100%\), [\d,]+ events\/s, ETA 0s\n$/);
  assert.is(progressLine('replay', 500, 2_000, 250), 'replay: 500/2,000 events (25%), 250 events/s, ETA 6s');
  assert.is(progressLine('verify', 500, undefined, 250), 'verify: 500 events, 250 events/s');
});

test('on a terminal, progress is a bar with events/s and an ETA', () => {
  const written: string[] = [];
  const terminal = { isTTY: true, columns: 200, write: (text: string) => written.push(text) > 0, on: () => terminal, removeListener: () => terminal };
  const progress = createProgress('rebuild', 10, terminal);
  progress.update(5);
  progress.stop();
  const screen = written.join('');
  assert.match(screen, /rebuild \|[█░]+\| \d+% \| \d+\/10 events \| [\d,]+ events\/s \| ETA /);
});

test('phases at once: without a terminal their lines interleave, each ends with one final line; on a terminal each has its bar', () => {
  const lines: string[] = [];
  const group = createProgressGroup({ isTTY: false, write: (text: string) => lines.push(text) }, 0);
  const chain = group.add('verify chain', 100);
  const replay = group.add('verify projections', 100);
  chain.update(50);
  replay.update(10);
  chain.update(100);
  chain.stop();
  group.log('verify compare: spending (1/9 tables)\n');
  group.stop();
  assert.equal(
    lines.map((line) => line.replace(/, [\d,]+ events\/s, ETA \d+s/, '')),
    ['verify chain: 50/100 events (50%)\n', 'verify projections: 10/100 events (10%)\n', 'verify chain: 100/100 events (100%)\n', 'verify chain: 100/100 events (100%)\n', 'verify compare: spending (1/9 tables)\n', 'verify projections: 10/100 events (10%)\n'],
  );
  const written: string[] = [];
  const terminal = { isTTY: true, columns: 200, write: (text: string) => written.push(text) > 0, on: () => terminal, removeListener: () => terminal };
  const bars = createProgressGroup(terminal);
  bars.add('verify chain', 10).update(4);
  bars.add('verify projections', 10).update(2);
  bars.stop();
  const screen = written.join('');
  assert.match(screen, /verify chain \|[█░]+\| \d+% \| \d+\/10 events/);
  assert.match(screen, /verify projections \|[█░]+\| \d+% \| \d+\/10 events/);
});

test.run();
