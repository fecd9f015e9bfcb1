/**
 * Properties of the projections over random histories made by the real engine: each equals a
 * naive recomputation from the full event list; the remaining balance is the domain's; however
 * the events arrive (appended in chunks, committed in batches of any size) the rows equal a
 * rebuild from zero; replaying again changes nothing.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PROJECTIONS, ProjectionRunner, agreementStatus, prorationLines, spending } from '../../application/projections/index.js';
import { remainingBalance, remainingOf } from '../../domain/billing-agreement/index.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { MemoryProjectionStore } from '../../infrastructure/projections/memory/memory-projection-store.js';
import { check } from '../support/properties.js';
import { generate, steps } from './histories.js';
import { agreementsOf, naiveProration, naiveSpending, naiveStatus } from './naive.js';
import { copyInto, dump, projectFromZero, sortRows } from './support.js';
import type { SpendingRow } from '../../application/projections/spending-tables.js';

const test = suite('projections: properties over random engine histories');

/** Where to cut the history into chunks, and the runner's batch size for each chunk. */
const arrival = fc.record({
  cuts: fc.array(fc.nat(60), { maxLength: 5 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }),
  /** Small caches make the runner drop rows and read them back from the store. */
  cache: fc.integer({ min: 0, max: 12 }),
});

test('each projection equals a naive recomputation from the full event list, and the remaining balance is the agreement’s own', () =>
  check(
    fc.asyncProperty(steps, fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 30 }), async (history, batchSize, cache) => {
      const { engine, events } = await generate(history);
      await engine.close();
      const projected = await projectFromZero(events, batchSize, cache);
      assert.equal(sortRows(spending, await projected.rows(spending)), sortRows(spending, naiveSpending(events)));
      assert.equal(sortRows(prorationLines, await projected.rows(prorationLines)), sortRows(prorationLines, naiveProration(events)));
      assert.equal(sortRows(agreementStatus, await projected.rows(agreementStatus)), sortRows(agreementStatus, naiveStatus(events)));
      const agreements = agreementsOf(events);
      for (const row of (await projected.rows(spending)) as SpendingRow[]) {
        const { state, ledger } = agreements.get(row.billingAgreementId) ?? {};
        assert.ok(state?.exists && ledger, `spending row of an unknown agreement ${row.billingAgreementId}`);
        if (!state?.exists || !ledger) continue;
        assert.is(row.remainingBalance, remainingOf(state.agreement.monthlyLimit.amount, ledger.consumedByWindow[row.windowStart] ?? 0), `${row.billingAgreementId} ${row.month}`);
        // Where the state still keeps the window (the live months), the agreement's own balance agrees.
        if (Object.hasOwn(state.agreement.consumedByWindow, row.windowStart)) assert.is(row.remainingBalance, remainingBalance(state.agreement, row.windowStart));
      }
    }),
  ));

test('rows maintained while the events arrive in chunks, committed in batches of any size, equal a rebuild from zero; replaying again changes nothing', () =>
  check(
    fc.asyncProperty(steps, arrival, async (history, { cuts, batchSizes, cache }) => {
      const { engine, events } = await generate(history);
      await engine.close();
      const source = new MemoryEventStore();
      const target = new MemoryProjectionStore();
      const boundaries = [...new Set(cuts.map((c) => Math.min(c, events.length)))].sort((a, b) => a - b);
      let done = 0;
      for (const [i, end] of [...boundaries, events.length].entries()) {
        await copyInto(source, events.slice(done, end));
        done = Math.max(done, end);
        await new ProjectionRunner(source, target, PROJECTIONS, { batchSize: batchSizes[i % batchSizes.length] ?? 1, maxCachedRows: cache }).catchUp();
      }
      const incremental = await dump(target);
      assert.equal(incremental, await dump(await projectFromZero(events)));
      const again = await new ProjectionRunner(source, target, PROJECTIONS).catchUp();
      assert.is(again.events, 0);
      assert.equal(await dump(target), incremental);
      await new ProjectionRunner(source, target, PROJECTIONS, { batchSize: 3 }).rebuild();
      assert.equal(await dump(target), incremental);
    }),
  ));

test.run();
