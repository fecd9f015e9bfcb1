/** Request DTOs of the order reference operations (MWS-AND-IPN.md §2.2). */
import { AmazonId, Amount, CurrencyCode, MwsRequest, Required, rules, Text } from './common.dto.js';

export class OrderReferenceIdRequest extends MwsRequest {
  AmazonOrderReferenceId!: string;
}
rules(OrderReferenceIdRequest, { AmazonOrderReferenceId: [Required(), AmazonId()] });

export class GetOrderReferenceDetailsRequest extends OrderReferenceIdRequest {
  AddressConsentToken?: string;
  AccessToken?: string;
}
rules(GetOrderReferenceDetailsRequest, { AddressConsentToken: [Text(2048)], AccessToken: [Text(2048)] });

export class ConfirmOrderReferenceRequest extends OrderReferenceIdRequest {}

export class CancelOrderReferenceRequest extends OrderReferenceIdRequest {
  CancelationReason?: string;
}
rules(CancelOrderReferenceRequest, { CancelationReason: [Text(1024)] });

export class CloseOrderReferenceRequest extends OrderReferenceIdRequest {
  ClosureReason?: string;
}
rules(CloseOrderReferenceRequest, { ClosureReason: [Text(1024)] });

const ATTRIBUTES = 'OrderReferenceAttributes.SellerOrderAttributes';

export class SetOrderReferenceDetailsRequest extends OrderReferenceIdRequest {
  'OrderReferenceAttributes.OrderTotal.Amount'!: string;
  'OrderReferenceAttributes.OrderTotal.CurrencyCode'!: string;
  'OrderReferenceAttributes.SellerNote'?: string;
  'OrderReferenceAttributes.PlatformId'?: string;
  'OrderReferenceAttributes.SellerOrderAttributes.SellerOrderId'?: string;
  'OrderReferenceAttributes.SellerOrderAttributes.StoreName'?: string;
  'OrderReferenceAttributes.SellerOrderAttributes.CustomInformation'?: string;
}
rules(SetOrderReferenceDetailsRequest, {
  'OrderReferenceAttributes.OrderTotal.Amount': [Amount('OrderReferenceAttributes.OrderTotal.CurrencyCode')],
  'OrderReferenceAttributes.OrderTotal.CurrencyCode': [Required(), CurrencyCode()],
  'OrderReferenceAttributes.SellerNote': [Text(1024)],
  'OrderReferenceAttributes.PlatformId': [Text(255)],
  [`${ATTRIBUTES}.SellerOrderId`]: [Text(255)],
  [`${ATTRIBUTES}.StoreName`]: [Text(255)],
  [`${ATTRIBUTES}.CustomInformation`]: [Text(1024)],
});
