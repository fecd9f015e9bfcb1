/** Request DTOs of the billing agreement operations (MWS-AND-IPN.md §2.2). */
import { IsIn } from 'class-validator';
import { AmazonId, Amount, BooleanText, CurrencyCode, MwsRequest, ReferenceId, Required, rules, Text, Timeout } from './common.dto.js';

export class BillingAgreementIdRequest extends MwsRequest {
  AmazonBillingAgreementId!: string;
}
rules(BillingAgreementIdRequest, { AmazonBillingAgreementId: [Required(), AmazonId()] });

export class GetBillingAgreementDetailsRequest extends BillingAgreementIdRequest {
  AddressConsentToken?: string;
  AccessToken?: string;
}
rules(GetBillingAgreementDetailsRequest, { AddressConsentToken: [Text(2048)], AccessToken: [Text(2048)] });

export class ConfirmBillingAgreementRequest extends BillingAgreementIdRequest {}

export class ValidateBillingAgreementRequest extends BillingAgreementIdRequest {}

export class CloseBillingAgreementRequest extends BillingAgreementIdRequest {
  ClosureReason?: string;
  ReasonCode?: string;
}
rules(CloseBillingAgreementRequest, { ClosureReason: [Text(255)], ReasonCode: [Text(255)] });

const ATTRIBUTES = 'BillingAgreementAttributes.SellerBillingAgreementAttributes';

export class SetBillingAgreementDetailsRequest extends BillingAgreementIdRequest {
  'BillingAgreementAttributes.SellerNote'?: string;
  'BillingAgreementAttributes.PlatformId'?: string;
  'BillingAgreementAttributes.SellerBillingAgreementAttributes.SellerBillingAgreementId'?: string;
  'BillingAgreementAttributes.SellerBillingAgreementAttributes.StoreName'?: string;
  'BillingAgreementAttributes.SellerBillingAgreementAttributes.CustomInformation'?: string;
}
rules(SetBillingAgreementDetailsRequest, {
  'BillingAgreementAttributes.SellerNote': [Text(1024)],
  'BillingAgreementAttributes.PlatformId': [Text(255)],
  [`${ATTRIBUTES}.SellerBillingAgreementId`]: [Text(255)],
  [`${ATTRIBUTES}.StoreName`]: [Text(255)],
  [`${ATTRIBUTES}.CustomInformation`]: [Text(1024)],
});

export class AuthorizeOnBillingAgreementRequest extends BillingAgreementIdRequest {
  AuthorizationReferenceId!: string;
  'AuthorizationAmount.Amount'!: string;
  'AuthorizationAmount.CurrencyCode'!: string;
  SellerAuthorizationNote?: string;
  TransactionTimeout?: string;
  CaptureNow?: string;
  SoftDescriptor?: string;
  SellerNote?: string;
  PlatformId?: string;
  InheritShippingAddress?: string;
  'SellerOrderAttributes.SellerOrderId'?: string;
  'SellerOrderAttributes.StoreName'?: string;
  'SellerOrderAttributes.CustomInformation'?: string;
}
rules(AuthorizeOnBillingAgreementRequest, {
  AuthorizationReferenceId: [Required(), ReferenceId()],
  'AuthorizationAmount.Amount': [Amount('AuthorizationAmount.CurrencyCode')],
  'AuthorizationAmount.CurrencyCode': [Required(), CurrencyCode()],
  SellerAuthorizationNote: [Text(255)],
  TransactionTimeout: [Timeout()],
  CaptureNow: [BooleanText()],
  SoftDescriptor: [Text(16)],
  SellerNote: [Text(1024)],
  PlatformId: [Text(255)],
  InheritShippingAddress: [BooleanText()],
  'SellerOrderAttributes.SellerOrderId': [Text(255)],
  'SellerOrderAttributes.StoreName': [Text(255)],
  'SellerOrderAttributes.CustomInformation': [Text(1024)],
});

export class CreateOrderReferenceForIdRequest extends MwsRequest {
  Id!: string;
  IdType!: string;
  ConfirmNow?: string;
  InheritShippingAddress?: string;
  'OrderReferenceAttributes.OrderTotal.Amount'!: string;
  'OrderReferenceAttributes.OrderTotal.CurrencyCode'!: string;
  'OrderReferenceAttributes.PlatformId'?: string;
}
rules(CreateOrderReferenceForIdRequest, {
  Id: [Required(), AmazonId()],
  IdType: [Required(), IsIn(['BillingAgreement'], { message: 'IdType must be BillingAgreement.' })],
  ConfirmNow: [BooleanText()],
  InheritShippingAddress: [BooleanText()],
  'OrderReferenceAttributes.OrderTotal.Amount': [Amount('OrderReferenceAttributes.OrderTotal.CurrencyCode')],
  'OrderReferenceAttributes.OrderTotal.CurrencyCode': [Required(), CurrencyCode()],
  'OrderReferenceAttributes.PlatformId': [Text(255)],
});
