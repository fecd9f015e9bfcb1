/**
 * Settles what the payment processor answered `Pending` (asynchronous authorizations, refunds,
 * captures asked to wait): a follower of the global order from its own checkpoint. The
 * checkpoint moves past a request only once its outcome is recorded, so a restart settles what
 * a stop left pending; the outcome is recorded as events, so a replay never asks again. The
 * checkpoint is saved in batches (follower-checkpoint.ts): requests handled again after a crash
 * are no longer Pending, and are passed over.
 */
import type { Order, OrderReferenceEvent } from '../domain/order-reference/index.js';
import { own } from '../domain/shared/records.js';
import { ORDER_REFERENCE_STREAM_PREFIX, orderReferences } from './aggregates/order-reference.js';
import type { BillingEngine } from './engine.js';
import { decodeEvent } from './event-codec.js';
import type { OrderReferenceCommand } from '../domain/order-reference/commands.js';
import { FollowerCheckpoint } from './follower-checkpoint.js';
import type { StoredEvent, Subscription } from './ports/event-store.js';

export const SETTLEMENT_CHECKPOINT = 'settlement:pending-requests';
const REQUESTS: ReadonlySet<string> = new Set(['OrderAuthorizationRequested', 'CaptureRequested', 'RefundRequested']);

export class PendingSettlement {
  private subscription: Subscription | undefined;
  /** Why following stopped, if it did (the next start resumes from the checkpoint). */
  error: Error | undefined;
  readonly #checkpoint: FollowerCheckpoint;

  constructor(private readonly engine: BillingEngine) {
    this.#checkpoint = new FollowerCheckpoint(engine.deps.checkpoints, SETTLEMENT_CHECKPOINT, (error) => {
      this.error = error;
    });
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    const after = await this.#checkpoint.get();
    this.subscription = this.engine.deps.store.subscribeToAll({
      ...(after === undefined ? {} : { after }),
      onEvent: (stored) => this.react(stored),
      onError: (error) => {
        this.error = error;
      },
    });
  }

  /** Waits for a settlement in progress. */
  async close(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
    await this.#checkpoint.save();
  }

  private async react(stored: StoredEvent): Promise<void> {
    // Past any other event at once: a restart then resumes near the end, not at the last request.
    if (!stored.streamId.startsWith(ORDER_REFERENCE_STREAM_PREFIX) || !REQUESTS.has(stored.type)) return this.#checkpoint.handled(stored.position);
    const event = decodeEvent<OrderReferenceEvent>(orderReferences, stored);
    const order = await this.engine.orderReference(event.orderReferenceId);
    const command = order && (await this.settle(order, event));
    if (command) {
      await this.engine.execute(command, {
        commandId: `${stored.eventId}>settle`,
        correlationId: stored.metadata.correlationId,
        causationId: stored.eventId,
        actor: 'engine',
        source: 'process-manager',
      });
    }
    await this.#checkpoint.handled(stored.position);
  }

  /** The command recording the processor's final answer, when the request is still Pending. */
  private async settle(o: Order, e: OrderReferenceEvent): Promise<OrderReferenceCommand | undefined> {
    const { payments, clock } = this.engine.deps;
    const base = { orderReferenceId: o.id, releaseEnvironment: o.releaseEnvironment };
    if (e.type === 'OrderAuthorizationRequested') {
      const a = own(o.authorizations, e.authorizationId);
      if (a?.status.state !== 'Pending') return undefined;
      const note = a.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: a.sellerAuthorizationNote };
      const outcome = await payments.settleAuthorization({ ...base, amount: a.amount, transactionTimeout: a.transactionTimeout, ...note });
      return { type: 'RecordOrderAuthorizationOutcome', orderReferenceId: o.id, authorizationId: a.id, outcome, at: clock.now() };
    }
    if (e.type === 'CaptureRequested') {
      const c = own(o.captures, e.captureId);
      if (c?.status.state !== 'Pending') return undefined;
      const note = c.sellerCaptureNote === undefined ? {} : { sellerCaptureNote: c.sellerCaptureNote };
      const outcome = await payments.settleCapture({ ...base, amount: c.amount, ...note });
      return { type: 'RecordCaptureOutcome', orderReferenceId: o.id, captureId: c.id, outcome, at: clock.now() };
    }
    if (e.type === 'RefundRequested') {
      const r = own(o.refunds, e.refundId);
      if (r?.status.state !== 'Pending') return undefined;
      const note = r.sellerRefundNote === undefined ? {} : { sellerRefundNote: r.sellerRefundNote };
      const outcome = await payments.settleRefund({ ...base, amount: r.amount, ...note });
      return { type: 'RecordRefundOutcome', orderReferenceId: o.id, refundId: r.id, outcome, at: clock.now() };
    }
    return undefined;
  }
}
