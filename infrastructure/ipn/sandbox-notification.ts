/**
 * Test notifications of the local sandbox, as Amazon words them (MWS-AND-IPN.md §3.2): the
 * NotificationData XML of a type, inside Amazon Pay's JSON message, inside an SNS envelope
 * signed by the sandbox signer. The element names come from the decoder's own table, so what
 * `ipn trigger` sends is what the receiver reads.
 */
import { randomUUID } from 'node:crypto';
import { XMLBuilder } from 'fast-xml-parser';
import { NOTIFICATION_TYPES } from './notification/content.js';
import { signWithSandbox, type SandboxSigningKey } from './sandbox-signer.js';

export const IPN_NAMESPACE = 'https://mws.amazonservices.com/ipn/OffAmazonPayments/2013-01-01';

/** The amount each type carries, by element name. */
const AMOUNT_ELEMENT: Readonly<Record<string, string>> = {
  OrderReferenceNotification: 'OrderTotal',
  PaymentAuthorize: 'AuthorizationAmount',
  PaymentCapture: 'CaptureAmount',
  PaymentRefund: 'RefundAmount',
};

export interface TestNotice {
  readonly notificationType: string;
  readonly objectId: string;
  readonly state: string;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  readonly amount?: { readonly amount: string; readonly currency: string };
  readonly sellerId: string;
  /** ISO-8601: the status's LastUpdateTimestamp and the envelope's Timestamp. */
  readonly at: string;
}

export type NoticeCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Whether the decoder would act on such a notice: a known type, a state of that type. */
export function checkNotice(notice: Pick<TestNotice, 'notificationType' | 'state'>): NoticeCheck {
  const shape = Object.hasOwn(NOTIFICATION_TYPES, notice.notificationType) ? NOTIFICATION_TYPES[notice.notificationType] : undefined;
  if (shape === undefined) return { ok: false, message: `'${notice.notificationType}' is not a notification type: use one of ${Object.keys(NOTIFICATION_TYPES).join(', ')}` };
  if (!shape.states.includes(notice.state)) return { ok: false, message: `'${notice.state}' is not a state of ${notice.notificationType}: use one of ${shape.states.join(', ')}` };
  return { ok: true };
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });

export function notificationData(notice: TestNotice): string {
  const shape = NOTIFICATION_TYPES[notice.notificationType];
  if (shape === undefined) throw new RangeError(`unknown notification type '${notice.notificationType}'`);
  const amountElement = AMOUNT_ELEMENT[notice.notificationType];
  const child = {
    [shape.idElement]: notice.objectId,
    ...(amountElement === undefined || notice.amount === undefined ? {} : { [amountElement]: { Amount: notice.amount.amount, CurrencyCode: notice.amount.currency } }),
    [shape.statusElement]: { State: notice.state, LastUpdateTimestamp: notice.at, ReasonCode: notice.reasonCode, ReasonDescription: notice.reasonDescription },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ [shape.root]: { '@_xmlns': IPN_NAMESPACE, [shape.child]: child } }) as string}`;
}

/** The signed SNS body of `notice`, and its ids. */
export function sandboxNotification(notice: TestNotice, key: SandboxSigningKey): { readonly body: string; readonly messageId: string; readonly notificationReferenceId: string } {
  const notificationReferenceId = randomUUID();
  const messageId = randomUUID();
  const message = JSON.stringify({
    NotificationReferenceId: notificationReferenceId,
    NotificationType: notice.notificationType,
    SellerId: notice.sellerId,
    ReleaseEnvironment: 'Sandbox',
    Version: '2013-01-01',
    ...(notice.notificationType === 'BillingAgreementNotification' ? { EventType: 'BillingAgreementStatusUpdated' } : {}),
    NotificationData: notificationData(notice),
    Timestamp: notice.at,
  });
  const body = signWithSandbox({ Type: 'Notification', MessageId: messageId, TopicArn: `arn:aws:sns:local:000000000000:billing-engine-sandbox-${notice.sellerId}`, Message: message, Timestamp: notice.at }, key);
  return { body, messageId, notificationReferenceId };
}
