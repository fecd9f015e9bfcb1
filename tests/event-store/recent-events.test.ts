/**
 * The SQLite store's memory of its own newest events (recent-events.ts): whatever it answers is
 * the file's run of events right after the asked position, and it stays bounded.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatPosition } from '../../infrastructure/event-store/shared/append-rules.js';
import type { PreparedAppend } from '../../infrastructure/event-store/sqlite/appending.js';
import { RecentEvents } from '../../infrastructure/event-store/sqlite/recent-events.js';
import { check } from '../support/properties.js';

const test = suite('recent events of a SQLite connection');

/** A step of the file's history: an append by this connection (noted), or by another one (not). */
const step = fc.record({ ours: fc.boolean(), events: fc.integer({ min: 1, max: 4 }) });

test('an answer is always the file’s events right after the position, none left out; memory stays within twice what it keeps', () =>
  check(
    fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), fc.nat(250), (steps, keep, asked) => {
      const recent = new RecentEvents(keep);
      const file: string[] = [];
      for (const [n, { ours, events }] of steps.entries()) {
        const ids = Array.from({ length: events }, (_, i) => `e${n}-${i}`);
        file.push(...ids);
        if (!ours) continue;
        const append: PreparedAppend = {
          streamId: `S-${n}`,
          expected: 'no_stream',
          events: ids.map((eventId) => ({ eventId, type: 'T', data: '{}', metadata: '{}', recordedAt: '' })),
        };
        recent.committed(append, { nextExpectedRevision: events - 1, position: formatPosition(file.length) });
        assert.ok(recent.size <= 2 * keep, `${recent.size} rows kept with keep = ${keep}`);
      }
      const rows = recent.after(asked);
      if (rows === undefined) return;
      assert.equal(
        rows.map((row) => [row.position, row.event_id]),
        file.slice(asked, asked + rows.length).map((id, i) => [asked + 1 + i, id]),
      );
      assert.ok(rows.length > 0, 'an answer holds at least the next event');
    }),
  ));

test('after its own newest event, and after another connection appended, it has no answer: the file must be read', () => {
  const recent = new RecentEvents(4);
  const append = (streamId: string, position: number): PreparedAppend => ({
    streamId,
    expected: 'any',
    events: [{ eventId: `${streamId}-${position}`, type: 'T', data: '{}', metadata: '{}', recordedAt: '' }],
  });
  recent.committed(append('A', 1), { nextExpectedRevision: 0, position: '1' });
  recent.committed(append('A', 2), { nextExpectedRevision: 1, position: '2' });
  assert.equal(recent.after(0)?.map((row) => [row.position, row.revision]), [[1, 0], [2, 1]]);
  assert.is(recent.after(2), undefined, 'past its newest event');
  // Position 3 was another connection's.
  recent.committed(append('A', 4), { nextExpectedRevision: 2, position: '4' });
  assert.is(recent.after(1), undefined, 'position 3 is not here');
  assert.equal(recent.after(3)?.map((row) => row.position), [4]);
});

test.run();
