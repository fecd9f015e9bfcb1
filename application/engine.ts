/**
 * The engine as the application sees it: typed commands in, decisions recorded durably, the
 * process manager run inline after each command and, for repair after a crash, as a follower of
 * the global order from a stored checkpoint.
 */
import type { Agreement, AgreementLedger, BillingAgreementCommand, BillingAgreementErrorCode, BillingAgreementEvent, BillingAgreementState } from '../domain/billing-agreement/index.js';
import type { Order, OrderReferenceCommand, OrderReferenceErrorCode, OrderReferenceEvent } from '../domain/order-reference/index.js';
import { BILLING_AGREEMENT_STREAM_PREFIX, billingAgreements } from './aggregates/billing-agreement.js';
import { ORDER_REFERENCE_STREAM_PREFIX, orderReferences } from './aggregates/order-reference.js';
import { CommandHandler, DEFAULT_RETRY, type CommandMetadata, type HandlerResult } from './command-handler.js';
import { decodeEvent, eventIdFor } from './event-codec.js';
import { FollowerCheckpoint } from './follower-checkpoint.js';
import { OrderProcess, type RecordedEvent } from './order-process.js';
import type { CheckpointStore } from './ports/checkpoint-store.js';
import type { Lease } from './ports/lease.js';
import type { Clock } from './ports/clock.js';
import type { EventStore, StoredEvent, Subscription } from './ports/event-store.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { PaymentProcessor } from './ports/payment-processor.js';
import type { ProjectionStore } from './ports/projection-store.js';
import type { SnapshotSettings } from './ports/snapshot-store.js';
import { PROJECTIONS, ProjectionQueries, ProjectionRunner, type ProjectionFollowing } from './projections/index.js';
import { readAgreementLedger } from './agreement-ledger.js';
import { authorizeOnBillingAgreement, type AuthorizeInput, type AuthorizeResult } from './authorize-on-billing-agreement.js';
import { PendingSettlement } from './settlement.js';

export type EngineCommand = BillingAgreementCommand | OrderReferenceCommand;
export type ExecuteOptions = Partial<CommandMetadata>;
export type BillingAgreementResult = HandlerResult<BillingAgreementEvent, BillingAgreementState, BillingAgreementErrorCode>;
export type OrderReferenceResult = HandlerResult<OrderReferenceEvent, unknown, OrderReferenceErrorCode>;
export type ExecuteResult<C extends EngineCommand> = C extends BillingAgreementCommand ? BillingAgreementResult : OrderReferenceResult;

export interface EngineDependencies {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly payments: PaymentProcessor;
  /** Where the projections live (SQLite tables, memory); without it `engine.projections` is unavailable. */
  readonly projections?: ProjectionStore;
  /** Keep the projections up to date while the engine runs (`start()`). Default true. */
  readonly followProjections?: boolean;
  /** Where the runner follows and catches up (a thread of the store's); on the event loop without it. */
  readonly projectionFollowing?: (runner: ProjectionRunner) => ProjectionFollowing;
  /** Snapshots of long streams (a cache); without them every load folds the whole stream. */
  readonly snapshots?: SnapshotSettings;
  /** Run the followers only while holding this lease (several engine processes on one history). */
  readonly lease?: Lease;
  /** How often a process without the lease tries to take it, and one with it checks it still has it. Default 1,000 ms. */
  readonly leaseCheckMs?: number;
}

export const PROCESS_CHECKPOINT = 'process-manager:orders';

const isAgreementCommand = (c: EngineCommand): c is BillingAgreementCommand => 'billingAgreementId' in c;

export class BillingEngine {
  readonly handler: CommandHandler;
  private readonly process: OrderProcess;
  private follower: Subscription | undefined;
  /** Applies new events to the projections; undefined without a projection store. */
  readonly projectionRunner: ProjectionFollowing | undefined;
  readonly #queries: ProjectionQueries | undefined;
  /** Settles what the payment processor answered Pending (asynchronous authorizations, refunds). */
  readonly settlement: PendingSettlement;

