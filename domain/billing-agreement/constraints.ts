/**
 * The constraints an agreement carries (DOMAIN.md §2.1), derived from what the buyer has done in
 * the widgets and what Amazon reported. ConfirmBillingAgreement and charges need none left.
 */
import type { Agreement } from './state.js';
import type { Constraint, ConstraintId } from './types.js';

const DESCRIPTIONS: Readonly<Record<ConstraintId, string>> = {
  BuyerConsentNotSet: 'The buyer has not given consent for this billing agreement.',
  PaymentPlanNotSet: 'The buyer has not selected a payment method for this billing agreement.',
  ShippingAddressNotSet: 'The buyer has not selected a shipping address for this billing agreement.',
  BuyerEqualsSeller: 'The buyer cannot be the seller.',
  PaymentMethodNotAllowed: 'The payment method selected by the buyer is not allowed for this billing agreement.',
  PaymentMethodDeleted: 'The buyer has deleted the selected payment method.',
  PaymentMethodExpired: 'The selected payment method has expired.',
  BillingAddressDeleted: 'The billing address of the selected payment method was deleted.',
  InvalidPaymentPlan: 'The payment plan of this billing agreement is not valid.',
};

export const constraint = (constraintId: ConstraintId, description?: string): Constraint => ({
  constraintId,
  description: description ?? DESCRIPTIONS[constraintId],
});

export function constraintsOf(a: Agreement): readonly Constraint[] {
  const found: Constraint[] = [];
  if (!a.consent) found.push(constraint('BuyerConsentNotSet'));
  if (a.paymentMethod === undefined && a.pendingPaymentMethod === undefined) found.push(constraint('PaymentPlanNotSet'));
  if (a.requiresShipping && a.address === undefined && a.pendingAddress === undefined) found.push(constraint('ShippingAddressNotSet'));
  if (a.buyerIsSeller) found.push(constraint('BuyerEqualsSeller'));
  for (const reported of a.reportedConstraints) found.push(constraint(reported.constraintId, reported.description));
  return found;
}
