/** Engines for the application tests: on the in-memory store and on a SQLite file in a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BillingEngine } from '../../application/engine.js';
import type { EventStore, StoredEvent } from '../../application/ports/event-store.js';
import { createBillingEngine, type BillingEngineOptions } from '../../infrastructure/composition/create-billing-engine.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { MemoryCheckpointStore } from '../../infrastructure/checkpoints/memory-checkpoint-store.js';
import { MemoryEventStore } from '../../infrastructure/event-store/memory/memory-event-store.js';
import { DurableStore } from './store-wrappers.js';
import { startEsdbStandIn } from '../support/esdb-server/index.js';
import { CHECKPOINT_STREAM_PREFIX } from '../../infrastructure/checkpoints/stream-checkpoint-store.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { money } from '../../domain/shared/money.js';
import { MemorySnapshotStore } from '../../infrastructure/snapshots/memory-snapshot-store.js';

export const START = '2026-11-10T00:00:00.000Z';
export const KINDS = ['memory', 'sqlite', 'esdb'] as const;
/** Snapshots this often in the engine tests (not 100): every test then also loads from snapshots. */
export const TEST_SNAPSHOTS = { every: 3 } as const;
export type Kind = (typeof KINDS)[number];

export interface TestEngine {
  readonly engine: BillingEngine;
  readonly clock: ManualClock;
  readonly store: string;
  /** Opens another engine on the same store location (a restart, or a second process). */
  reopen(options?: Partial<BillingEngineOptions>): Promise<BillingEngine>;
  cleanup(): Promise<void>;
}

export async function openTestEngine(kind: Kind, options: Partial<BillingEngineOptions> = {}): Promise<TestEngine> {
  const dir = mkdtempSync(join(tmpdir(), 'engine-'));
  const standIn = kind === 'esdb' ? await startEsdbStandIn() : undefined;
  const store = kind === 'sqlite' ? `sqlite:${join(dir, 'billing.db')}` : (standIn?.connectionString ?? 'memory:');
  const clock = new ManualClock(START);
  const opened: BillingEngine[] = [];
  // The in-memory store outlives an engine, as a file does: closing an engine leaves it open.
  const memory = new MemoryEventStore();
  const snapshots = { store: new MemorySnapshotStore(), locator: memory };
  const shared = { store: new DurableStore(memory), checkpoints: new MemoryCheckpointStore(), snapshots };
  const open = async (extra: Partial<BillingEngineOptions> = {}) => {
    const location = kind === 'memory' ? { opened: shared } : { store };
    const engine = await createBillingEngine({ ...location, clock, ids: new SequentialIdGenerator(opened.length + 1), snapshots: TEST_SNAPSHOTS, ...options, ...extra });
    opened.push(engine);
    return engine;
  };
  const engine = await open();
  return {
    engine,
    clock,
    store,
    reopen: open,
    async cleanup() {
      for (const e of opened) await e.close().catch(() => undefined);
      await memory.close();
      await standIn?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const BA = 'C03-0000001-0000001';
export const jpy = (amount: number) => money(amount, 'JPY');

/** Creates an agreement for digital goods and confirms it: Open. */
export async function openAgreement(engine: BillingEngine, at: string, id = BA): Promise<void> {
  const base = { billingAgreementId: id, at };
  const steps = [
    { ...base, type: 'CreateBillingAgreement', sellerId: 'A1SELLER', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'Hanako', email: 'h@example.jp' }, requiresShipping: false },
    { ...base, type: 'GiveBuyerConsent' },
    { ...base, type: 'SelectPaymentMethod', descriptor: 'Visa ****1111' },
    { ...base, type: 'ConfirmBillingAgreement' },
  ] as const;
  for (const step of steps) {
    const result = await engine.execute(step);
    if (result.kind !== 'accepted') throw new Error(`${step.type}: ${result.rejection.code}`);
  }
}

/** Every event of the aggregates' streams (not the checkpoints EventStoreDB keeps as events). */
export async function allEvents(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readAll()) if (!event.streamId.startsWith(CHECKPOINT_STREAM_PREFIX)) events.push(event);
  return events;
}

/** Runs a test body with a fresh engine and always cleans up. */
export async function withEngine(kind: Kind, body: (t: TestEngine) => Promise<void>, options: Partial<BillingEngineOptions> = {}): Promise<void> {
  const t = await openTestEngine(kind, options);
  try {
    await body(t);
  } finally {
    await t.cleanup();
  }
}
