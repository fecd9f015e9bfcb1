/**
 * DOMAIN.md §5: which Amazon-fact command a notification becomes. Test notifications and
 * subscription messages become none; neither do types and event types the table does not list.
 */
import type { BillingAgreementCommand } from '../../domain/billing-agreement/index.js';
import type { OrderReferenceCommand } from '../../domain/order-reference/index.js';
import type { Instant } from '../../domain/shared/time.js';
import type { BillingAgreementNotice, DecodedNotification } from './notification.js';

export type FactCommand = BillingAgreementCommand | OrderReferenceCommand;

export type FactMapping =
  | { readonly kind: 'command'; readonly command: FactCommand }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'unmatched'; readonly reason: string };

/** `S01-0414412-1503685-A004044` → `S01-0414412-1503685`: transaction ids extend their order's id. */
const TRANSACTION_ID = /^([A-Z]\d{2}-\d{7}-\d{7})-[ACR]\d{6,7}$/;

function orderOf(transactionId: string, what: string): { readonly orderReferenceId: string } | FactMapping {
  const match = TRANSACTION_ID.exec(transactionId);
  if (match?.[1] === undefined) return { kind: 'unmatched', reason: `${what} id '${transactionId}' names no order reference this engine could hold` };
  return { orderReferenceId: match[1] };
}

function billingAgreementCommand(n: BillingAgreementNotice, at: Instant): FactMapping {
  const { state, reasonCode, reasonDescription, lastUpdateTimestamp } = n.status;
  const status = { state, ...(reasonCode === undefined ? {} : { reasonCode }), ...(reasonDescription === undefined ? {} : { reasonDescription }) };
  const base = { billingAgreementId: n.billingAgreementId, at, lastUpdateTimestamp };
  // Every BA notification reports the agreement's status; the change commands record it too.
  const change = { ...base, status, ...(n.destination === undefined ? {} : { destination: n.destination }) };
  switch (n.eventType ?? 'BillingAgreementStatusUpdated') {
    case 'BillingAgreementStatusUpdated':
      return { kind: 'command', command: { ...base, type: 'RecordBillingAgreementStatus', ...status } };
    case 'PaymentMethodUpdated':
      return { kind: 'command', command: { ...base, status, type: 'RecordPaymentMethodUpdate' } };
    case 'AddressUpdated':
      return { kind: 'command', command: { ...change, type: 'RecordAddressUpdate', paymentMethodUpdated: false } };
    case 'AddressAndPaymentMethodUpdated':
      return { kind: 'command', command: { ...change, type: 'RecordAddressUpdate', paymentMethodUpdated: true } };
    default:
      return { kind: 'ignored', reason: `BillingAgreementNotification with EventType '${n.eventType ?? ''}' is not acted on` };
  }
}

/** The command for a notification; `at` is the engine's clock (Amazon's time is in the fact). */
export function factCommandFor(notification: DecodedNotification, at: Instant): FactMapping {
  if (notification.snsType !== 'Notification') return { kind: 'ignored', reason: `SNS ${notification.snsType}: kept, not acted on` };
  if (notification.isSample) return { kind: 'ignored', reason: 'IsSample: a test notification from Seller Central' };
  const content = notification.content;
  switch (content.kind) {
    case 'BillingAgreement':
      return billingAgreementCommand(content, at);
    case 'OrderReference':
      return { kind: 'command', command: { type: 'RecordOrderReferenceStatus', orderReferenceId: content.orderReferenceId, at, status: content.status } };
    case 'Authorization': {
      const order = orderOf(content.authorizationId, 'authorization');
      if ('kind' in order) return order;
      return { kind: 'command', command: { type: 'RecordOrderAuthorizationStatus', ...order, at, authorizationId: content.authorizationId, status: content.status } };
    }
    case 'Capture': {
      const order = orderOf(content.captureId, 'capture');
      if ('kind' in order) return order;
      return { kind: 'command', command: { type: 'RecordCaptureStatus', ...order, at, captureId: content.captureId, status: content.status } };
    }
    case 'Refund': {
      const order = orderOf(content.refundId, 'refund');
      if ('kind' in order) return order;
      return { kind: 'command', command: { type: 'RecordRefundStatus', ...order, at, refundId: content.refundId, status: content.status } };
    }
    case 'Unsupported':
      return { kind: 'ignored', reason: content.reason };
  }
}
