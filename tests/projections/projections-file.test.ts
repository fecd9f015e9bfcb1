/** Projection tables in a SQLite file of their own (beside EventStoreDB, say): `--projections sqlite:<file>`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { ConfigurationError, parseProjectionLocation } from '../../infrastructure/config/store-url.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { cliInProcess } from '../cli/run-cli.js';
import { BA, START, jpy, openAgreement } from '../engine/support.js';

const test = suite('projections in a SQLite file of their own');

test('an engine whose events live elsewhere keeps its tables in the file; report reads them with --projections; bad locations are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'projections-file-'));
  const file = join(dir, 'projections.db');
  try {
    const opened = await openStore({ kind: 'memory' }, { projections: parseProjectionLocation(`sqlite:${file}`) });
    const engine = await createBillingEngine({ opened, clock: new ManualClock(START), ids: new SequentialIdGenerator(1), follow: false });
    try {
      await openAgreement(engine, START);
      const charged = await engine.authorizeOnBillingAgreement({ billingAgreementId: BA, authorizationReferenceId: 'nov', amount: jpy(1_980), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true });
      assert.is(charged.kind, 'accepted');
      assert.is((await engine.projections.spending('2026-11')).length, 1);
    } finally {
      await engine.close();
    }
    const database = new Database(file, { readonly: true });
    assert.equal(database.prepare('SELECT billing_agreement_id, authorized_amount FROM spending').raw().all(), [[BA, 1_980]]);
    assert.is(database.prepare('SELECT count(*) FROM events').pluck().get(), 0, 'no events in it: they live in the store');
    database.close();
    const report = await cliInProcess(['report', 'spending', '--month', '2026-11', '--format', 'json', '--projections', `sqlite:${file}`]);
    assert.is(report.code, 0, report.stderr);
    assert.is((JSON.parse(report.stdout) as unknown[]).length, 1);
    const bogus = await cliInProcess(['report', 'totals', '--projections', 'mysql://x']);
    assert.equal([bogus.code, /projections 'mysql:\/\/x' is not understood: use postgres:\/\/.* or sqlite:<file>/.test(bogus.stderr)], [2, true], bogus.stderr);
    const same = await openStore({ kind: 'sqlite', path: join(dir, 'events.db') }, { projections: parseProjectionLocation(`sqlite:${join(dir, 'events.db')}`) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.instance(same, ConfigurationError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
