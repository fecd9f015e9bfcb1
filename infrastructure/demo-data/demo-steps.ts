/**
 * The moves of the demo history, each through the real engine with the metadata an auditor
 * would see (who, through which door, in which conversation). Every step checks its outcome:
 * an unexpected rejection stops the demo with the reason.
 */
import type { BillingEngine, ExecuteOptions } from '../../application/engine.js';
import type { Actor, Source } from '../../application/ports/event-store.js';
import { transactionId } from '../../application/ports/id-generator.js';
import type { BillingAgreementCommand, BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { OrderReferenceCommand } from '../../domain/order-reference/index.js';
import type { PhysicalDestination } from '../../domain/shared/amazon.js';
import { money, type Money } from '../../domain/shared/money.js';
import type { ManualClock } from '../runtime/clock.js';

export const SELLER = 'A1DEMOSELLER';
export const jpy = (amount: number): Money => money(amount, 'JPY');

export interface DemoContext {
  readonly engine: BillingEngine;
  readonly clock: ManualClock;
}

export interface Customer {
  readonly billingAgreementId: string;
  readonly name: string;
  readonly email: string;
  readonly paymentMethod: string;
  /** Given for agreements that ship goods. */
  readonly address?: PhysicalDestination;
}

const meta = (actor: Actor, correlationId: string, source: Source = 'cli'): ExecuteOptions => ({ actor, source, correlationId });

type WithoutTarget<C> = C extends unknown ? Omit<C, 'billingAgreementId' | 'at'> : never;
export type AgreementStep = WithoutTarget<BillingAgreementCommand>;

/** One agreement command at the clock's time; returns its events, throws on a rejection. */
export async function onAgreement(ctx: DemoContext, id: string, step: AgreementStep, options: ExecuteOptions): Promise<readonly BillingAgreementEvent[]> {
  const command = { ...step, billingAgreementId: id, at: ctx.clock.now() } as BillingAgreementCommand;
  const result = await ctx.engine.execute(command, options);
  if (result.kind === 'rejected') throw new Error(`demo: ${step.type} on ${id} was rejected: ${result.rejection.code}: ${result.rejection.message}`);
  return result.events;
}

export async function onOrder(ctx: DemoContext, command: OrderReferenceCommand, options: ExecuteOptions): Promise<void> {
  const result = await ctx.engine.execute(command, options);
  if (result.kind === 'rejected') throw new Error(`demo: ${command.type} on ${command.orderReferenceId} was rejected: ${result.rejection.code}: ${result.rejection.message}`);
}

/** The buyer creates the agreement in the widgets, picks a method (and an address); not confirmed yet. */
export async function startCheckout(ctx: DemoContext, c: Customer): Promise<void> {
  const buyer = meta('buyer', `checkout-${c.billingAgreementId}`, 'http');
  const create = { type: 'CreateBillingAgreement', sellerId: SELLER, marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: c.name, email: c.email }, requiresShipping: c.address !== undefined } as const;
  await onAgreement(ctx, c.billingAgreementId, create, buyer);
  await onAgreement(ctx, c.billingAgreementId, { type: 'SelectPaymentMethod', descriptor: c.paymentMethod }, buyer);
  if (c.address !== undefined) await onAgreement(ctx, c.billingAgreementId, { type: 'SelectAddress', destination: c.address }, buyer);
  if (c.address !== undefined) await onAgreement(ctx, c.billingAgreementId, { type: 'SelectPaymentMethod', descriptor: c.paymentMethod }, buyer);
}

/** Consent, confirmation by the seller, and the plan. */
export async function finishCheckout(ctx: DemoContext, c: Customer, planId: string, price: number): Promise<void> {
  const correlation = `checkout-${c.billingAgreementId}`;
  await onAgreement(ctx, c.billingAgreementId, { type: 'GiveBuyerConsent' }, meta('buyer', correlation, 'http'));
  await onAgreement(ctx, c.billingAgreementId, { type: 'ConfirmBillingAgreement' }, meta('seller', correlation));
  await onAgreement(ctx, c.billingAgreementId, { type: 'SelectPlan', planId, price: jpy(price), anchorDay: 1 }, meta('seller', correlation));
}