  constructor(readonly deps: EngineDependencies) {
    this.handler = new CommandHandler(deps.store, deps.clock, DEFAULT_RETRY, deps.snapshots);
    this.process = new OrderProcess(this.handler, deps.store);
    if (deps.projections !== undefined) {
      const runner = new ProjectionRunner(deps.store, deps.projections, PROJECTIONS);
      this.projectionRunner = deps.projectionFollowing?.(runner) ?? runner;
      this.#queries = new ProjectionQueries(deps.projections, this.projectionRunner);
    }
    this.settlement = new PendingSettlement(this);
    this.#checkpoint = new FollowerCheckpoint(deps.checkpoints, PROCESS_CHECKPOINT, (error) => {
      this.followerError = error;
    });
  }

  /**
   * Spending, proration lines and agreement status (application/projections/queries.ts). Every
   * query first applies the events recorded since the projections' checkpoint.
   */
  get projections(): ProjectionQueries {
    if (this.#queries === undefined) throw new Error('this engine was built without a projection store');
    return this.#queries;
  }

  /** Decides and records one command; durable before it resolves. */
  async execute<C extends EngineCommand>(command: C, options: ExecuteOptions = {}): Promise<ExecuteResult<C>> {
    const metadata = this.commandMetadata(options);
    if (isAgreementCommand(command)) {
      const result = await this.handler.handle(billingAgreements, command, metadata);
      if (result.kind === 'accepted' && !result.duplicate) {
        const streamId = billingAgreements.streamId(command.billingAgreementId);
        for (const recorded of this.recorded(streamId, result.events, metadata)) await this.process.onBillingAgreementEvent(recorded);
      }
      return result as ExecuteResult<C>;
    }
    const result = await this.handler.handle(orderReferences, command, metadata);
    if (result.kind === 'accepted' && !result.duplicate) {
      const streamId = orderReferences.streamId(command.orderReferenceId);
      for (const recorded of this.recorded(streamId, result.events, metadata)) await this.process.onOrderReferenceEvent(recorded);
    }
    return result as ExecuteResult<C>;
  }

  /**
   * AuthorizeOnBillingAgreement with ids issued by the engine and the payment processor's answer;
   * the implicit order reference is created, confirmed, authorized and closed.
   */
  authorizeOnBillingAgreement(input: AuthorizeInput, options: ExecuteOptions = {}): Promise<AuthorizeResult> {
    return authorizeOnBillingAgreement(this, this.deps.payments, input, options);
  }

  async billingAgreement(id: string): Promise<Agreement | undefined> {
    const { state } = await this.handler.load(billingAgreements, id);
    return state.exists ? state.agreement : undefined;
  }

  /** Every authorization and month window of the agreement, from its stream (the state keeps only what decisions need). */
  agreementLedger(id: string): Promise<AgreementLedger> {
    return readAgreementLedger(this.deps.store, id);
  }

  async orderReference(id: string): Promise<Order | undefined> {
    const { state } = await this.handler.load(orderReferences, id);
    return state.exists ? state.order : undefined;
  }

  /**
   * Runs the process manager over everything recorded since its checkpoint (repairing what a
   * crash between two writes left undone), then keeps following new events.
   */
  async start(): Promise<void> {
    const { lease } = this.deps;
    if (lease === undefined) return this.startFollowers();
    if (this.#leaseTimer !== undefined) return;
    await this.#checkLease(lease);
    this.#leaseTimer = setInterval(() => void this.#checkLease(lease), this.deps.leaseCheckMs ?? 1_000);
    this.#leaseTimer.unref();
  }

  /** Whether this engine runs its followers now (always after start() without a lease). */
  get followersRunning(): boolean {
    return this.follower !== undefined;
  }

  #leaseTimer: NodeJS.Timeout | undefined;
  #leaseCheck: Promise<void> = Promise.resolve();

  /** Takes the lease when it is free and starts the followers; stops them when the lease was lost. One check at a time. */
  #checkLease(lease: Lease): Promise<void> {
    this.#leaseCheck = this.#leaseCheck.then(async () => {
      try {
        if (this.follower === undefined) {
          if (await lease.tryAcquire()) await this.startFollowers();
        } else if (!(await lease.stillHeld())) {
          await this.stopFollowers();
        }
      } catch (error) {
        this.followerError = error instanceof Error ? error : new Error(String(error));
      }
    });
    return this.#leaseCheck;
  }

  private async startFollowers(): Promise<void> {
    if (this.follower) return;
    const after = await this.#checkpoint.get();
    for await (const stored of this.deps.store.readAll(after === undefined ? {} : { after })) await this.react(stored);
    await this.#checkpoint.save();
    const from = await this.#checkpoint.get();
    this.follower = this.deps.store.subscribeToAll({
      ...(from === undefined ? {} : { after: from }),
      onEvent: (stored) => this.react(stored),
      onError: (error) => {
        this.followerError = error;
      },
    });
    if (this.deps.followProjections !== false) await this.projectionRunner?.start();
    await this.settlement.start();
  }

  /** Why the process-manager follower stopped, if it did (it is repaired at the next start). */
  followerError: Error | undefined;

  /**
   * Why a background follower is not keeping up, if one is not: the process manager or the
   * settlements stopped, or the projections' last catch-up failed (cleared by the next one that
   * succeeds). `GET /health` answers `degraded` while there is one.
   */
  get backgroundError(): Error | undefined {
    return this.followerError ?? this.settlement.error ?? this.projectionRunner?.error;
  }

  /** The process manager's checkpoint, saved in batches (follower-checkpoint.ts). */
  readonly #checkpoint: FollowerCheckpoint;

  /** Stops the followers, their checkpoints saved; commands and queries go on. */
  private async stopFollowers(): Promise<void> {
    await this.projectionRunner?.stop();
    await this.follower?.close();
    this.follower = undefined;
    await this.#checkpoint.save();
    await this.settlement.close();
  }

  async close(): Promise<void> {
    clearInterval(this.#leaseTimer);
    this.#leaseTimer = undefined;
    await this.#leaseCheck;
    await this.stopFollowers();
    await this.deps.lease?.release();
    await this.deps.store.close();
    await this.deps.projections?.close?.();
  }

  private async react(stored: StoredEvent): Promise<void> {
    const recorded = { streamId: stored.streamId, eventId: stored.eventId, metadata: stored.metadata };
    if (stored.streamId.startsWith(BILLING_AGREEMENT_STREAM_PREFIX)) {
      await this.process.onBillingAgreementEvent({ ...recorded, event: decodeEvent<BillingAgreementEvent>(billingAgreements, stored) });
    } else if (stored.streamId.startsWith(ORDER_REFERENCE_STREAM_PREFIX)) {
      await this.process.onOrderReferenceEvent({ ...recorded, event: decodeEvent<OrderReferenceEvent>(orderReferences, stored) });
    } else {
      // Not ours to react to; no checkpoint either (a checkpoint kept as an event must not beget another).
      return;
    }
    await this.#checkpoint.handled(stored.position);
  }

  private recorded<E>(streamId: string, events: readonly E[], metadata: CommandMetadata): RecordedEvent<E>[] {
    const stamped = { ...metadata, recordedAt: this.deps.clock.now() };
    return events.map((event, index) => ({ streamId, eventId: eventIdFor(metadata.commandId, streamId, index), event, metadata: stamped }));
  }

  /** The metadata of a command, with fresh ids for what the caller did not give. */
  commandMetadata(options: ExecuteOptions): CommandMetadata {
    const commandId = options.commandId ?? this.deps.ids.uniqueId();
    return {
      commandId,
      correlationId: options.correlationId ?? commandId,
      causationId: options.causationId ?? commandId,
      actor: options.actor ?? 'seller',
      source: options.source ?? 'library',
    };
  }
}
