/** The demo history in a SQLite file, written once per test file and copied for tests that change it. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { DEMO_START, writeDemoHistory } from '../../infrastructure/demo-data/demo-history.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';

export interface DemoFile {
  readonly dir: string;
  readonly file: string;
  /** A copy of the demo file, to change. */
  copy(name: string): string;
  remove(): void;
}

export async function writeDemoFile(): Promise<DemoFile> {
  const dir = mkdtempSync(join(tmpdir(), 'demo-'));
  const file = join(dir, 'demo.db');
  const clock = new ManualClock(DEMO_START);
  const engine = await createBillingEngine({ store: `sqlite:${file}`, clock, ids: new SequentialIdGenerator(2026), follow: false });
  await writeDemoHistory({ engine, clock });
  await engine.projections.monthlyTotals();
  await engine.close();
  return {
    dir,
    file,
    copy(name) {
      const target = join(dir, name);
      copyFileSync(file, target);
      return target;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
