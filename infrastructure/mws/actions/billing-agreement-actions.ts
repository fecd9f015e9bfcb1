/** The billing agreement operations: each DTO mapped explicitly to an engine operation or query. */
import { own } from '../../../domain/shared/records.js';
import {
  AuthorizeOnBillingAgreementRequest,
  CloseBillingAgreementRequest,
  ConfirmBillingAgreementRequest,
  CreateOrderReferenceForIdRequest,
  GetBillingAgreementDetailsRequest,
  SetBillingAgreementDetailsRequest,
  ValidateBillingAgreementRequest,
} from '../dto/billing-agreement.dto.js';
import { MwsError } from '../errors.js';
import { billingAgreementDetails } from '../xml/agreement-details.js';
import { orderReferenceDetails } from '../xml/order-details.js';
import { authorizationDetails } from '../xml/transaction-details.js';
import { status } from '../xml/values.js';
import { action, agreementOf, answer, fail, flag, moneyOf, ok, optional, refused, simulationError, type Action } from './context.js';

const getDetails = action(GetBillingAgreementDetailsRequest, async (ctx, r) => {
  const ids = { billingAgreementId: r.AmazonBillingAgreementId };
  const a = await agreementOf(ctx, r.AmazonBillingAgreementId);
  return a instanceof MwsError ? fail(a, ids) : ok({ BillingAgreementDetails: billingAgreementDetails(a, ctx.now) }, ids);
});

const setDetails = action(SetBillingAgreementDetailsRequest, async (ctx, r) => {
  const ids = { billingAgreementId: r.AmazonBillingAgreementId };
  const a = await agreementOf(ctx, r.AmazonBillingAgreementId);
  if (a instanceof MwsError) return fail(a, ids);
  const sellerNote = r['BillingAgreementAttributes.SellerNote'];
  const invalid = simulationError(ctx, 'Details', sellerNote);
  if (invalid) return fail(invalid, ids);
  const prefix = 'BillingAgreementAttributes.SellerBillingAgreementAttributes';
  const attributes = {
    ...optional('sellerBillingAgreementId', r[`${prefix}.SellerBillingAgreementId`]),
    ...optional('storeName', r[`${prefix}.StoreName`]),
    ...optional('customInformation', r[`${prefix}.CustomInformation`]),
  };
  const input = {
    billingAgreementId: a.id,
    ...optional('sellerNote', sellerNote),
    ...optional('platformId', r['BillingAgreementAttributes.PlatformId']),
    ...(Object.keys(attributes).length === 0 ? {} : { sellerBillingAgreementAttributes: attributes }),
  };
  return answer(ctx.operations.setAgreementDetails(input, ctx.options), (after) => ({ BillingAgreementDetails: billingAgreementDetails(after, ctx.now) }), ids);
});

const confirm = action(ConfirmBillingAgreementRequest, async (ctx, r) => {
  const ids = { billingAgreementId: r.AmazonBillingAgreementId };
  const a = await agreementOf(ctx, r.AmazonBillingAgreementId);
  return a instanceof MwsError ? fail(a, ids) : answer(ctx.operations.confirmAgreement(a.id, ctx.options), () => undefined, ids);
});

const validate = action(ValidateBillingAgreementRequest, async (ctx, r) => {
  const ids = { billingAgreementId: r.AmazonBillingAgreementId };
  const a = await agreementOf(ctx, r.AmazonBillingAgreementId);
  if (a instanceof MwsError) return fail(a, ids);
  return answer(
    ctx.operations.validateAgreement(a.id, ctx.options),
    ({ agreement, outcome }) => ({
      ValidationResult: outcome.result,
      FailureReasonCode: outcome.result === 'Failure' ? outcome.failureReasonCode : undefined,
      BillingAgreementStatus: status({ ...agreement.status, lastUpdateTimestamp: agreement.status.lastUpdatedTimestamp }, 'LastUpdatedTimestamp'),
    }),
    ids,
  );
});

