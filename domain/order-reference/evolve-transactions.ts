/** How authorizations, captures and refunds evolve: total, never validating. */
import { assertNever } from '../shared/decision.js';
import type { ReferenceRecord } from '../shared/reference-ids.js';
import type { Instant } from '../shared/time.js';
import type { OrderReferenceEvent } from './events.js';
import { authorizationFingerprint, captureFingerprint, refundFingerprint } from './fingerprints.js';
import { put, update } from '../shared/records.js';
import type { Authorization, Capture, Order, Refund } from './state.js';
import type { Status } from './types.js';

export type TransactionEvent = Extract<
  OrderReferenceEvent,
  {
    type:
      | 'OrderAuthorizationRequested'
      | 'OrderAuthorizationOpened'
      | 'OrderAuthorizationDeclined'
      | 'OrderAuthorizationClosed'
      | 'OrderAuthorizationStatusReported'
      | 'CaptureRequested'
      | 'CaptureCompleted'
      | 'CaptureDeclined'
      | 'CaptureClosed'
      | 'CaptureStatusReported'
      | 'RefundRequested'
      | 'RefundCompleted'
      | 'RefundDeclined'
      | 'RefundStatusReported';
  }
>;

type EventOf<T extends TransactionEvent['type']> = Extract<TransactionEvent, { type: T }>;

export function statusAt<S extends string>(state: S, at: Instant, reasonCode?: string, reasonDescription?: string): Status<S> {
  return {
    state,
    lastUpdateTimestamp: at,
    ...(reasonCode === undefined ? {} : { reasonCode }),
    ...(reasonDescription === undefined ? {} : { reasonDescription }),
  };
}

function authorizationRequested(o: Order, e: EventOf<'OrderAuthorizationRequested'>): Order {
  const authorization: Authorization = {
    id: e.authorizationId,
    referenceId: e.authorizationReferenceId,
    amount: e.amount,
    ...(e.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: e.sellerAuthorizationNote }),
    ...(e.softDescriptor === undefined ? {} : { softDescriptor: e.softDescriptor }),
    transactionTimeout: e.transactionTimeout,
    captureNow: e.captureNow,
    ...(e.captureId === undefined ? {} : { captureNowId: e.captureId }),
    createdAt: e.at,
    expiresAt: e.expiresAt,
    status: statusAt('Pending', e.at),
    captureIds: [],
  };
  const reference = { kind: 'Authorization' as const, fingerprint: authorizationFingerprint(e), objectId: e.authorizationId };
  return {
    ...o,
    authorizations: put(o.authorizations, e.authorizationId, authorization),
    references: put(o.references, e.authorizationReferenceId, reference),
  };
}

function captureRequested(o: Order, e: EventOf<'CaptureRequested'>): Order {
  const capture: Capture = {
    id: e.captureId,
    ...(e.captureReferenceId === undefined ? {} : { referenceId: e.captureReferenceId }),
    authorizationId: e.authorizationId,
    amount: e.amount,
    ...(e.sellerCaptureNote === undefined ? {} : { sellerCaptureNote: e.sellerCaptureNote }),
    ...(e.softDescriptor === undefined ? {} : { softDescriptor: e.softDescriptor }),
    createdAt: e.at,
    status: statusAt('Pending', e.at),
    refundIds: [],
  };
  const references =
    e.captureReferenceId === undefined
      ? o.references
      : put<ReferenceRecord>(o.references, e.captureReferenceId, { kind: 'Capture', fingerprint: captureFingerprint(e), objectId: e.captureId });
  return {
    ...o,
    captures: put(o.captures, e.captureId, capture),
    authorizations: update(o.authorizations, e.authorizationId, (a) => ({ ...a, captureIds: [...a.captureIds, e.captureId] })),
    references,
  };
}

function refundRequested(o: Order, e: EventOf<'RefundRequested'>): Order {
  const refund: Refund = {
    id: e.refundId,
    referenceId: e.refundReferenceId,
    captureId: e.captureId,
    amount: e.amount,
    ...(e.sellerRefundNote === undefined ? {} : { sellerRefundNote: e.sellerRefundNote }),
    ...(e.softDescriptor === undefined ? {} : { softDescriptor: e.softDescriptor }),
    createdAt: e.at,
    status: statusAt('Pending', e.at),
  };
  return {
    ...o,
    refunds: put(o.refunds, e.refundId, refund),
    captures: update(o.captures, e.captureId, (c) => ({ ...c, refundIds: [...c.refundIds, e.refundId] })),
    references: put(o.references, e.refundReferenceId, { kind: 'Refund', fingerprint: refundFingerprint(e), objectId: e.refundId }),
  };
}

const setAuthorization = (o: Order, id: string, status: Status<Authorization['status']['state']>, extra: Partial<Authorization> = {}): Order => ({
  ...o,
  authorizations: update(o.authorizations, id, (a) => ({ ...a, ...extra, status })),
});
const setCapture = (o: Order, id: string, status: Capture['status']): Order => ({
  ...o,
  captures: update(o.captures, id, (c) => ({ ...c, status })),
});
const setRefund = (o: Order, id: string, status: Refund['status']): Order => ({
  ...o,
  refunds: update(o.refunds, id, (r) => ({ ...r, status })),
});
const watermark = (o: Order, id: string, status: Status<string>): Order => ({
  ...o,
  amazonWatermarks: put(o.amazonWatermarks, id, status.lastUpdateTimestamp),
});

export function evolveTransactions(o: Order, e: TransactionEvent): Order {
  switch (e.type) {
    case 'OrderAuthorizationRequested':
      return authorizationRequested(o, e);
    case 'OrderAuthorizationOpened':
      return setAuthorization(o, e.authorizationId, statusAt('Open', e.at));
    case 'OrderAuthorizationDeclined':
      return setAuthorization(o, e.authorizationId, statusAt('Declined', e.at, e.reasonCode), { softDecline: e.softDecline });
    case 'OrderAuthorizationClosed':
      return setAuthorization(o, e.authorizationId, statusAt('Closed', e.at, e.reasonCode, e.reasonDescription));
    case 'OrderAuthorizationStatusReported':
      return watermark(setAuthorization(o, e.authorizationId, e.status), e.authorizationId, e.status);
    case 'CaptureRequested':
      return captureRequested(o, e);
    case 'CaptureCompleted':
      return setCapture(o, e.captureId, statusAt('Completed', e.at));
    case 'CaptureDeclined':
      return setCapture(o, e.captureId, statusAt('Declined', e.at, e.reasonCode));
    case 'CaptureClosed':
      return setCapture(o, e.captureId, statusAt('Closed', e.at, e.reasonCode));
    case 'CaptureStatusReported':
      return watermark(setCapture(o, e.captureId, e.status), e.captureId, e.status);
    case 'RefundRequested':
      return refundRequested(o, e);
    case 'RefundCompleted':
      return setRefund(o, e.refundId, statusAt('Completed', e.at));
    case 'RefundDeclined':
      return setRefund(o, e.refundId, statusAt('Declined', e.at, e.reasonCode));
    case 'RefundStatusReported':
      return watermark(setRefund(o, e.refundId, e.status), e.refundId, e.status);
    default:
      return assertNever(e);
  }
}
