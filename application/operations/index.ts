/**
 * The engine's operations for the money calls and lifecycle calls of the MWS API, as one object
 * for adapters. Each is pure of I/O: it talks to the engine and, through it, to the ports.
 */
import type { BillingEngine, ExecuteOptions } from '../engine.js';
import { closeAgreement, confirmAgreement, setAgreementDetails, validateAgreement, type AgreementDetailsInput } from './agreement-operations.js';
import { KeyedLock } from '../keyed-lock.js';
import { authorize, capture, closeAuthorization, refund, type AuthorizeInput, type CaptureInput, type RefundInput } from './order-money.js';
import {
  cancelOrder,
  closeOrder,
  confirmOrder,
  createOrderReferenceForId,
  setOrderDetails,
  type OrderDetailsInput,
  type OrderForAgreementInput,
} from './order-lifecycle.js';
import type { OperationContext } from './context.js';

export type { OperationResult } from './result.js';
export type { Touched, AuthorizeInput, CaptureInput, RefundInput } from './order-money.js';
export type { OrderDetailsInput, OrderForAgreementInput } from './order-lifecycle.js';
export type { AgreementDetailsInput, Validation } from './agreement-operations.js';
export { orderReferenceIdOf } from './transaction-ids.js';

export class BillingOperations {
  private readonly ctx: OperationContext;

  constructor(readonly engine: BillingEngine) {
    this.ctx = { engine, lock: new KeyedLock() };
  }

  authorize = (input: AuthorizeInput, options?: ExecuteOptions) => authorize(this.ctx, input, options);
  capture = (input: CaptureInput, options?: ExecuteOptions) => capture(this.ctx, input, options);
  refund = (input: RefundInput, options?: ExecuteOptions) => refund(this.ctx, input, options);
  closeAuthorization = (input: { readonly authorizationId: string; readonly closureReason?: string }, options?: ExecuteOptions) =>
    closeAuthorization(this.ctx, input, options);
  confirmOrder = (input: { readonly orderReferenceId: string }, options?: ExecuteOptions) => confirmOrder(this.ctx, input, options);
  cancelOrder = (input: { readonly orderReferenceId: string; readonly cancelationReason?: string }, options?: ExecuteOptions) =>
    cancelOrder(this.ctx, input, options);
  closeOrder = (input: { readonly orderReferenceId: string; readonly closureReason?: string }, options?: ExecuteOptions) =>
    closeOrder(this.ctx, input, options);
  setOrderDetails = (input: OrderDetailsInput, options?: ExecuteOptions) => setOrderDetails(this.ctx, input, options);
  createOrderReferenceForId = (input: OrderForAgreementInput, options?: ExecuteOptions) => createOrderReferenceForId(this.ctx, input, options);
  confirmAgreement = (billingAgreementId: string, options?: ExecuteOptions) => confirmAgreement(this.ctx, billingAgreementId, options);
  closeAgreement = (input: { readonly billingAgreementId: string; readonly closureReason?: string }, options?: ExecuteOptions) =>
    closeAgreement(this.ctx, input, options);
  setAgreementDetails = (input: AgreementDetailsInput, options?: ExecuteOptions) => setAgreementDetails(this.ctx, input, options);
  validateAgreement = (billingAgreementId: string, options?: ExecuteOptions) => validateAgreement(this.ctx, billingAgreementId, options);
}
