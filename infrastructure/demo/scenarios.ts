/**
 * The seed scenarios of the HTTP service, end to end through the real endpoint: each step is an
 * MWS call (signed by our client) or a JSON API call (the buyer's widgets, the seller's plans).
 */
import { MS_PER_DAY } from '../../domain/shared/time.js';
import { at, type DemoClient } from './demo-client.js';

/** Sign-up and confirm; monthly charge; upgrade charged; downgrade credited; pause and resume. */
export async function subscriptionLife(d: DemoClient): Promise<string> {
  d.say('\n1. Sign-up and confirm');
  const id = await d.signUp('Hanako Yamada');
  await d.call('SetBillingAgreementDetails', { AmazonBillingAgreementId: id, 'BillingAgreementAttributes.SellerBillingAgreementAttributes.StoreName': 'Kissa Coffee Club' }, (r) => {
    const constraints = JSON.parse(at(r, 'BillingAgreementDetails.Constraints.Constraint')) as { ConstraintID: string }[] | null;
    return `constraints left: ${(constraints ?? []).map((c) => c.ConstraintID).join(', ')}`;
  });
  await d.json('POST', `/v1/billing-agreements/${id}/consent`);
  await d.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' });
  await d.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
  await d.state(id);

  d.say('\n2. Monthly charge (plan "basic", 1,980 JPY)');
  const day = new Date(d.clock.now()).getUTCDate();
  await d.json('POST', `/v1/billing-agreements/${id}/plan`, { planId: 'basic', price: { amount: '1980', currency: 'JPY' }, anchorDay: Math.min(day, 28) });
  await d.charge(id, `${d.tag}-basic-1`, '1980');

  d.say('\n3. Upgrade to "pro" (4,980 JPY) ten days later: the prorated difference is charged now');
  d.clock.advance(10 * MS_PER_DAY);
  const up = await d.json('POST', `/v1/billing-agreements/${id}/plan-change`, { planId: 'pro', price: { amount: '4980', currency: 'JPY' }, policy: 'days' }, () => 'PlanChanged');
  const upLine = lastLine(await d.json('GET', `/v1/billing-agreements/${id}/prorations`));
  d.say(`         credit ${upLine.credit} JPY, charge ${upLine.charge} JPY, net ${upLine.net} JPY (${upLine.settlement})`);
  if (up['events'] !== undefined && upLine.settlement === 'ChargeNow') await d.charge(id, `${d.tag}-upgrade`, upLine.net);

  d.say('\n4. Downgrade to "lite" (980 JPY) five days later: the net credit is carried to the next period');
  d.clock.advance(5 * MS_PER_DAY);
  await d.json('POST', `/v1/billing-agreements/${id}/plan-change`, { planId: 'lite', price: { amount: '980', currency: 'JPY' }, policy: 'days' }, () => 'PlanChanged');
  const downLine = lastLine(await d.json('GET', `/v1/billing-agreements/${id}/prorations`));
  d.say(`         credit ${downLine.credit} JPY, charge ${downLine.charge} JPY, net ${downLine.net} JPY (${downLine.settlement})`);

  d.say('\n5. Pause and resume: recurring charges are refused while paused (the agreement stays Open at Amazon)');
  await d.json('POST', `/v1/billing-agreements/${id}/pause`, { reason: 'travelling' }, (b) => `paused: ${at(b, 'agreement.paused')}`);
  await d.charge(id, `${d.tag}-while-paused`, '980');
  await d.json('POST', `/v1/billing-agreements/${id}/resume`, undefined, (b) => `paused: ${at(b, 'agreement.paused')}`);
  await d.charge(id, `${d.tag}-lite-1`, '980');
  await d.state(id);
  return id;
}

