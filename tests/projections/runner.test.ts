import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProjectionCheckpointConflictError, type ProjectionCommit, type ProjectionStore } from '../../application/ports/projection-store.js';
import { PROJECTIONS, ProjectionRunner, spending, type SpendingRow } from '../../application/projections/index.js';
import { spendingAgreements } from '../../application/projections/spending-tables.js';
import type { BillingEngine } from '../../application/engine.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { SqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { MemoryProjectionStore } from '../../infrastructure/projections/memory/memory-projection-store.js';
import { SqliteProjectionStore } from '../../infrastructure/projections/sqlite/sqlite-projection-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { BA, START, jpy, openAgreement } from '../engine/support.js';
import { allEventsOf } from './histories.js';
import { dump, eventually, projectFromZero } from './support.js';

const test = suite('projections: the runner, checkpoints and the engine');

async function withDirectory(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'projections-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const charge = (engine: BillingEngine, reference: string, amount: number) =>
  engine.authorizeOnBillingAgreement({ billingAgreementId: BA, authorizationReferenceId: reference, amount: jpy(amount), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true });

test('while the engine runs on SQLite, new events reach the projection tables without anyone asking', () =>
  withDirectory(async (dir) => {
    const engine = await createBillingEngine({ store: `sqlite:${join(dir, 'billing.db')}`, clock: new ManualClock(START), ids: new SequentialIdGenerator(1) });
    try {
      await openAgreement(engine, START);
      await charge(engine, 'nov', 1_980);
      const stored = new SqliteProjectionStore((engine.deps.store as SqliteEventStore).database);
      await eventually(async () => assert.equal(((await stored.rows(spending)) as SpendingRow[]).map((r) => [r.authorizedAmount, r.capturedAmount]), [[1_980, 1_980]]));
      const events = await allEventsOf(engine);
      await eventually(async () => assert.is(await stored.checkpoint(), events.at(-1)?.position));
    } finally {
      await engine.close();
    }
  }));

test('after a restart the projections catch up on what was recorded while nobody followed them, and queries read their writes', () =>
  withDirectory(async (dir) => {
    const store = `sqlite:${join(dir, 'billing.db')}`;
    const clock = new ManualClock(START);
    const first = await createBillingEngine({ store, clock, ids: new SequentialIdGenerator(1), follow: false });
    await openAgreement(first, START);
    await charge(first, 'nov', 1_000);
    const database = (first.deps.store as SqliteEventStore).database;
    assert.is(await new SqliteProjectionStore(database).checkpoint(), undefined);
    await first.close();
    const second = await createBillingEngine({ store, clock, ids: new SequentialIdGenerator(2) });
    try {
      const stored = new SqliteProjectionStore((second.deps.store as SqliteEventStore).database);
      assert.equal(((await stored.rows(spending)) as SpendingRow[]).map((r) => r.authorizedAmount), [1_000]);
      await charge(second, 'nov-2', 500);
      assert.equal((await second.projections.spending('2026-11')).map((r) => r.authorizedAmount), [1_500]);
      assert.equal([(await second.projections.agreement(BA))?.state, await second.projections.agreement('C03-0000000-0000000')], ['Open', undefined]);
      assert.equal(await dump(stored), await dump(await projectFromZero(await allEventsOf(second))));
    } finally {
      await second.close();
    }
  }));

test('a commit that fails inside its transaction leaves neither rows nor checkpoint', () =>
  withDirectory(async (dir) => {
    const events = new SqliteEventStore(join(dir, 'billing.db'));
    try {
      const stored = new SqliteProjectionStore(events.database);
      const good = { table: spending, row: { billingAgreementId: BA, month: '2026-11', windowStart: 'x', windowEnd: 'y', currency: 'JPY', limitAmount: 1, authorizedAmount: 0, authorizationCount: 0, declinedAmount: 0, declinedCount: 0, capturedAmount: 0, captureCount: 0, refundedAmount: 0, refundCount: 0, remainingBalance: 1, updatedAt: 'z' } };
      const bad = { table: spending, row: { ...good.row, month: '2026-12', currency: null } };
      const failed = await stored.commit({ expected: undefined, position: '7', writes: [good, bad] }).then(() => undefined, (error: unknown) => error);
      assert.ok(failed instanceof Error, 'the commit fails');
      assert.equal(await stored.rows(spending), []);
      assert.is(await stored.checkpoint(), undefined);
      const stale = await stored.commit({ expected: '3', position: '7', writes: [good] }).then(() => undefined, (error: unknown) => error);
      assert.instance(stale, ProjectionCheckpointConflictError);
      assert.equal(await stored.rows(spending), []);
    } finally {
      await events.close();
    }
  }));

/** Fails the n-th commit, as a crash between two batches would. */
class FailingOnce implements ProjectionStore {
  commits = 0;
  /** Per commit: whether the event loop turned since its catch-up began (each begins by reading the checkpoint). */
  readonly turned: boolean[] = [];
  #turned = true;
  /** `commitMs`: how long each commit takes (a disk's write). */
  constructor(private readonly inner: ProjectionStore, private readonly failAt: number, private readonly commitMs = 0) {}
  checkpoint = () => {
    this.#turned = false;
    setImmediate(() => (this.#turned = true));
    return this.inner.checkpoint();
  };
  get: ProjectionStore['get'] = (t, k) => this.inner.get(t, k);
  rows: ProjectionStore['rows'] = (t, w) => this.inner.rows(t, w);
  scan: ProjectionStore['scan'] = (t) => this.inner.scan(t);
  reset: ProjectionStore['reset'] = (t) => this.inner.reset(t);
  async commit(commit: ProjectionCommit): Promise<void> {
    this.commits += 1;
    this.turned.push(this.#turned);
    if (this.commits === this.failAt) throw new Error('simulated crash');
    if (this.commitMs > 0) await new Promise((resolve) => setTimeout(resolve, this.commitMs));
    return this.inner.commit(commit);
  }
}

/**
 * A runner following a memory engine's store while `drive` appends; once it has caught up, its
 * rows must be a replay's. Returns its store (commits counted) and how long `drive` took.
 */
async function following(options: { readonly followDelayMs: number; readonly commitMs?: number }, drive: (engine: BillingEngine) => Promise<void>): Promise<{ target: FailingOnce; commits: number; elapsedMs: number }> {
  const engine = await createBillingEngine({ store: 'memory:', clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  await openAgreement(engine, START);
  const inner = new MemoryProjectionStore();
  const target = new FailingOnce(inner, 0, options.commitMs);
  const runner = new ProjectionRunner(engine.deps.store, target, PROJECTIONS, { followDelayMs: options.followDelayMs });
  try {
    await runner.start();
    const before = target.commits;
    const started = performance.now();
    await drive(engine);
    const elapsedMs = performance.now() - started;
    const events = await allEventsOf(engine);
    await eventually(async () => assert.is(await inner.checkpoint(), events.at(-1)?.position));
    assert.equal(await dump(inner), await dump(await projectFromZero(events)));
    return { target, commits: target.commits - before, elapsedMs };
  } finally {
    await runner.stop();
    await engine.close();
  }
}

const changeLimit = (engine: BillingEngine, i: number) => engine.execute({ type: 'ChangeMonthlyLimit', billingAgreementId: BA, at: START, monthlyLimit: jpy(60_000 + i) });

test('while following, a burst of events takes one catch-up and one commit, not one per event; the rows are those of a replay', async () => {
  const { commits } = await following({ followDelayMs: 100 }, async (engine) => {
    for (let i = 0; i < 10; i++) await changeLimit(engine, i);
  });
  assert.ok(commits <= 2, `${commits} commits for 10 events appended within the delay`);
});

test('while following a steady stream of events, catch-ups come once per delay at most, even when events arrive during one', async () => {
  // Each commit takes 10 ms: the next events arrive while it runs.
  const { commits, elapsedMs } = await following({ followDelayMs: 80, commitMs: 10 }, async (engine) => {
    for (let i = 0; i < 60; i++) {
      await changeLimit(engine, i);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
  });
  const allowed = Math.ceil(elapsedMs / 80) + 2;
  assert.ok(commits <= allowed, `${commits} commits for 60 events over ${elapsedMs.toFixed(0)} ms (at most ${allowed})`);
});

test('a long catch-up lets the event loop run between its commits (timers, requests, signals do not wait for its end)', async () => {
  const engine = await createBillingEngine({ store: 'memory:', clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  await openAgreement(engine, START);
  for (const [i, amount] of [700, 800, 900, 1_000].entries()) await charge(engine, `r${i}`, amount);
  const runner = new ProjectionRunner(engine.deps.store, new MemoryProjectionStore(), PROJECTIONS, { batchSize: 2 });
  let ticked = false;
  setImmediate(() => (ticked = true));
  const seen: boolean[] = [];
  // The memory store answers without I/O: only the runner's own yield lets the immediate run.
  await runner.catchUp({ onProgress: () => void seen.push(ticked) });
  assert.ok(seen.length >= 3, `${seen.length} commits`);
  assert.equal([seen[0], seen.at(-1)], [false, true], 'the immediate ran after the first commit, before the last');
  await engine.close();
});

test('while following, a long catch-up lets the event loop turn before its one commit (commands wait a slice, not the batch); a rebuild turns after commits only', async () => {
  // The memory stores answer without I/O: only the runner's own turns let an immediate run.
  const charges = async (engine: BillingEngine) => {
    for (let i = 0; i < 150; i++) await charge(engine, `s${i}`, 100);
  };
  const { target } = await following({ followDelayMs: 20 }, charges);
  assert.ok(target.turned.includes(true), `turns before each commit: ${JSON.stringify(target.turned)}`);

  const engine = await createBillingEngine({ store: 'memory:', clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  await openAgreement(engine, START);
  await charges(engine);
  const rebuilt = new FailingOnce(new MemoryProjectionStore(), 0);
  const { events } = await new ProjectionRunner(engine.deps.store, rebuilt, PROJECTIONS, { batchSize: 100_000 }).catchUp();
  assert.ok(events > 1_000, `${events} events`);
  assert.equal(rebuilt.turned, [false], 'one commit, no turn before it');
  await engine.close();
});

test('after a failed batch the next catch-up applies the rest exactly once', async () => {
  const engine = await createBillingEngine({ store: 'memory:', clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  await openAgreement(engine, START);
  for (const [i, amount] of [700, 800, 900].entries()) await charge(engine, `r${i}`, amount);
  const inner = new MemoryProjectionStore();
  const target = new FailingOnce(inner, 3);
  const runner = new ProjectionRunner(engine.deps.store, target, PROJECTIONS, { batchSize: 4 });
  const failed = await runner.catchUp().then(() => undefined, (error: unknown) => error);
  assert.match(String(failed), /simulated crash/);
  await runner.catchUp();
  assert.equal(await dump(inner), await dump(await projectFromZero(await allEventsOf(engine))));
  assert.equal(((await inner.rows(spending)) as SpendingRow[]).map((r) => r.authorizedAmount), [2_400]);
  await engine.close();
});

test('two processes catching up on one SQLite file never apply an event twice', () =>
  withDirectory(async (dir) => {
    const file = join(dir, 'billing.db');
    const engine = await createBillingEngine({ store: `sqlite:${file}`, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
    await openAgreement(engine, START);
    for (let i = 0; i < 6; i++) await charge(engine, `r${i}`, 100 + i);
    const events = await allEventsOf(engine);
    await engine.close();
    const a = new SqliteEventStore(file);
    const b = new SqliteEventStore(file);
    try {
      const runners = [a, b].map((store) => new ProjectionRunner(store, new SqliteProjectionStore(store.database), PROJECTIONS, { batchSize: 3 }));
      await Promise.all([...runners.map((r) => r.catchUp()), ...runners.map((r) => r.rebuild()), ...runners.map((r) => r.catchUp())]);
      assert.equal(await dump(new SqliteProjectionStore(a.database)), await dump(await projectFromZero(events)));
    } finally {
      await a.close();
      await b.close();
    }
  }));

test('a runner whose rows another process moved on since its last commit reads them again instead of trusting its memory', () =>
  withDirectory(async (dir) => {
    const file = join(dir, 'billing.db');
    const engine = await createBillingEngine({ store: `sqlite:${file}`, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
    const a = new SqliteEventStore(file);
    const b = new SqliteEventStore(file);
    try {
      const [runnerA, runnerB] = [a, b].map((store) => new ProjectionRunner(store, new SqliteProjectionStore(store.database), PROJECTIONS));
      await openAgreement(engine, START);
      await charge(engine, 'r1', 100);
      await runnerA?.catchUp();
      await charge(engine, 'r2', 200);
      await runnerB?.catchUp();
      await charge(engine, 'r3', 400);
      await runnerA?.catchUp();
      assert.equal(((await new SqliteProjectionStore(a.database).rows(spending)) as SpendingRow[]).map((r) => r.authorizedAmount), [700]);
    } finally {
      await a.close();
      await b.close();
      await engine.close();
    }
  }));

test('rows left without a checkpoint (by another version of the projections) are deleted before the runner reads any', async () => {
  const engine = await createBillingEngine({ store: 'memory:', clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  await openAgreement(engine, START);
  const target = new MemoryProjectionStore();
  await charge(engine, 'nov', 1_000);
  const stray = { billingAgreementId: BA, month: '2026-11', windowStart: '', windowEnd: '', currency: 'JPY', limitAmount: 1, authorizedAmount: 7, authorizationCount: 1, declinedAmount: 0, declinedCount: 0, capturedAmount: 0, captureCount: 0, refundedAmount: 0, refundCount: 0, remainingBalance: 1, updatedAt: '' };
  const other = { billingAgreementId: 'C03-9999999-9999999', currency: 'JPY', limitAmount: 1, months: ['2026-11'] };
  await target.commit({ expected: undefined, position: '1', writes: [{ table: spending, row: stray }, { table: spendingAgreements, row: other }] });
  await target.reset([]);
  await new ProjectionRunner(engine.deps.store, target, PROJECTIONS).catchUp();
  assert.equal(await dump(target), await dump(await projectFromZero(await allEventsOf(engine))));
  await engine.close();
});

test('a projection that cannot read the history does not stop the engine; the next query reports why', async () => {
  const engine = await createBillingEngine({ store: 'memory:', clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
  const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'seller', source: 'library', recordedAt: START } as const;
  await engine.deps.store.append(`BillingAgreement-${BA}`, [{ eventId: 'x', type: 'NoSuchEvent', data: {}, metadata }], 'no_stream');
  await engine.projectionRunner?.start();
  assert.match(String(engine.projectionRunner?.error), /unknown BillingAgreement event type 'NoSuchEvent'/);
  const failed = await engine.projections.agreements().then(() => undefined, (error: unknown) => error);
  assert.match(String(failed), /NoSuchEvent/);
  await engine.close();
});

test.run();
