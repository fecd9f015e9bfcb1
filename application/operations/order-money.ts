/**
 * The money calls on an order reference: Authorize, Capture, Refund, CloseAuthorization. Each
 * issues its transaction id (n-th of its kind on the order), rehearses the order's decision (a
 * refused request records nothing, not even its reference id), claims the seller's reference id,
 * asks the payment processor and records its answer, so a replay never asks again. A repeat
 * (same reference id and parameters) answers the first result and records nothing.
 */
import type { Authorize, Capture, OrderReferenceCommand, Refund } from '../../domain/order-reference/commands.js';
import type { Authorization, CaptureRecord, Order, RefundRecord } from '../../domain/order-reference/index.js';
import { authorizationFingerprint, captureFingerprint, refundFingerprint } from '../../domain/order-reference/fingerprints.js';
import { own } from '../../domain/shared/records.js';
import { fingerprint, type ReferenceKind } from '../../domain/shared/reference-ids.js';
import type { Instant } from '../../domain/shared/time.js';
import { orderReferences } from '../aggregates/order-reference.js';
import type { OperationContext, ExecuteOptions } from './context.js';
import { claimReference } from './reference-claim.js';
import { accepted, fromRejection, rejected, type OperationResult } from './result.js';
import { nextAuthorizationId, nextCaptureId, nextRefundId, orderReferenceIdOf } from './transaction-ids.js';

/** The seller's part of each command: what the engine adds (ids, time, the processor's answer) is left out. */
export type AuthorizeInput = Pick<
  Authorize,
  'orderReferenceId' | 'authorizationReferenceId' | 'amount' | 'sellerAuthorizationNote' | 'softDescriptor' | 'transactionTimeout' | 'captureNow'
>;
export type CaptureInput = Pick<Capture, 'authorizationId' | 'captureReferenceId' | 'amount' | 'sellerCaptureNote' | 'softDescriptor'>;
export type RefundInput = Pick<Refund, 'captureId' | 'refundReferenceId' | 'amount' | 'sellerRefundNote' | 'softDescriptor'>;

export type Touched<T> = { readonly order: Order; readonly object: T };

/** One money operation, described for `perform`. */
interface MoneyStep<T, O> {
  readonly orderId: string;
  readonly kind: ReferenceKind;
  readonly referenceId: string;
  readonly fingerprint: string;
  readonly whenMissing: () => OperationResult<Touched<T>>;
  readonly nextId: (o: Order) => string;
  readonly find: (o: Order, id: string) => T | undefined;
  /** Stands in for the processor's answer while rehearsing: a refusal never depends on it. */
  readonly provisional: O;
  readonly ask: (o: Order) => Promise<O>;
  readonly command: (o: Order, objectId: string, at: Instant, outcome: O) => OrderReferenceCommand;
}

async function reload<T>(ctx: OperationContext, orderId: string, find: (o: Order) => T | undefined, repeated: boolean): Promise<OperationResult<Touched<T>>> {
  const order = await ctx.engine.orderReference(orderId);
  const object = order && find(order);
  if (order === undefined || object === undefined) throw new Error(`order '${orderId}': the recorded transaction is missing`);
  return accepted({ order, object }, repeated);
}

function perform<T, O>(ctx: OperationContext, step: MoneyStep<T, O>, options: ExecuteOptions): Promise<OperationResult<Touched<T>>> {
  const { engine } = ctx;
  return ctx.lock.run(step.orderId, async () => {
    const { state } = await engine.handler.load(orderReferences, step.orderId);
    if (!state.exists) return step.whenMissing();
    const order = state.order;
    const at = engine.deps.clock.now();
    const rehearsal = orderReferences.decider.decide(step.command(order, step.nextId(order), at, step.provisional), state);
    if (rehearsal.kind === 'rejected') return fromRejection(rehearsal.rejection);
    const metadata = engine.commandMetadata(options);
    const { kind, referenceId } = step;
    const claim = await claimReference(engine, { sellerId: order.sellerId, referenceId, kind, fingerprint: step.fingerprint, objectId: step.nextId(order), at }, metadata);
    if (claim.kind === 'rejected') return fromRejection(claim.rejection);
    const find = (o: Order) => step.find(o, claim.objectId);
    if (find(order)) return reload(ctx, order.id, find, true);
    // A claim without its object: a first attempt stopped between the two; finish it under the claimed id.
    const result = await engine.execute(step.command(order, claim.objectId, at, await step.ask(order)), metadata);
    if (result.kind === 'rejected') return fromRejection(result.rejection);
    return reload(ctx, order.id, find, false);
  });
}

