/**
 * The child of NotificationData's root as a typed notice (MWS-AND-IPN.md §3.2). Element names
 * are Amazon's, byte for byte. Anything a notice cannot do without (its id, its status) missing
 * or unknown makes it `Unsupported` (kept, listed, not acted on); amounts that do not parse are
 * left out.
 */
import type { NotificationContent, UnsupportedNotice } from '../../../application/ipn/notification.js';
import { AGREEMENT_STATES } from '../../../domain/billing-agreement/index.js';
import { AUTHORIZATION_STATES, CAPTURE_STATES, ORDER_STATES, REFUND_STATES, type Status } from '../../../domain/order-reference/index.js';
import { normalizeInstant } from '../instant.js';
import { element, nonEmptyText, type XmlObject } from './xml.js';
import { amountOf, billingAgreementLimits, physicalDestination, withAmount } from './details.js';

const unsupported = (reason: string, objectId?: string): UnsupportedNotice => ({ kind: 'Unsupported', reason, ...(objectId === undefined ? {} : { objectId }) });

const withText = (name: string, value: string | undefined): Record<string, string> => (value === undefined ? {} : { [name]: value });

function statusOf<S extends string>(node: XmlObject, name: string, states: readonly S[]): Status<S> | string {
  const status = element(node, name);
  if (status === undefined) return `no ${name}`;
  const state = nonEmptyText(status, 'State') ?? '';
  if (!(states as readonly string[]).includes(state)) return `${name} has the unknown State '${state}'`;
  const stamp = nonEmptyText(status, 'LastUpdateTimestamp') ?? '';
  const lastUpdateTimestamp = normalizeInstant(stamp);
  if (lastUpdateTimestamp === undefined) return `${name} has no valid LastUpdateTimestamp ('${stamp}')`;
  const reasonCode = nonEmptyText(status, 'ReasonCode');
  const reasonDescription = nonEmptyText(status, 'ReasonDescription');
  return { state: state as S, lastUpdateTimestamp, ...withText('reasonCode', reasonCode), ...withText('reasonDescription', reasonDescription) };
}

type Builder = (node: XmlObject) => NotificationContent;

/** How a notice is read: the elements of its object's id and status, the states that status may have. */
export interface NoticeShape {
  readonly idElement: string;
  readonly statusElement: string;
  readonly states: readonly string[];
  readonly build: Builder;
}

/** A notice needs its object's id and status; `build` adds the rest. */
function notice<S extends string>(idElement: string, statusElement: string, states: readonly S[], build: (id: string, status: Status<S>, node: XmlObject) => NotificationContent): NoticeShape {
  return {
    idElement,
    statusElement,
    states,
    build: (node) => {
      const id = nonEmptyText(node, idElement);
      if (id === undefined) return unsupported(`no ${idElement}`);
      const status = statusOf(node, statusElement, states);
      return typeof status === 'string' ? unsupported(status, id) : build(id, status, node);
    },
  };
}

const billingAgreement = notice('AmazonBillingAgreementId', 'BillingAgreementStatus', AGREEMENT_STATES, (billingAgreementId, status, node) => {
  const consent = nonEmptyText(node, 'BillingAgreementConsent');
  const limits = billingAgreementLimits(element(node, 'BillingAgreementLimits'));
  const destination = physicalDestination(element(element(node, 'Destination'), 'PhysicalDestination'));
  return {
    kind: 'BillingAgreement',
    billingAgreementId,
    status,
    ...(limits === undefined ? {} : { limits }),
    ...(consent === undefined ? {} : { consent: consent === 'true' }),
    ...(destination === undefined ? {} : { destination }),
  };
});

const orderReference = notice('AmazonOrderReferenceId', 'OrderReferenceStatus', ORDER_STATES, (orderReferenceId, status, node) => ({
  kind: 'OrderReference',
  orderReferenceId,
  status,
  ...withAmount('orderTotal', amountOf(node, 'OrderTotal')),
}));

const authorization = notice('AmazonAuthorizationId', 'AuthorizationStatus', AUTHORIZATION_STATES, (authorizationId, status, node) => ({
  kind: 'Authorization',
  authorizationId,
  status,
  ...withText('authorizationReferenceId', nonEmptyText(node, 'AuthorizationReferenceId')),
  ...withAmount('authorizationAmount', amountOf(node, 'AuthorizationAmount')),
  ...withAmount('capturedAmount', amountOf(node, 'CapturedAmount')),
}));

const capture = notice('AmazonCaptureId', 'CaptureStatus', CAPTURE_STATES, (captureId, status, node) => ({
  kind: 'Capture',
  captureId,
  status,
  ...withText('captureReferenceId', nonEmptyText(node, 'CaptureReferenceId')),
  ...withAmount('captureAmount', amountOf(node, 'CaptureAmount')),
  ...withAmount('refundedAmount', amountOf(node, 'RefundedAmount')),
}));

const refund = notice('AmazonRefundId', 'RefundStatus', REFUND_STATES, (refundId, status, node) => ({
  kind: 'Refund',
  refundId,
  status,
  ...withText('refundReferenceId', nonEmptyText(node, 'RefundReferenceId')),
  ...withAmount('refundAmount', amountOf(node, 'RefundAmount')),
}));

/** NotificationType → XML root, its child, and how to read the child. */
export const NOTIFICATION_TYPES: Readonly<Record<string, { readonly root: string; readonly child: string } & NoticeShape>> = {
  BillingAgreementNotification: { root: 'BillingAgreementNotification', child: 'BillingAgreement', ...billingAgreement },
  OrderReferenceNotification: { root: 'OrderReferenceNotification', child: 'OrderReference', ...orderReference },
  PaymentAuthorize: { root: 'AuthorizationNotification', child: 'AuthorizationDetails', ...authorization },
  PaymentCapture: { root: 'CaptureNotification', child: 'CaptureDetails', ...capture },
  PaymentRefund: { root: 'RefundNotification', child: 'RefundDetails', ...refund },
};

/** The notice in a parsed NotificationData document of a known type. */
export function contentOf(notificationType: string, document: XmlObject): NotificationContent {
  const shape = Object.hasOwn(NOTIFICATION_TYPES, notificationType) ? NOTIFICATION_TYPES[notificationType] : undefined;
  if (shape === undefined) return unsupported(`NotificationType '${notificationType}' is not acted on`);
  const child = element(element(document, shape.root), shape.child);
  if (child === undefined) return unsupported(`${notificationType} without <${shape.root}><${shape.child}>`);
  return shape.build(child);
}
