/** Every order reference event type name, for decoders that must refuse unknown ones. */
import type { OrderReferenceEventType } from './events.js';

export const ORDER_REFERENCE_EVENT_TYPES = [
  'OrderReferenceCreated',
  'OrderReferenceDetailsSet',
  'OrderPaymentMethodSelected',
  'OrderAddressSelected',
  'OrderReferenceConfirmed',
  'OrderReferenceSuspended',
  'OrderReferenceCanceled',
  'OrderReferenceClosed',
  'OrderAuthorizationRequested',
  'OrderAuthorizationOpened',
  'OrderAuthorizationDeclined',
  'OrderAuthorizationClosed',
  'CaptureRequested',
  'CaptureCompleted',
  'CaptureDeclined',
  'CaptureClosed',
  'RefundRequested',
  'RefundCompleted',
  'RefundDeclined',
  'OrderReferenceStatusReported',
  'OrderAuthorizationStatusReported',
  'CaptureStatusReported',
  'RefundStatusReported',
  'OrderAmazonStatusObserved',
] as const satisfies readonly OrderReferenceEventType[];

/** Fails to compile when an event type is missing from the list above. */
export const orderReferenceEventTypesAreComplete: Exclude<OrderReferenceEventType, (typeof ORDER_REFERENCE_EVENT_TYPES)[number]> extends never
  ? true
  : never = true;
