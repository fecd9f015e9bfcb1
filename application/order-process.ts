/**
 * The process manager between a billing agreement and its order references. Every step is a
 * command with an id derived from the event that caused it, so running it twice (inline after the
 * command, again when the follower catches up after a crash) has the effect of running it once.
 * - OneTimeOrderCreated → the order reference exists (CreateOrderReferenceForId, ConfirmNow).
 * - AuthorizationRequested → the implicit order of AuthorizeOnBillingAgreement exists and is
 *   confirmed; an asynchronous authorization is requested on it (Pending).
 * - AuthorizationApproved / Declined → the order's authorization carries the same outcome and
 *   the implicit order is closed (MaxAuthorizationsProcessed).
 * - An authorization settled on the order first (IPN PaymentAuthorize) → the agreement records it
 *   (an InvalidPaymentMethod decline suspends the agreement).
 */
import { authorizationById, type Agreement, type AgreementAuthorization, type BillingAgreementEvent } from '../domain/billing-agreement/index.js';
import type { OrderReferenceCommand, OrderReferenceEvent } from '../domain/order-reference/index.js';
import { billingAgreements } from './aggregates/billing-agreement.js';
import { orderReferences } from './aggregates/order-reference.js';
import type { CommandHandler, CommandMetadata } from './command-handler.js';
import { readAgreementLedger } from './agreement-ledger.js';
import type { EventMetadata, EventStore } from './ports/event-store.js';
import { transactionId } from './ports/id-generator.js';

export interface RecordedEvent<E> {
  readonly streamId: string;
  readonly eventId: string;
  readonly event: E;
  readonly metadata: EventMetadata;
}

type AuthorizationRequested = Extract<BillingAgreementEvent, { type: 'AuthorizationRequested' }>;
type AuthorizationSource = Pick<
  AgreementAuthorization,
  'authorizationId' | 'authorizationReferenceId' | 'orderReferenceId' | 'amount' | 'captureNow' | 'transactionTimeout' | 'sellerAuthorizationNote' | 'softDescriptor'
>;

export class OrderProcess {
  constructor(
    private readonly handler: CommandHandler,
    private readonly store: EventStore,
  ) {}

  async onBillingAgreementEvent(recorded: RecordedEvent<BillingAgreementEvent>): Promise<void> {
    const e = recorded.event;
    switch (e.type) {
      case 'OneTimeOrderCreated': {
        const { sellerId, releaseEnvironment } = await this.agreement(e.billingAgreementId);
        return this.order(recorded, 'create', {
          type: 'CreateOrderReference',
          orderReferenceId: e.orderReferenceId,
          at: e.at,
          sellerId,
          releaseEnvironment,
          orderTotal: e.orderTotal,
          parent: { billingAgreementId: e.billingAgreementId, paymentMethod: e.paymentMethod, ...(e.destination ? { destination: e.destination } : {}) },
          confirmNow: e.confirmNow,
        });
      }
      case 'AuthorizationRequested':
        return this.implicitOrder(recorded as RecordedEvent<AuthorizationRequested>);
      case 'AuthorizationApproved':
      case 'AuthorizationDeclined':
        return this.settleImplicitOrder(recorded, e.authorizationId);
      default:
        return;
    }
  }

  async onOrderReferenceEvent(recorded: RecordedEvent<OrderReferenceEvent>): Promise<void> {
    const e = recorded.event;
    if (e.type !== 'OrderAuthorizationOpened' && e.type !== 'OrderAuthorizationDeclined') return;
    const order = await this.handler.load(orderReferences, e.orderReferenceId);
    const parent = order.state.exists ? order.state.order.parent : undefined;
    if (parent === undefined) return;
    const outcome =
      e.type === 'OrderAuthorizationOpened'
        ? ({ state: 'Open' } as const)
        : ({ state: 'Declined', reasonCode: e.reasonCode, softDecline: e.softDecline } as const);
    // Pending authorizations are always in the agreement's state; one it no longer holds is settled.
    const known = authorizationById(await this.agreement(parent.id), e.authorizationId);
    if (known === undefined || known.state !== 'Pending') return;
    await this.handler.handle(
      billingAgreements,
      { type: 'RecordAuthorizationOutcome', billingAgreementId: parent.id, at: e.at, authorizationId: e.authorizationId, outcome },
      this.metadata(recorded, 'agreement-outcome'),
    );
  }

