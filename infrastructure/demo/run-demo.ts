/**
 * `billing-engine demo`: starts the service in-process on an ephemeral port (a temporary store
 * unless one is given), drives the seed scenarios through its real HTTP endpoints with our own
 * signing client, and prints what happened and the resulting spending and proration views.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServiceConfig } from '../config/service-config.js';
import { startService } from '../http/service.js';
import { ManualClock } from '../runtime/clock.js';
import { DemoClient, type Printer } from './demo-client.js';
import { declineAndRecover, limitAndClose, oneTimePurchase, subscriptionLife } from './scenarios.js';

export interface DemoOptions {
  /** Default: a fresh SQLite file in a temporary directory, removed afterwards. */
  readonly store?: string;
  readonly out: Printer;
}

type SpendingRow = { amazonBillingAgreementId: string; limit: { amount: string }; charged: { amount: string }; remaining: { amount: string } };

/** The spending view of every month the demo's clock passed through, then the proration lines. */
async function views(d: DemoClient, months: readonly string[], agreements: readonly string[], subscription: string): Promise<void> {
  for (const month of [...new Set(months)]) {
    d.say(`\nSpending in ${month} (limit, charged, remaining; JPY):`);
    const spending = await d.json('GET', `/v1/spending?month=${month}`);
    for (const row of (spending['agreements'] as SpendingRow[] | undefined) ?? []) {
      if (!agreements.includes(row.amazonBillingAgreementId)) continue;
      d.say(`    ${row.amazonBillingAgreementId}  ${row.limit.amount.padStart(7)}  ${row.charged.amount.padStart(7)}  ${row.remaining.amount.padStart(7)}`);
    }
  }
  d.say(`\nProration lines of ${subscription} (policy days; fraction, credit, charge, net; JPY):`);
  const prorations = await d.json('GET', `/v1/billing-agreements/${subscription}/prorations`);
  for (const line of (prorations['lines'] as { fromPlanId: string; toPlanId: string; fraction: string; credit: { amount: string }; charge: { amount: string }; net: { amount: string }; settlement: string }[]) ?? []) {
    d.say(`    ${`${line.fromPlanId} → ${line.toPlanId}`.padEnd(14)} ${line.fraction}  ${line.credit.amount.padStart(6)}  ${line.charge.amount.padStart(6)}  ${line.net.amount.padStart(6)}  ${line.settlement}`);
  }
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'billing-demo-'));
  const store = options.store ?? `sqlite:${join(dir, 'billing.db')}`;
  const config = resolveServiceConfig({ host: '127.0.0.1', port: 0, store, dataDir: join(dir, 'data'), logLevel: 'silent' });
  const clock = new ManualClock(new Date().toISOString());
  const service = await startService(config, { clock, log: false });
  try {
    const d = new DemoClient(service.url, service.sandbox.credential, service.sandbox.apiKey, clock, options.out);
    d.say(`Demo against ${service.url} (store ${store}); MWS calls signed as ${service.sandbox.credential.accessKeyId} for seller ${service.sandbox.credential.sellerId}.`);
    const firstMonth = clock.now().slice(0, 7);
    const subscription = await subscriptionLife(d);
    const recovered = await declineAndRecover(d);
    const oneTime = await oneTimePurchase(d);
    const limited = await limitAndClose(d);
    await views(d, [firstMonth, clock.now().slice(0, 7)], [subscription, recovered, oneTime, limited], subscription);
  } finally {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
