/** Authorizations, captures and refunds: each DTO mapped explicitly to an engine operation or query. */
import { orderReferenceIdOf } from '../../../application/operations/index.js';
import type { Order } from '../../../domain/order-reference/index.js';
import { own } from '../../../domain/shared/records.js';
import {
  AuthorizeRequest,
  CaptureRequest,
  CloseAuthorizationRequest,
  GetAuthorizationDetailsRequest,
  GetCaptureDetailsRequest,
  GetRefundDetailsRequest,
  RefundRequest,
} from '../dto/transactions.dto.js';
import { MwsError } from '../errors.js';
import { authorizationDetails, captureDetails, refundDetails } from '../xml/transaction-details.js';
import { action, answer, fail, moneyOf, ok, optional, orderOf, simulationError, type Action, type MwsContext } from './context.js';

const unknown = (id: string): MwsError => new MwsError('InvalidTransactionId', `The transaction id '${id}' is invalid.`);

/** The order a transaction id belongs to, visible to this seller in this section. */
async function orderOfTransaction(ctx: MwsContext, id: string, kind: 'A' | 'C' | 'R'): Promise<Order | MwsError> {
  const orderId = orderReferenceIdOf(id, kind);
  if (orderId === undefined) return unknown(id);
  const o = await orderOf(ctx, orderId);
  return o instanceof MwsError ? unknown(id) : o;
}

const authorize = action(AuthorizeRequest, async (ctx, r) => {
  const ids: Record<string, string> = { orderReferenceId: r.AmazonOrderReferenceId, authorizationReferenceId: r.AuthorizationReferenceId };
  const o = await orderOf(ctx, r.AmazonOrderReferenceId);
  if (o instanceof MwsError) return fail(o, ids);
  const invalid = simulationError(ctx, 'Authorization', r.SellerAuthorizationNote);
  if (invalid) return fail(invalid, ids);
  const input = {
    orderReferenceId: o.id,
    authorizationReferenceId: r.AuthorizationReferenceId,
    amount: moneyOf(r['AuthorizationAmount.Amount'], r['AuthorizationAmount.CurrencyCode']),
    transactionTimeout: r.TransactionTimeout === undefined ? 1440 : Number(r.TransactionTimeout),
    captureNow: r.CaptureNow === 'true',
    ...optional('sellerAuthorizationNote', r.SellerAuthorizationNote),
    ...optional('softDescriptor', r.SoftDescriptor),
  };
  return answer(ctx.operations.authorize(input, ctx.options), ({ order, object }) => {
    ids['authorizationId'] = object.id;
    return { AuthorizationDetails: authorizationDetails(order, object) };
  }, ids);
});

const getAuthorization = action(GetAuthorizationDetailsRequest, async (ctx, r) => {
  const ids = { authorizationId: r.AmazonAuthorizationId };
  const o = await orderOfTransaction(ctx, r.AmazonAuthorizationId, 'A');
  const a = o instanceof MwsError ? undefined : own(o.authorizations, r.AmazonAuthorizationId);
  if (o instanceof MwsError || a === undefined) return fail(unknown(r.AmazonAuthorizationId), ids);
  return ok({ AuthorizationDetails: authorizationDetails(o, a) }, ids);
});

const closeAuthorization = action(CloseAuthorizationRequest, async (ctx, r) => {
  const ids = { authorizationId: r.AmazonAuthorizationId };
  const o = await orderOfTransaction(ctx, r.AmazonAuthorizationId, 'A');
  if (o instanceof MwsError) return fail(o, ids);
  const input = { authorizationId: r.AmazonAuthorizationId, ...optional('closureReason', r.ClosureReason) };
  return answer(ctx.operations.closeAuthorization(input, ctx.options), () => undefined, ids);
});

const capture = action(CaptureRequest, async (ctx, r) => {
  const ids: Record<string, string> = { authorizationId: r.AmazonAuthorizationId, captureReferenceId: r.CaptureReferenceId };
  const o = await orderOfTransaction(ctx, r.AmazonAuthorizationId, 'A');
  if (o instanceof MwsError) return fail(o, ids);
  const invalid = simulationError(ctx, 'Capture', r.SellerCaptureNote);
  if (invalid) return fail(invalid, ids);
  const input = {
    authorizationId: r.AmazonAuthorizationId,
    captureReferenceId: r.CaptureReferenceId,
    amount: moneyOf(r['CaptureAmount.Amount'], r['CaptureAmount.CurrencyCode']),
    ...optional('sellerCaptureNote', r.SellerCaptureNote),
    ...optional('softDescriptor', r.SoftDescriptor),
  };
  return answer(ctx.operations.capture(input, ctx.options), ({ order, object }) => {
    ids['captureId'] = object.id;
    return { CaptureDetails: captureDetails(order, object) };
  }, ids);
});

const getCapture = action(GetCaptureDetailsRequest, async (ctx, r) => {
  const ids = { captureId: r.AmazonCaptureId };
  const o = await orderOfTransaction(ctx, r.AmazonCaptureId, 'C');
  const c = o instanceof MwsError ? undefined : own(o.captures, r.AmazonCaptureId);
  if (o instanceof MwsError || c === undefined) return fail(unknown(r.AmazonCaptureId), ids);
  return ok({ CaptureDetails: captureDetails(o, c) }, ids);
});

const refund = action(RefundRequest, async (ctx, r) => {
  const ids: Record<string, string> = { captureId: r.AmazonCaptureId, refundReferenceId: r.RefundReferenceId };
  const o = await orderOfTransaction(ctx, r.AmazonCaptureId, 'C');
  if (o instanceof MwsError) return fail(o, ids);
  const invalid = simulationError(ctx, 'Refund', r.SellerRefundNote);
  if (invalid) return fail(invalid, ids);
  const input = {
    captureId: r.AmazonCaptureId,
    refundReferenceId: r.RefundReferenceId,
    amount: moneyOf(r['RefundAmount.Amount'], r['RefundAmount.CurrencyCode']),
    ...optional('sellerRefundNote', r.SellerRefundNote),
    ...optional('softDescriptor', r.SoftDescriptor),
  };
  return answer(ctx.operations.refund(input, ctx.options), ({ object }) => {
    ids['refundId'] = object.id;
    return { RefundDetails: refundDetails(object) };
  }, ids);
});

const getRefund = action(GetRefundDetailsRequest, async (ctx, r) => {
  const ids = { refundId: r.AmazonRefundId };
  const o = await orderOfTransaction(ctx, r.AmazonRefundId, 'R');
  const refunded = o instanceof MwsError ? undefined : own(o.refunds, r.AmazonRefundId);
  return refunded === undefined ? fail(unknown(r.AmazonRefundId), ids) : ok({ RefundDetails: refundDetails(refunded) }, ids);
});

export const TRANSACTION_ACTIONS: Readonly<Record<string, Action<object>>> = {
  Authorize: authorize,
  GetAuthorizationDetails: getAuthorization,
  CloseAuthorization: closeAuthorization,
  Capture: capture,
  GetCaptureDetails: getCapture,
  Refund: refund,
  GetRefundDetails: getRefund,
} as Record<string, Action<object>>;