  private async implicitOrder(recorded: RecordedEvent<AuthorizationRequested>): Promise<void> {
    const e = recorded.event;
    const agreement = await this.agreement(e.billingAgreementId);
    await this.order(recorded, 'create', {
      type: 'CreateOrderReference',
      orderReferenceId: e.orderReferenceId,
      at: e.at,
      sellerId: agreement.sellerId,
      releaseEnvironment: agreement.releaseEnvironment,
      orderTotal: e.amount,
      parent: {
        billingAgreementId: e.billingAgreementId,
        paymentMethod: agreement.paymentMethod ?? 'unknown',
        ...(agreement.address ? { destination: agreement.address } : {}),
      },
      confirmNow: true,
    });
    if (e.transactionTimeout > 0) await this.order(recorded, 'authorize', this.authorize(e, e.at, { state: 'Pending' }));
  }

  /** The order's Authorize for an agreement's authorization (from its request event or its record). */
  private authorize(e: AuthorizationSource, at: string, outcome: Extract<OrderReferenceCommand, { type: 'Authorize' }>['outcome']): OrderReferenceCommand {
    return {
      type: 'Authorize',
      orderReferenceId: e.orderReferenceId,
      at,
      authorizationId: e.authorizationId,
      authorizationReferenceId: e.authorizationReferenceId,
      amount: e.amount,
      transactionTimeout: e.transactionTimeout,
      captureNow: e.captureNow,
      ...(e.captureNow ? { captureId: transactionId(e.orderReferenceId, 'C', 1) } : {}),
      ...(e.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: e.sellerAuthorizationNote }),
      ...(e.softDescriptor === undefined ? {} : { softDescriptor: e.softDescriptor }),
      outcome,
    };
  }

  private async settleImplicitOrder(recorded: RecordedEvent<BillingAgreementEvent>, authorizationId: string): Promise<void> {
    const e = recorded.event;
    // A follower far behind may find it already gone from the state (only the recent settled stay): then from the ledger.
    const auth =
      authorizationById(await this.agreement(e.billingAgreementId), authorizationId) ??
      authorizationById(await readAgreementLedger(this.store, e.billingAgreementId), authorizationId);
    if (auth === undefined || auth.state === 'Pending') return;
    const outcome =
      e.type === 'AuthorizationDeclined' ? ({ state: 'Declined', reasonCode: e.reasonCode, softDecline: e.softDecline } as const) : ({ state: 'Open' } as const);
    const order = await this.handler.load(orderReferences, auth.orderReferenceId);
    const onOrder = order.state.exists ? order.state.order.authorizations[authorizationId] : undefined;
    const step: OrderReferenceCommand =
      onOrder === undefined
        ? this.authorize(auth, e.at, outcome)
        : { type: 'RecordOrderAuthorizationOutcome', orderReferenceId: auth.orderReferenceId, at: e.at, authorizationId, outcome };
    await this.order(recorded, 'settle', step);
    await this.order(recorded, 'close', { type: 'CloseOrderReference', orderReferenceId: auth.orderReferenceId, at: e.at, reasonCode: 'MaxAuthorizationsProcessed' });
  }

  private async agreement(id: string): Promise<Agreement> {
    const loaded = await this.handler.load(billingAgreements, id);
    if (!loaded.state.exists) throw new Error(`process manager: billing agreement '${id}' not found`);
    return loaded.state.agreement;
  }

  private async order(recorded: RecordedEvent<unknown>, step: string, command: OrderReferenceCommand): Promise<void> {
    const result = await this.handler.handle(orderReferences, command, this.metadata(recorded, step));
    if (result.kind === 'rejected' && !IGNORABLE.has(result.rejection.code)) {
      throw new Error(`process manager step '${step}' for event ${recorded.eventId} was rejected: ${result.rejection.code}: ${result.rejection.message}`);
    }
  }

  private metadata(recorded: RecordedEvent<unknown>, step: string): CommandMetadata {
    return {
      commandId: `${recorded.eventId}>${step}`,
      correlationId: recorded.metadata.correlationId,
      causationId: recorded.eventId,
      actor: 'engine',
      source: 'process-manager',
    };
  }
}

/** Rejections that mean "already done" when a step runs again (the order moved on meanwhile). */
const IGNORABLE: ReadonlySet<string> = new Set(['InvalidOrderReferenceStatus', 'InvalidAuthorizationStatus']);
