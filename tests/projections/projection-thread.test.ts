/** Projections in a SQLite file of their own, followed on a thread of their own (projection-thread.ts). */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BillingEngine } from '../../application/engine.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { parseProjectionLocation } from '../../infrastructure/config/store-url.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { ProjectionThread } from '../../infrastructure/projections/sqlite/projection-thread.js';
import { SqliteProjectionStore } from '../../infrastructure/projections/sqlite/sqlite-projection-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { BA, START, allEvents, jpy, openAgreement } from '../engine/support.js';
import { cliInProcess } from '../cli/run-cli.js';
import { dump, eventually, projectFromZero } from './support.js';

const test = suite('projections in their own SQLite file, followed on their own thread');

async function withFiles(body: (events: string, projections: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'projection-thread-'));
  try {
    await body(join(dir, 'events.db'), join(dir, 'projections.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function engineOn(events: string, projections: string, options: { readonly projectionThread?: boolean } = {}): Promise<BillingEngine> {
  const opened = await openStore({ kind: 'sqlite', path: events }, { projections: parseProjectionLocation(`sqlite:${projections}`) });
  return createBillingEngine({ opened, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), ...options });
}

const charge = (engine: BillingEngine, reference: string, amount: number) =>
  engine.authorizeOnBillingAgreement({ billingAgreementId: BA, authorizationReferenceId: reference, amount: jpy(amount), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true });

const threadOf = (engine: BillingEngine): ProjectionThread => {
  const following = engine.projectionRunner;
  if (!(following instanceof ProjectionThread)) throw new Error('the projections do not follow on a thread');
  return following;
};

test('the thread follows every append without being asked, a query reads its own writes, and the rows are those of a replay', () =>
  withFiles(async (events, projections) => {
    const engine = await engineOn(events, projections);
    try {
      assert.ok(threadOf(engine).threadRunning, threadOf(engine).fallbackReason);
      await openAgreement(engine, START);
      await charge(engine, 'nov', 1_980);
      assert.equal((await engine.projections.spending('2026-11')).map((r) => r.authorizedAmount), [1_980], 'the query waited for the thread');
      await charge(engine, 'nov-2', 20);
      const stored = engine.deps.projections as SqliteProjectionStore;
      const history = await allEvents(engine.deps.store);
      await eventually(async () => assert.is(await stored.checkpoint(), history.at(-1)?.position, 'followed without a query'));
      assert.equal(await dump(stored), await dump(await projectFromZero(history)));
      assert.is(threadOf(engine).error, undefined);
    } finally {
      await engine.close();
    }
    assert.not.ok(threadOf(engine).threadRunning, 'closed with the engine');
  }));

test('a thread that ends as a crash would: the runner takes over on the event loop, from the thread’s checkpoint, and nothing is lost or counted twice', () =>
  withFiles(async (events, projections) => {
    const engine = await engineOn(events, projections);
    try {
      await openAgreement(engine, START);
      await charge(engine, 'nov', 1_000);
      assert.is((await engine.projections.spending('2026-11'))[0]?.authorizedAmount, 1_000);
      await threadOf(engine).terminateThread();
      assert.not.ok(threadOf(engine).threadRunning);
      assert.match(String(threadOf(engine).fallbackReason), /the projection thread ended/);
      await charge(engine, 'nov-2', 500);
      assert.equal((await engine.projections.spending('2026-11')).map((r) => [r.authorizedAmount, r.authorizationCount]), [[1_500, 2]]);
      assert.equal(await dump(engine.deps.projections as SqliteProjectionStore), await dump(await projectFromZero(await allEvents(engine.deps.store))));
    } finally {
      await engine.close();
    }
  }));

test('a history the projections cannot read: the thread reports why, the next query fails with it, commands go on', () =>
  withFiles(async (events, projections) => {
    const engine = await engineOn(events, projections);
    try {
      const metadata = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'seller', source: 'library', recordedAt: START } as const;
      await engine.deps.store.append(`BillingAgreement-${BA}`, [{ eventId: 'x', type: 'NoSuchEvent', data: {}, metadata }], 'no_stream');
      await eventually(async () => assert.match(String(threadOf(engine).error), /unknown BillingAgreement event type 'NoSuchEvent'/));
      const failed = await engine.projections.agreements().then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.match(String(failed), /NoSuchEvent/);
      assert.ok(threadOf(engine).threadRunning, 'the thread goes on; the events are what is wrong');
    } finally {
      await engine.close();
    }
  }));

test('projections beside the events, or projectionThread: false: no thread, the runner follows on the event loop', () =>
  withFiles(async (events, projections) => {
    const beside = await createBillingEngine({ store: `sqlite:${events}`, clock: new ManualClock(START) });
    const off = await engineOn(`${events}-2`, projections, { projectionThread: false });
    try {
      assert.not.instance(beside.projectionRunner, ProjectionThread);
      assert.not.instance(off.projectionRunner, ProjectionThread);
      await openAgreement(off, START);
      assert.is((await off.projections.agreements()).length, 1);
    } finally {
      await beside.close();
      await off.close();
    }
  }));

test('replay and rebuild write the projections’ own file with --projections sqlite:<file>; PostgreSQL is refused (exit 2)', () =>
  withFiles(async (events, projections) => {
    const engine = await engineOn(events, projections);
    let expected: Awaited<ReturnType<typeof dump>>;
    try {
      await openAgreement(engine, START);
      await charge(engine, 'nov', 1_980);
      expected = await dump(await projectFromZero(await allEvents(engine.deps.store)));
    } finally {
      await engine.close();
    }
    const file = new Database(projections);
    file.exec("DELETE FROM spending; DELETE FROM checkpoints");
    file.close();
    const replayed = await cliInProcess(['replay', '--store', `sqlite:${events}`, '--projections', `sqlite:${projections}`, '--json']);
    assert.is(replayed.code, 0, replayed.stderr);
    const tamper = new Database(projections);
    tamper.exec("UPDATE spending SET authorized_amount = 7");
    tamper.close();
    const rebuilt = await cliInProcess(['rebuild', '--store', `sqlite:${events}`, '--projections', `sqlite:${projections}`, '--json']);
    assert.is(rebuilt.code, 0, rebuilt.stderr);
    const opened = await openStore({ kind: 'sqlite', path: events }, { projections: parseProjectionLocation(`sqlite:${projections}`) });
    try {
      assert.equal(await dump(opened.projections as SqliteProjectionStore), expected);
    } finally {
      await opened.store.close();
      await opened.projections?.close?.();
    }
    const refused = await cliInProcess(['rebuild', '--store', `sqlite:${events}`, '--projections', 'postgres://nobody@127.0.0.1:1/none']);
    assert.equal([refused.code, /PostgreSQL projections catch up in the service/.test(refused.stderr)], [2, true], refused.stderr);
  }));

test.run();
