/** The order reference operations: each DTO mapped explicitly to an engine operation or query. */
import type { Order } from '../../../domain/order-reference/index.js';
import {
  CancelOrderReferenceRequest,
  CloseOrderReferenceRequest,
  ConfirmOrderReferenceRequest,
  GetOrderReferenceDetailsRequest,
  SetOrderReferenceDetailsRequest,
} from '../dto/order-reference.dto.js';
import { MwsError } from '../errors.js';
import type { XmlElement } from '../xml/document.js';
import { orderReferenceDetails } from '../xml/order-details.js';
import { action, answer, fail, moneyOf, ok, optional, orderOf, refused, type Action, type MwsContext } from './context.js';

/** OrderReferenceDetails, with the buyer of the parent agreement when there is one. */
export async function orderDetails(ctx: MwsContext, o: Order): Promise<XmlElement> {
  const parent = o.parent && (await ctx.engine.billingAgreement(o.parent.id));
  return orderReferenceDetails(o, parent?.buyer);
}

const getDetails = action(GetOrderReferenceDetailsRequest, async (ctx, r) => {
  const ids = { orderReferenceId: r.AmazonOrderReferenceId };
  const o = await orderOf(ctx, r.AmazonOrderReferenceId);
  return o instanceof MwsError ? fail(o, ids) : ok({ OrderReferenceDetails: await orderDetails(ctx, o) }, ids);
});

const setDetails = action(SetOrderReferenceDetailsRequest, async (ctx, r) => {
  const ids = { orderReferenceId: r.AmazonOrderReferenceId };
  const o = await orderOf(ctx, r.AmazonOrderReferenceId);
  if (o instanceof MwsError) return fail(o, ids);
  const prefix = 'OrderReferenceAttributes.SellerOrderAttributes';
  const attributes = {
    ...optional('sellerOrderId', r[`${prefix}.SellerOrderId`]),
    ...optional('storeName', r[`${prefix}.StoreName`]),
    ...optional('customInformation', r[`${prefix}.CustomInformation`]),
  };
  const input = {
    orderReferenceId: o.id,
    orderTotal: moneyOf(r['OrderReferenceAttributes.OrderTotal.Amount'], r['OrderReferenceAttributes.OrderTotal.CurrencyCode']),
    ...optional('sellerNote', r['OrderReferenceAttributes.SellerNote']),
    ...(Object.keys(attributes).length === 0 ? {} : { sellerOrderAttributes: attributes }),
  };
  const result = await ctx.operations.setOrderDetails(input, ctx.options);
  if (result.kind === 'rejected') return refused(result.rejection, ids);
  return ok({ OrderReferenceDetails: await orderDetails(ctx, result.value) }, ids);
});

const confirm = action(ConfirmOrderReferenceRequest, async (ctx, r) => {
  const ids = { orderReferenceId: r.AmazonOrderReferenceId };
  const o = await orderOf(ctx, r.AmazonOrderReferenceId);
  return o instanceof MwsError ? fail(o, ids) : answer(ctx.operations.confirmOrder({ orderReferenceId: o.id }, ctx.options), () => undefined, ids);
});

const cancel = action(CancelOrderReferenceRequest, async (ctx, r) => {
  const ids = { orderReferenceId: r.AmazonOrderReferenceId };
  const o = await orderOf(ctx, r.AmazonOrderReferenceId);
  if (o instanceof MwsError) return fail(o, ids);
  const input = { orderReferenceId: o.id, ...optional('cancelationReason', r.CancelationReason) };
  return answer(ctx.operations.cancelOrder(input, ctx.options), () => undefined, ids);
});

const close = action(CloseOrderReferenceRequest, async (ctx, r) => {
  const ids = { orderReferenceId: r.AmazonOrderReferenceId };
  const o = await orderOf(ctx, r.AmazonOrderReferenceId);
  if (o instanceof MwsError) return fail(o, ids);
  const input = { orderReferenceId: o.id, ...optional('closureReason', r.ClosureReason) };
  return answer(ctx.operations.closeOrder(input, ctx.options), () => undefined, ids);
});

export const ORDER_REFERENCE_ACTIONS: Readonly<Record<string, Action<object>>> = {
  GetOrderReferenceDetails: getDetails,
  SetOrderReferenceDetails: setDetails,
  ConfirmOrderReference: confirm,
  CancelOrderReference: cancel,
  CloseOrderReference: close,
} as Record<string, Action<object>>;