const unknownTransaction = <T>(id: string): OperationResult<T> => rejected('InvalidTransactionId', `transaction '${id}' does not exist`, { id });

export function authorize(ctx: OperationContext, input: AuthorizeInput, options: ExecuteOptions = {}): Promise<OperationResult<Touched<Authorization>>> {
  const { orderReferenceId } = input;
  return perform<Authorization, Extract<OrderReferenceCommand, { type: 'Authorize' }>['outcome']>(
    ctx,
    {
      orderId: orderReferenceId,
      kind: 'Authorization',
      referenceId: input.authorizationReferenceId,
      fingerprint: fingerprint({ orderReferenceId, request: authorizationFingerprint(input) }),
      whenMissing: () => rejected('InvalidOrderReferenceId', `order reference '${orderReferenceId}' does not exist`, { orderReferenceId }),
      nextId: nextAuthorizationId,
      find: (o, id) => own(o.authorizations, id),
      provisional: { state: 'Open' },
      ask: (o) => ctx.engine.deps.payments.authorize({ ...input, releaseEnvironment: o.releaseEnvironment }),
      command: (o, authorizationId, at, outcome) => ({
        ...input,
        type: 'Authorize',
        at,
        authorizationId,
        ...(input.captureNow ? { captureId: nextCaptureId(o) } : {}),
        outcome,
      }),
    },
    options,
  );
}

export function capture(ctx: OperationContext, input: CaptureInput, options: ExecuteOptions = {}): Promise<OperationResult<Touched<CaptureRecord>>> {
  const orderId = orderReferenceIdOf(input.authorizationId, 'A');
  if (orderId === undefined) return Promise.resolve(unknownTransaction(input.authorizationId));
  return perform<CaptureRecord, Extract<OrderReferenceCommand, { type: 'Capture' }>['outcome']>(
    ctx,
    {
      orderId,
      kind: 'Capture',
      referenceId: input.captureReferenceId,
      fingerprint: captureFingerprint(input),
      whenMissing: () => unknownTransaction(input.authorizationId),
      nextId: nextCaptureId,
      find: (o, id) => own(o.captures, id),
      provisional: { state: 'Completed' },
      ask: (o) => ctx.engine.deps.payments.capture({ ...input, releaseEnvironment: o.releaseEnvironment }),
      command: (o, captureId, at, outcome) => ({ ...input, type: 'Capture', orderReferenceId: o.id, at, captureId, outcome }),
    },
    options,
  );
}

export function refund(ctx: OperationContext, input: RefundInput, options: ExecuteOptions = {}): Promise<OperationResult<Touched<RefundRecord>>> {
  const orderId = orderReferenceIdOf(input.captureId, 'C');
  if (orderId === undefined) return Promise.resolve(unknownTransaction(input.captureId));
  return perform<RefundRecord, Extract<OrderReferenceCommand, { type: 'Refund' }>['outcome']>(
    ctx,
    {
      orderId,
      kind: 'Refund',
      referenceId: input.refundReferenceId,
      fingerprint: refundFingerprint(input),
      whenMissing: () => unknownTransaction(input.captureId),
      nextId: nextRefundId,
      find: (o, id) => own(o.refunds, id),
      provisional: { state: 'Pending' },
      ask: (o) => ctx.engine.deps.payments.refund({ ...input, releaseEnvironment: o.releaseEnvironment }),
      command: (o, refundId, at, outcome) => ({ ...input, type: 'Refund', orderReferenceId: o.id, at, refundId, outcome }),
    },
    options,
  );
}

export async function closeAuthorization(
  ctx: OperationContext,
  input: { readonly authorizationId: string; readonly closureReason?: string },
  options: ExecuteOptions = {},
): Promise<OperationResult<Touched<Authorization>>> {
  const orderId = orderReferenceIdOf(input.authorizationId, 'A');
  if (orderId === undefined || (await ctx.engine.orderReference(orderId)) === undefined) return unknownTransaction(input.authorizationId);
  const at = ctx.engine.deps.clock.now();
  const result = await ctx.engine.execute({ ...input, type: 'CloseAuthorization', orderReferenceId: orderId, at }, options);
  if (result.kind === 'rejected') return fromRejection(result.rejection);
  return reload(ctx, orderId, (o) => own(o.authorizations, input.authorizationId), false);
}