const close = action(CloseBillingAgreementRequest, async (ctx, r) => {
  const ids = { billingAgreementId: r.AmazonBillingAgreementId };
  const a = await agreementOf(ctx, r.AmazonBillingAgreementId);
  if (a instanceof MwsError) return fail(a, ids);
  return answer(ctx.operations.closeAgreement({ billingAgreementId: a.id, ...optional('closureReason', r.ClosureReason) }, ctx.options), () => undefined, ids);
});

/** MWS has no charge type: a charge through MWS is a recurring one (refused while the seller has paused service). */
const authorizeOnBillingAgreement = action(AuthorizeOnBillingAgreementRequest, async (ctx, r) => {
  const ids: Record<string, string> = { billingAgreementId: r.AmazonBillingAgreementId, authorizationReferenceId: r.AuthorizationReferenceId };
  const a = await agreementOf(ctx, r.AmazonBillingAgreementId);
  if (a instanceof MwsError) return fail(a, ids);
  const invalid = simulationError(ctx, 'Authorization', r.SellerAuthorizationNote);
  if (invalid) return fail(invalid, ids);
  const result = await ctx.engine.authorizeOnBillingAgreement(
    {
      billingAgreementId: a.id,
      authorizationReferenceId: r.AuthorizationReferenceId,
      amount: moneyOf(r['AuthorizationAmount.Amount'], r['AuthorizationAmount.CurrencyCode']),
      chargeType: 'Recurring',
      transactionTimeout: r.TransactionTimeout === undefined ? 1440 : Number(r.TransactionTimeout),
      captureNow: flag(r.CaptureNow, false),
      ...optional('sellerAuthorizationNote', r.SellerAuthorizationNote),
      ...optional('softDescriptor', r.SoftDescriptor),
      ...optional('sellerNote', r.SellerNote),
    },
    ctx.options,
  );
  if (result.kind === 'rejected') return refused(result.rejection, ids);
  const { orderReferenceId, authorizationId } = result.authorization;
  const order = await ctx.engine.orderReference(orderReferenceId);
  const authorization = order && own(order.authorizations, authorizationId);
  if (order === undefined || authorization === undefined) throw new Error(`authorization '${authorizationId}' is missing on its order`);
  return ok({ AuthorizationDetails: authorizationDetails(order, authorization), AmazonOrderReferenceId: orderReferenceId }, { ...ids, orderReferenceId, authorizationId });
});

const createOrderReferenceForId = action(CreateOrderReferenceForIdRequest, async (ctx, r) => {
  const ids: Record<string, string> = { billingAgreementId: r.Id };
  const a = await agreementOf(ctx, r.Id);
  if (a instanceof MwsError) return fail(a, ids);
  const input = {
    billingAgreementId: a.id,
    orderTotal: moneyOf(r['OrderReferenceAttributes.OrderTotal.Amount'], r['OrderReferenceAttributes.OrderTotal.CurrencyCode']),
    confirmNow: flag(r.ConfirmNow, false),
    inheritShippingAddress: flag(r.InheritShippingAddress, true),
  };
  return answer(ctx.operations.createOrderReferenceForId(input, ctx.options), (order) => {
    ids['orderReferenceId'] = order.id;
    return { OrderReferenceDetails: orderReferenceDetails(order, a.buyer) };
  }, ids);
});

export const BILLING_AGREEMENT_ACTIONS: Readonly<Record<string, Action<object>>> = {
  GetBillingAgreementDetails: getDetails,
  SetBillingAgreementDetails: setDetails,
  ConfirmBillingAgreement: confirm,
  ValidateBillingAgreement: validate,
  CloseBillingAgreement: close,
  AuthorizeOnBillingAgreement: authorizeOnBillingAgreement,
  CreateOrderReferenceForId: createOrderReferenceForId,
} as Record<string, Action<object>>;
