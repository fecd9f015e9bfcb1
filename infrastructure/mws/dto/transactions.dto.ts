/** Request DTOs of the authorization, capture and refund operations (MWS-AND-IPN.md §2.2). */
import { AmazonId, Amount, BooleanText, CurrencyCode, MwsRequest, ReferenceId, Required, rules, Text, Timeout } from './common.dto.js';

export class AuthorizeRequest extends MwsRequest {
  AmazonOrderReferenceId!: string;
  AuthorizationReferenceId!: string;
  'AuthorizationAmount.Amount'!: string;
  'AuthorizationAmount.CurrencyCode'!: string;
  SellerAuthorizationNote?: string;
  TransactionTimeout?: string;
  CaptureNow?: string;
  SoftDescriptor?: string;
}
rules(AuthorizeRequest, {
  AmazonOrderReferenceId: [Required(), AmazonId()],
  AuthorizationReferenceId: [Required(), ReferenceId()],
  'AuthorizationAmount.Amount': [Amount('AuthorizationAmount.CurrencyCode')],
  'AuthorizationAmount.CurrencyCode': [Required(), CurrencyCode()],
  SellerAuthorizationNote: [Text(255)],
  TransactionTimeout: [Timeout()],
  CaptureNow: [BooleanText()],
  SoftDescriptor: [Text(16)],
});

export class AuthorizationIdRequest extends MwsRequest {
  AmazonAuthorizationId!: string;
}
rules(AuthorizationIdRequest, { AmazonAuthorizationId: [Required(), AmazonId()] });

export class GetAuthorizationDetailsRequest extends AuthorizationIdRequest {}

export class CloseAuthorizationRequest extends AuthorizationIdRequest {
  ClosureReason?: string;
}
rules(CloseAuthorizationRequest, { ClosureReason: [Text(255)] });

export class CaptureRequest extends AuthorizationIdRequest {
  CaptureReferenceId!: string;
  'CaptureAmount.Amount'!: string;
  'CaptureAmount.CurrencyCode'!: string;
  SellerCaptureNote?: string;
  SoftDescriptor?: string;
}
rules(CaptureRequest, {
  CaptureReferenceId: [Required(), ReferenceId()],
  'CaptureAmount.Amount': [Amount('CaptureAmount.CurrencyCode')],
  'CaptureAmount.CurrencyCode': [Required(), CurrencyCode()],
  SellerCaptureNote: [Text(255)],
  SoftDescriptor: [Text(16)],
});

export class CaptureIdRequest extends MwsRequest {
  AmazonCaptureId!: string;
}
rules(CaptureIdRequest, { AmazonCaptureId: [Required(), AmazonId()] });

export class GetCaptureDetailsRequest extends CaptureIdRequest {}

export class RefundRequest extends CaptureIdRequest {
  RefundReferenceId!: string;
  'RefundAmount.Amount'!: string;
  'RefundAmount.CurrencyCode'!: string;
  SellerRefundNote?: string;
  SoftDescriptor?: string;
}
rules(RefundRequest, {
  RefundReferenceId: [Required(), ReferenceId()],
  'RefundAmount.Amount': [Amount('RefundAmount.CurrencyCode')],
  'RefundAmount.CurrencyCode': [Required(), CurrencyCode()],
  SellerRefundNote: [Text(255)],
  SoftDescriptor: [Text(16)],
});

export class GetRefundDetailsRequest extends MwsRequest {
  AmazonRefundId!: string;
}
rules(GetRefundDetailsRequest, { AmazonRefundId: [Required(), AmazonId()] });