export async function signUp(ctx: DemoContext, c: Customer, planId: string, price: number): Promise<void> {
  await startCheckout(ctx, c);
  await finishCheckout(ctx, c, planId, price);
}

export interface ChargeOptions {
  readonly chargeType?: 'Recurring' | 'OneOff';
  /** A sandbox simulation, e.g. a decline for InvalidPaymentMethod. */
  readonly note?: string;
  /** The outcome the demo expects: accepted with this authorization state, or rejected with this code. */
  readonly expect?: 'Open' | 'Closed' | 'Declined' | 'PeriodicAmountExceeded';
}

export const DECLINE_INVALID_PAYMENT_METHOD = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod","SoftDecline":"false"}}';

/** AuthorizeOnBillingAgreement with CaptureNow, as a seller's billing run does. */
export async function charge(ctx: DemoContext, id: string, reference: string, amount: number, options: ChargeOptions = {}): Promise<void> {
  const result = await ctx.engine.authorizeOnBillingAgreement(
    {
      billingAgreementId: id,
      authorizationReferenceId: reference,
      amount: jpy(amount),
      chargeType: options.chargeType ?? 'Recurring',
      transactionTimeout: 0,
      captureNow: true,
      ...(options.note === undefined ? {} : { sellerAuthorizationNote: options.note }),
    },
    meta('seller', `billing-run-${reference}`),
  );
  const outcome = result.kind === 'accepted' ? result.authorization.state : result.rejection.code;
  const expected = options.expect ?? 'Open';
  if (outcome !== expected && !(expected === 'Open' && outcome === 'Closed')) {
    throw new Error(`demo: charge ${reference} on ${id} ended ${outcome}, expected ${expected}`);
  }
}

/** A plan change mid-period; a net charge is collected at once, a net credit carried. */
export async function changePlan(ctx: DemoContext, id: string, planId: string, price: number, reference: string): Promise<void> {
  const events = await onAgreement(ctx, id, { type: 'ChangePlan', planId, price: jpy(price), policy: 'days' }, meta('seller', `plan-change-${reference}`));
  const changed = events.find((e) => e.type === 'PlanChanged');
  if (changed?.settlement === 'ChargeNow') await charge(ctx, id, reference, changed.net.amount);
}

/** A one-time purchase next to the subscription (CreateOrderReferenceForId), authorized and captured. */
export async function oneTimePurchase(ctx: DemoContext, id: string, orderReferenceId: string, amount: number, reference: string): Promise<void> {
  const seller = meta('seller', `purchase-${reference}`);
  await onAgreement(ctx, id, { type: 'CreateOneTimeOrder', orderReferenceId, orderTotal: jpy(amount), confirmNow: true, inheritShippingAddress: true }, seller);
  const at = ctx.clock.now();
  await onOrder(
    ctx,
    {
      type: 'Authorize',
      orderReferenceId,
      at,
      authorizationId: transactionId(orderReferenceId, 'A', 1),
      authorizationReferenceId: reference,
      amount: jpy(amount),
      transactionTimeout: 0,
      captureNow: true,
      captureId: transactionId(orderReferenceId, 'C', 1),
      outcome: { state: 'Open' },
    },
    seller,
  );
}

/** A refund of the first capture of an order, completed at once. */
export async function refund(ctx: DemoContext, orderReferenceId: string, amount: number, reference: string): Promise<void> {
  await onOrder(
    ctx,
    {
      type: 'Refund',
      orderReferenceId,
      at: ctx.clock.now(),
      refundId: transactionId(orderReferenceId, 'R', 1),
      refundReferenceId: reference,
      captureId: transactionId(orderReferenceId, 'C', 1),
      amount: jpy(amount),
      sellerRefundNote: 'Damaged in transit',
      outcome: { state: 'Completed' },
    },
    meta('seller', `refund-${reference}`),
  );
}

export const sellerSays = (correlationId: string): ExecuteOptions => meta('seller', correlationId);
export const amazonSays = (correlationId: string): ExecuteOptions => meta('amazon-ipn', correlationId, 'ipn');
export const engineSays = (correlationId: string): ExecuteOptions => meta('engine', correlationId);
