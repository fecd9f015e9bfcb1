/** `AuthorizationDetails`, `CaptureDetails`, `RefundDetails` (MWS-AND-IPN.md §2.1). */
import type { Authorization, CaptureRecord, Order, RefundRecord } from '../../../domain/order-reference/index.js';
import { sum } from '../../../domain/shared/money.js';
import { own } from '../../../domain/shared/records.js';
import type { XmlElement } from './document.js';
import { amount, bool, idList, noFee, status } from './values.js';

const completed = (state: string): boolean => state === 'Completed' || state === 'Closed';

export function authorizationDetails(o: Order, a: Authorization): XmlElement {
  const captures = a.captureIds.flatMap((id) => own(o.captures, id) ?? []).filter((c) => completed(c.status.state));
  return {
    AmazonAuthorizationId: a.id,
    AuthorizationReferenceId: a.referenceId,
    SellerAuthorizationNote: a.sellerAuthorizationNote,
    AuthorizationAmount: amount(a.amount),
    CapturedAmount: amount(sum(captures.map((c) => c.amount), a.amount.currency)),
    AuthorizationFee: noFee(a.amount.currency),
    IdList: idList(a.captureIds),
    CreationTimestamp: a.createdAt,
    ExpirationTimestamp: a.expiresAt,
    AuthorizationStatus: status(a.status),
    CaptureNow: bool(a.captureNow),
    SoftDescriptor: a.softDescriptor,
    SoftDecline: a.status.state === 'Declined' ? bool(a.softDecline ?? false) : undefined,
  };
}

export function captureDetails(o: Order, c: CaptureRecord): XmlElement {
  const refunds = c.refundIds.flatMap((id) => own(o.refunds, id) ?? []).filter((r) => r.status.state === 'Completed');
  // The capture of a CaptureNow authorization was requested under the authorization's reference id.
  const referenceId = c.referenceId ?? own(o.authorizations, c.authorizationId)?.referenceId;
  return {
    AmazonCaptureId: c.id,
    CaptureReferenceId: referenceId,
    SellerCaptureNote: c.sellerCaptureNote,
    CaptureAmount: amount(c.amount),
    RefundedAmount: amount(sum(refunds.map((r) => r.amount), c.amount.currency)),
    CaptureFee: noFee(c.amount.currency),
    IdList: idList(c.refundIds),
    CreationTimestamp: c.createdAt,
    CaptureStatus: status(c.status),
    SoftDescriptor: c.softDescriptor,
  };
}

export function refundDetails(r: RefundRecord): XmlElement {
  return {
    AmazonRefundId: r.id,
    RefundReferenceId: r.referenceId,
    SellerRefundNote: r.sellerRefundNote,
    RefundType: 'SellerInitiated',
    RefundAmount: amount(r.amount),
    FeeRefunded: noFee(r.amount.currency),
    CreationTimestamp: r.createdAt,
    RefundStatus: status(r.status),
    SoftDescriptor: r.softDescriptor,
  };
}
