/**
 * The order reference's lifecycle calls (confirm, cancel, close, set details) and
 * CreateOrderReferenceForId, which asks the agreement for a one-time order: the process manager
 * then creates the order reference (DOMAIN.md §2.3).
 */
import type { OrderReferenceCommand } from '../../domain/order-reference/commands.js';
import type { Order, SellerOrderAttributes } from '../../domain/order-reference/index.js';
import { MARKETPLACE_POLICIES } from '../../domain/policy.js';
import type { Money } from '../../domain/shared/money.js';
import type { Instant } from '../../domain/shared/time.js';
import type { OperationContext, ExecuteOptions } from './context.js';
import { accepted, fromRejection, rejected, type OperationResult } from './result.js';

type Request<C extends OrderReferenceCommand> = Omit<C, 'type' | 'at'>;
type On<T extends OrderReferenceCommand['type']> = Request<Extract<OrderReferenceCommand, { type: T }>>;

async function onOrder(ctx: OperationContext, build: (at: Instant) => OrderReferenceCommand, options: ExecuteOptions): Promise<OperationResult<Order>> {
  const command = build(ctx.engine.deps.clock.now());
  const result = await ctx.engine.execute(command, options);
  if (result.kind === 'rejected') return fromRejection(result.rejection);
  const order = await ctx.engine.orderReference(command.orderReferenceId);
  if (order === undefined) throw new Error(`order reference '${command.orderReferenceId}' missing after an accepted command`);
  return accepted(order, result.events.length === 0);
}

export const confirmOrder = (ctx: OperationContext, input: On<'ConfirmOrderReference'>, options: ExecuteOptions = {}) =>
  onOrder(ctx, (at) => ({ ...input, type: 'ConfirmOrderReference', at }), options);

export const cancelOrder = (ctx: OperationContext, input: On<'CancelOrderReference'>, options: ExecuteOptions = {}) =>
  onOrder(ctx, (at) => ({ ...input, type: 'CancelOrderReference', at }), options);

export const closeOrder = (ctx: OperationContext, input: Omit<On<'CloseOrderReference'>, 'reasonCode'>, options: ExecuteOptions = {}) =>
  onOrder(ctx, (at) => ({ ...input, type: 'CloseOrderReference', reasonCode: 'SellerClosed', at }), options);

export interface OrderDetailsInput {
  readonly orderReferenceId: string;
  readonly orderTotal?: Money;
  readonly sellerNote?: string;
  readonly sellerOrderAttributes?: SellerOrderAttributes;
}

export const setOrderDetails = (ctx: OperationContext, input: OrderDetailsInput, options: ExecuteOptions = {}) =>
  onOrder(ctx, (at) => ({ ...input, type: 'SetOrderReferenceDetails', at }), options);

export interface OrderForAgreementInput {
  readonly billingAgreementId: string;
  readonly orderTotal: Money;
  readonly confirmNow: boolean;
  readonly inheritShippingAddress: boolean;
}

/** CreateOrderReferenceForId with IdType=BillingAgreement: the order's id comes from the id generator. */
export async function createOrderReferenceForId(ctx: OperationContext, input: OrderForAgreementInput, options: ExecuteOptions = {}): Promise<OperationResult<Order>> {
  const { engine } = ctx;
  const agreement = await engine.billingAgreement(input.billingAgreementId);
  if (agreement === undefined) {
    return rejected('InvalidBillingAgreementId', `billing agreement '${input.billingAgreementId}' does not exist`, { billingAgreementId: input.billingAgreementId });
  }
  const region = MARKETPLACE_POLICIES[agreement.marketplace].regionCode;
  const orderReferenceId = engine.deps.ids.orderReferenceId(region, agreement.releaseEnvironment);
  const result = await engine.execute({ ...input, type: 'CreateOneTimeOrder', orderReferenceId, at: engine.deps.clock.now() }, options);
  if (result.kind === 'rejected') return fromRejection(result.rejection);
  const order = await engine.orderReference(orderReferenceId);
  if (order === undefined) throw new Error(`order reference '${orderReferenceId}' was not created for its one-time order`);
  return accepted(order);
}