/** A decline for InvalidPaymentMethod suspends; a new method and a confirmation reopen. */
export async function declineAndRecover(d: DemoClient): Promise<string> {
  d.say('\n6. Decline with InvalidPaymentMethod → Suspended → payment method updated → Open');
  const id = await d.signUpAndConfirm('Taro Suzuki');
  const note = '{"SandboxSimulation":{"State":"Declined","ReasonCode":"InvalidPaymentMethod","SoftDecline":"true"}}';
  await d.charge(id, `${d.tag}-declined`, '1980', { SellerAuthorizationNote: note });
  await d.state(id);
  await d.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Mastercard ****4444' });
  await d.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
  await d.state(id);
  await d.charge(id, `${d.tag}-retried`, '1980');

  d.say('\n7. Address change: a new payment selection is required before the confirmation');
  await d.json('POST', `/v1/billing-agreements/${id}/address`, { name: 'Taro Suzuki', addressLine1: '2-1 Shibuya', city: 'Shibuya-ku', postalCode: '150-0002', countryCode: 'JP' });
  await d.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
  await d.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Mastercard ****4444' });
  await d.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
  await d.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }, (r) => `address now ${at(r, 'BillingAgreementDetails.Destination.PhysicalDestination.City')}`);
  return id;
}

/** A one-off item bought with the subscription while the agreement is still Draft. */
export async function oneTimePurchase(d: DemoClient): Promise<string> {
  d.say('\n8. One-time purchase from a Draft agreement together with Auto Pay');
  const id = await d.signUp('Yuki Tanaka');
  await d.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'JCB ****0000' });
  const order = { Id: id, IdType: 'BillingAgreement', ConfirmNow: 'true', 'OrderReferenceAttributes.OrderTotal.Amount': '3200', 'OrderReferenceAttributes.OrderTotal.CurrencyCode': 'JPY' };
  const created = await d.call('CreateOrderReferenceForId', order, (r) => `${at(r, 'OrderReferenceDetails.AmazonOrderReferenceId')} ${at(r, 'OrderReferenceDetails.OrderReferenceStatus.State')}`);
  const orderId = created.ok ? at(created.result, 'OrderReferenceDetails.AmazonOrderReferenceId') : '';
  await d.call(
    'Authorize',
    { AmazonOrderReferenceId: orderId, AuthorizationReferenceId: `${d.tag}-mug`, 'AuthorizationAmount.Amount': '3200', 'AuthorizationAmount.CurrencyCode': 'JPY', TransactionTimeout: '0', CaptureNow: 'true' },
    (r) => `${at(r, 'AuthorizationDetails.AuthorizationStatus.State')} (${at(r, 'AuthorizationDetails.AuthorizationStatus.ReasonCode')})`,
  );
  await d.call('CreateOrderReferenceForId', order);
  return id;
}

/** The 50,000 JPY monthly limit, then closing the agreement. */
export async function limitAndClose(d: DemoClient): Promise<string> {
  d.say('\n9. Charges refused past 50,000 JPY in a month');
  const id = await d.signUpAndConfirm('Kenji Sato');
  await d.charge(id, `${d.tag}-big`, '45000');
  await d.charge(id, `${d.tag}-over`, '10000');
  await d.charge(id, `${d.tag}-rest`, '5000');
  await d.state(id);

  d.say('\n10. Close');
  await d.call('CloseBillingAgreement', { AmazonBillingAgreementId: id, ClosureReason: 'Subscription cancelled' });
  await d.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }, (r) => {
    const status = 'BillingAgreementDetails.BillingAgreementStatus';
    return `${at(r, `${status}.State`)} / ${at(r, `${status}.ReasonCode`)}`;
  });
  await d.charge(id, `${d.tag}-after-close`, '1000');
  return id;
}

function lastLine(body: Record<string, unknown>): { credit: string; charge: string; net: string; settlement: string } {
  const lines = (body['lines'] as { credit: { amount: string }; charge: { amount: string }; net: { amount: string }; settlement: string }[] | undefined) ?? [];
  const line = lines[lines.length - 1];
  return { credit: line?.credit.amount ?? '0', charge: line?.charge.amount ?? '0', net: line?.net.amount ?? '0', settlement: line?.settlement ?? 'none' };
}
