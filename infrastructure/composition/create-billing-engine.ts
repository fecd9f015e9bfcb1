/**
 * The composition root: the one place that knows every concrete class and wires them with
 * inversify. `createBillingEngine(options)` is the library's entry point.
 */
import 'reflect-metadata';
import { Container } from 'inversify';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { Clock } from '../../application/ports/clock.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { IdGenerator } from '../../application/ports/id-generator.js';
import type { PaymentProcessor } from '../../application/ports/payment-processor.js';
import { SandboxPaymentProcessor } from '../payments/sandbox-simulator.js';
import { BillingEngine, type EngineDependencies } from '../../application/engine.js';
import { DEFAULT_STORE, parseStoreLocation } from '../config/store-url.js';
import { openStore, type OpenedStore } from '../event-store/open-store.js';
import { SystemClock } from '../runtime/clock.js';
import { RandomIdGenerator } from '../runtime/ids.js';
import { TOKENS } from './tokens.js';
import { MemoryProjectionStore } from '../projections/memory/memory-projection-store.js';
import { ProjectionThread } from '../projections/sqlite/projection-thread.js';
import { SqliteProjectionStore } from '../projections/sqlite/sqlite-projection-store.js';

export interface BillingEngineOptions {
  /** `sqlite:./data/billing.db` (default), `memory:` or `esdb://host:2113?tls=false`. */
  readonly store?: string;
  /** An already opened store (tests, embedding with a custom adapter); `store` is then ignored. */
  readonly opened?: OpenedStore;
  /** Defaults to the system clock; pass a ManualClock for deterministic runs. */
  readonly clock?: Clock;
  /** Defaults to random Amazon-format ids; pass a SequentialIdGenerator in tests. */
  readonly ids?: IdGenerator;
  /** Who answers authorizations; defaults to the sandbox simulator (approves unless a note asks otherwise). */
  readonly payments?: PaymentProcessor;
  /**
   * Run the process manager's catch-up at start (repairing what a crash left undone) and follow
   * new events. Default true.
   */
  readonly follow?: boolean;
  /**
   * Keep the projections (spending, proration lines, agreement status) up to date while the
   * engine runs. They live in the SQLite file's tables, or in memory for the other stores.
   * Default true, except on EventStoreDB, where `engine.projections` catches up when asked.
   */
  readonly projections?: boolean;
  /**
   * Snapshots (SQLite and `memory:` stores; none on EventStoreDB): a new one once `every` events
   * (default 10) were folded since the last. `false` turns them off: every load folds the whole stream.
   */
  readonly snapshots?: false | { readonly every: number };
  /** With several engine processes (PostgreSQL projections): how often the followers' lease is tried or checked. Default 1,000 ms. */
  readonly leaseCheckMs?: number;
  /**
   * Projections kept in a SQLite file of their own (`openStore(…, { projections: { kind: 'sqlite' } })`,
   * `--projections sqlite:<file>`) follow on a thread of their own, off the event loop that decides
   * commands (projection-thread.ts). Default true; false runs them on the event loop.
   */
  readonly projectionThread?: boolean;
}

/**
 * 10: about what decoding a stored snapshot costs in folded events (an agreement's 3 KB state
 * against 5–10 µs per event read, decoded and folded). A first touch then costs at most twice a
 * load from a snapshot at the head: with 25, an agreement 24 events past its last snapshot (or
 * without one) took 1.1–1.5 ms to serve where others took 0.4, and those were the slowest 1 % of
 * the benchmark's commands. Snapshots are small (no state grows with its history), so writing one
 * every 10 events costs a few microseconds per event.
 */
export const DEFAULT_SNAPSHOT_EVERY = 10;

export async function buildContainer(options: BillingEngineOptions = {}): Promise<Container> {
  const opened = options.opened ?? (await openStore(parseStoreLocation(options.store ?? DEFAULT_STORE)));
  const container = new Container();
  container.bind<EventStore>(TOKENS.EventStore).toConstantValue(opened.store);
  container.bind<CheckpointStore>(TOKENS.CheckpointStore).toConstantValue(opened.checkpoints);
  container.bind<Clock>(TOKENS.Clock).toConstantValue(options.clock ?? new SystemClock());
  container.bind<IdGenerator>(TOKENS.IdGenerator).toConstantValue(options.ids ?? new RandomIdGenerator());
  container.bind<PaymentProcessor>(TOKENS.PaymentProcessor).toConstantValue(options.payments ?? new SandboxPaymentProcessor());
  container
    .bind<BillingEngine>(TOKENS.Engine)
    .toDynamicValue(
      (context) =>
        new BillingEngine({
          store: context.get<EventStore>(TOKENS.EventStore),
          checkpoints: context.get<CheckpointStore>(TOKENS.CheckpointStore),
          clock: context.get<Clock>(TOKENS.Clock),
          ids: context.get<IdGenerator>(TOKENS.IdGenerator),
          payments: context.get<PaymentProcessor>(TOKENS.PaymentProcessor),
          projections: opened.projections ?? new MemoryProjectionStore(),
          followProjections: options.projections ?? opened.followProjections !== false,
          ...(opened.lease === undefined ? {} : { lease: opened.lease }),
          ...(options.leaseCheckMs === undefined ? {} : { leaseCheckMs: options.leaseCheckMs }),
          ...(options.projectionThread === false ? {} : projectionThreadOf(opened)),
          ...(opened.snapshots === undefined || options.snapshots === false
            ? {}
            : { snapshots: { ...opened.snapshots, every: options.snapshots?.every ?? DEFAULT_SNAPSHOT_EVERY } }),
        }),
    )
    .inSingletonScope();
  return container;
}

/** The projection thread, where a SQLite store's projections are kept in a SQLite file of their own. */
function projectionThreadOf(opened: OpenedStore): Pick<EngineDependencies, 'projectionFollowing'> {
  const { sqlite, projections } = opened;
  if (sqlite === undefined || !(projections instanceof SqliteProjectionStore) || projections.database === sqlite.database) return {};
  return { projectionFollowing: (runner) => new ProjectionThread(sqlite.file, projections.database.name, runner) };
}

/** Opens the store, wires the engine and (unless `follow: false`) starts its process manager. */
export async function createBillingEngine(options: BillingEngineOptions = {}): Promise<BillingEngine> {
  const container = await buildContainer(options);
  const engine = container.get<BillingEngine>(TOKENS.Engine);
  if (options.follow !== false) await engine.start();
  return engine;
}
