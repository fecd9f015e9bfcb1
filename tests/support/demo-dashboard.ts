/**
 * The service on the demo history (`billing-engine demo-data`) with an API key of the demo seller:
 * what the dashboard's browser test and `scripts/dashboard-screenshot.ts` look at.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ApiKeyRegistry } from '../../application/access/api-keys.js';
import { newApiKey } from '../../infrastructure/auth/api-key-tokens.js';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { SELLER } from '../../infrastructure/demo-data/demo-steps.js';
import { openStore } from '../../infrastructure/event-store/open-store.js';
import { startService, type RunningService } from '../../infrastructure/http/service.js';

const BIN = resolve(import.meta.dirname, '..', '..', 'infrastructure', 'cli', 'bin.mjs');

export interface DemoDashboard {
  readonly service: RunningService;
  /** The demo seller's API key. */
  readonly token: string;
  /** The dashboard of November 2026 (the demo's last month), the key in its fragment. */
  readonly page: string;
}

export async function demoDashboard(dir: string): Promise<DemoDashboard> {
  const file = join(dir, 'demo.db');
  await promisify(execFile)(process.execPath, [BIN, 'demo-data', '--store', `sqlite:${file}`]);
  const opened = await openStore({ kind: 'sqlite', path: file });
  const { token, record } = newApiKey(SELLER, 'dashboard', 'operator', new Date().toISOString());
  try {
    await new ApiKeyRegistry(opened.store).create(record);
  } finally {
    await opened.store.close();
  }
  const config = resolveServiceConfig({ host: '127.0.0.1', port: 0, store: `sqlite:${file}`, dataDir: join(dir, 'data'), logLevel: 'silent' });
  const service = await startService(config, { log: false, plugins: [] });
  return { service, token, page: `${service.url}/dashboard?month=2026-11#key=${token}` };
}
