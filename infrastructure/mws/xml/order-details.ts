/** `OrderReferenceDetails` (MWS-AND-IPN.md §2.1) from the order's state. */
import { constraintsOf, type Order } from '../../../domain/order-reference/index.js';
import type { Buyer } from '../../../domain/shared/amazon.js';
import type { XmlElement } from './document.js';
import { amount, destination, idList, status } from './values.js';

/** `buyer`: the parent agreement's, when the order was created from one. */
export function orderReferenceDetails(o: Order, buyer?: Buyer): XmlElement {
  const constraints = constraintsOf(o);
  const attributes = o.sellerOrderAttributes;
  const hasAttributes = Object.values(attributes).some((v) => v !== undefined);
  return {
    AmazonOrderReferenceId: o.id,
    Buyer: buyer && { Name: buyer.name, Email: buyer.email, Phone: buyer.phone },
    OrderTotal: o.orderTotal && amount(o.orderTotal),
    SellerNote: o.sellerNote,
    Destination: destination(o.destination),
    ReleaseEnvironment: o.releaseEnvironment,
    SellerOrderAttributes: hasAttributes
      ? { SellerOrderId: attributes.sellerOrderId, StoreName: attributes.storeName, CustomInformation: attributes.customInformation }
      : undefined,
    OrderReferenceStatus: status(o.status),
    Constraints: constraints.length === 0 ? undefined : { Constraint: constraints.map((c) => ({ ConstraintID: c.constraintId, Description: c.description })) },
    CreationTimestamp: o.createdAt,
    ExpirationTimestamp: o.expiresAt,
    ParentDetails: o.parent && { Id: o.parent.id, Type: o.parent.type },
    IdList: idList(Object.keys(o.authorizations)),
  };
}
