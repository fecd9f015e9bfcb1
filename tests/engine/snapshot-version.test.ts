/**
 * Guards `snapshotVersion`: snapshots outlive a deployment, so when what `evolve` makes of a
 * history changes (the state's shape or meaning), the old snapshots must be refused, or they
 * would answer differently from a full fold. This test folds a fixed history and compares a
 * digest of the states with the one recorded for each aggregate's current snapshotVersion.
 */
import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AggregateDefinition } from '../../application/aggregate.js';
import { billingAgreements } from '../../application/aggregates/billing-agreement.js';
import { orderReferences } from '../../application/aggregates/order-reference.js';
import { referenceIds } from '../../application/aggregates/reference-id.js';
import { CommandHandler } from '../../application/command-handler.js';
import { recordLongAgreement } from './snapshot-support.js';
import { allEvents, BA, jpy, withEngine } from './support.js';

/** When a digest changes: bump the aggregate's snapshotVersion (application/aggregates/) and record both here. */
const RECORDED: Readonly<Record<string, { readonly version: number; readonly digest: string }>> = {
  BillingAgreement: { version: 4, digest: '179f8b63f7cf8ef5' },
  OrderReference: { version: 1, digest: '41184de3224d01ee' },
  ReferenceId: { version: 1, digest: '157acd785a465d2e' },
};

const DEFINITIONS = [billingAgreements, orderReferences, referenceIds] as unknown as AggregateDefinition<unknown, { readonly type: string }, unknown, string>[];

const test = suite('snapshot versions');

test('what evolve makes of a fixed history is unchanged at each aggregate’s snapshotVersion (else bump it, so that old snapshots are refused)', () =>
  withEngine('memory', async (t) => {
    await recordLongAgreement(t.engine, t.clock);
    const charge = { billingAgreementId: BA, authorizationReferenceId: 'guard', amount: jpy(100), chargeType: 'OneOff', transactionTimeout: 0, captureNow: true } as const;
    await t.engine.authorizeOnBillingAgreement(charge);
    const full = new CommandHandler(t.engine.deps.store, t.clock);
    const streams = [...new Set((await allEvents(t.engine.deps.store)).map((e) => e.streamId))].sort();
    for (const definition of DEFINITIONS) {
      const prefix = definition.streamId('');
      const ids = streams.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
      assert.ok(ids.length > 0, `the history has ${definition.name} streams`);
      const states = await Promise.all(ids.map(async (id) => (await full.load(definition, id)).state));
      const digest = createHash('sha256').update(JSON.stringify(states)).digest('hex').slice(0, 16);
      assert.equal({ version: definition.snapshotVersion, digest }, RECORDED[definition.name], `${definition.name}: bump snapshotVersion and record the new digest`);
    }
  }));

test.run();
