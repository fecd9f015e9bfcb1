/**
 * Several engine processes on one history with PostgreSQL projections: one runs the followers
 * (it holds the lease, a PostgreSQL session advisory lock); when its connection dies another
 * takes the lease within a few checks and follows on from the checkpoints; commands work on all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { parseProjectionLocation } from '../../infrastructure/config/store-url.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { eventually } from '../http/support.js';
import { postgresMissing, postgresSchema } from '../support/postgres.js';
import { BA, START, jpy, openAgreement } from './support.js';

const test = suite('the followers’ lease');
const missing = postgresMissing();

test('one of two engines runs the followers; when its lease connection dies the other takes over and follows on', async () => {
  if (missing !== undefined) return void console.log(`  skipped: ${missing}`);
  const dir = mkdtempSync(join(tmpdir(), 'lease-'));
  const schema = await postgresSchema();
  const engine = async (seed: number) =>
    createBillingEngine({
      opened: await openStore({ kind: 'sqlite', path: join(dir, 'billing.db') }, { projections: parseProjectionLocation(schema.url) }),
      clock: new ManualClock(START),
      ids: new SequentialIdGenerator(seed),
      leaseCheckMs: 50,
    });
  const a = await engine(1);
  const b = await engine(2);
  const admin = new pg.Client({ connectionString: schema.url });
  await admin.connect();
  try {
    assert.equal([a.followersRunning, b.followersRunning], [true, false], 'the first to start holds the lease');
    await openAgreement(b, START);
    // A follows what B recorded: the projection rows appear without anyone querying.
    const rows = async () => Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM agreement_status')).rows[0]?.n ?? 0);
    await eventually(async () => (await rows()) === 1, 5_000);

    // A's lease connection dies (as when its process is killed): PostgreSQL releases the lock.
    const holders = await admin.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()");
    assert.is(holders.rows.length, 1);
    await admin.query('SELECT pg_terminate_backend($1)', [holders.rows[0]?.pid]);
    await eventually(async () => b.followersRunning && !a.followersRunning, 5_000);

    const charged = await a.authorizeOnBillingAgreement({ billingAgreementId: BA, authorizationReferenceId: 'after-failover', amount: jpy(1_980), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true });
    assert.is(charged.kind, 'accepted', 'commands go on on the engine without the lease');
    const spent = async () => Number((await admin.query<{ n: string }>("SELECT coalesce(sum(authorized_amount), 0) AS n FROM spending WHERE billing_agreement_id = $1", [BA])).rows[0]?.n ?? 0);
    await eventually(async () => (await spent()) === 1_980, 5_000);
    assert.is(await spent(), 1_980, 'counted once');
  } finally {
    await admin.end();
    await a.close();
    await b.close();
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
