import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { orderReferenceDecider as decider, type OrderReferenceCommand } from '../../../domain/order-reference/index.js';
import { addDays } from '../../../domain/shared/time.js';
import { given } from '../../support/gwt.js';
import { BA, ORO, SELLER, T0, T1, confirmed, created, later, openOrder, paymentSelected, usd } from './fixtures.js';

const test = suite('order reference: creation and lifecycle');

const create = (over: Partial<Extract<OrderReferenceCommand, { type: 'CreateOrderReference' }>> = {}): OrderReferenceCommand => ({
  type: 'CreateOrderReference',
  orderReferenceId: ORO,
  at: T0,
  sellerId: SELLER,
  releaseEnvironment: 'Sandbox',
  orderTotal: usd(100_00),
  confirmNow: false,
  ...over,
});

test('creating an order reference records a Draft valid for 180 days', () => {
  given(decider, []).when(create()).then([created()]);
  const state = given(decider, [created()]).state;
  assert.ok(state.exists);
  if (state.exists) {
    assert.is(state.order.status.state, 'Draft');
    assert.is(state.order.expiresAt, addDays(T0, 180));
  }
});

test('creating from a billing agreement with ConfirmNow inherits its payment method and address and opens at once', () => {
  const destination = { name: 'Taro', city: 'Tokyo', countryCode: 'JP' };
  const command = create({ parent: { billingAgreementId: BA, paymentMethod: 'JCB ****0000', destination }, confirmNow: true });
  given(decider, []).when(command).then([
    created({ parent: { id: BA, type: 'BillingAgreement' }, paymentMethod: 'JCB ****0000', destination }),
    confirmed(),
  ]);
  const state = given(decider, [created({ parent: { id: BA, type: 'BillingAgreement' }, paymentMethod: 'JCB ****0000' }), confirmed()]).state;
  assert.is(state.exists && state.order.status.state, 'Open');
  assert.is(state.exists && state.order.paymentMethod, 'JCB ****0000');
});

test('creating with ConfirmNow but without an order total is refused with ConstraintsExist listing AmountNotSet', () => {
  const { orderTotal: _omit, ...withoutTotal } = create({ parent: { billingAgreementId: BA, paymentMethod: 'Visa' }, confirmNow: true }) as Extract<
    OrderReferenceCommand,
    { type: 'CreateOrderReference' }
  >;
  const rejection = given(decider, []).when(withoutTotal).rejects('ConstraintsExist');
  assert.equal(rejection.details, { orderReferenceId: ORO, constraints: [{ constraintId: 'AmountNotSet', description: 'The order total has not been set.' }] });
});

test('creating the same order reference again with the same parent changes nothing', () => {
  const history = [created({ parent: { id: BA, type: 'BillingAgreement' }, paymentMethod: 'Visa' })];
  given(decider, history).when(create({ at: T1, parent: { billingAgreementId: BA, paymentMethod: 'Visa' } })).thenNothing();
});

test('creating an existing order reference with another parent is refused with OrderReferenceAlreadyExists', () => {
  given(decider, [created()]).when(create({ parent: { billingAgreementId: BA, paymentMethod: 'Visa' } })).rejects('OrderReferenceAlreadyExists');
});

test('creating with a zero order total is refused with InvalidParameterValue', () => {
  given(decider, []).when(create({ orderTotal: usd(0) })).rejects('InvalidParameterValue');
});

test('any command on an unknown order reference is refused with InvalidOrderReferenceId', () => {
  given(decider, []).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: T0 }).rejects('InvalidOrderReferenceId');
  given(decider, [created()]).when({ type: 'ConfirmOrderReference', orderReferenceId: 'S01-0000000-0000000', at: T0 }).rejects('InvalidOrderReferenceId');
});

test('setting details on a Draft records the total, the note and the seller attributes', () => {
  const attributes = { sellerOrderId: 'order-1', storeName: 'Shop' };
  given(decider, [created()])
    .when({ type: 'SetOrderReferenceDetails', orderReferenceId: ORO, at: T1, orderTotal: usd(50_00), sellerNote: 'thanks', sellerOrderAttributes: attributes })
    .then([{ type: 'OrderReferenceDetailsSet', orderReferenceId: ORO, at: T1, orderTotal: usd(50_00), sellerNote: 'thanks', sellerOrderAttributes: attributes }]);
});

test('setting details on a confirmed order is refused with OrderReferenceNotModifiable', () => {
  given(decider, openOrder).when({ type: 'SetOrderReferenceDetails', orderReferenceId: ORO, at: T1, sellerNote: 'late' }).rejects('OrderReferenceNotModifiable');
});

test('a seller note longer than 1024 characters is refused with InvalidParameterValue', () => {
  given(decider, [created()]).when({ type: 'SetOrderReferenceDetails', orderReferenceId: ORO, at: T1, sellerNote: 'x'.repeat(1025) }).rejects('InvalidParameterValue');
});

test('confirming a Draft without total or payment method is refused with ConstraintsExist listing both', () => {
  const { orderTotal: _omit, ...noTotal } = created() as Extract<ReturnType<typeof created>, { type: 'OrderReferenceCreated' }>;
  const rejection = given(decider, [noTotal]).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: T1 }).rejects('ConstraintsExist');
  const ids = (rejection.details as { constraints: { constraintId: string }[] }).constraints.map((c) => c.constraintId);
  assert.equal(ids, ['AmountNotSet', 'PaymentPlanNotSet']);
});

test('confirming a Draft with a total and a selected payment method opens it with that method', () => {
  given(decider, [created(), paymentSelected()]).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: T1 }).then([confirmed(T1)]);
  const state = given(decider, [created(), paymentSelected(), confirmed(T1)]).state;
  assert.is(state.exists && state.order.paymentMethod, 'Visa ****1111');
});

test('selecting an address after the payment method asks for a new payment selection before confirming', () => {
  const address = { type: 'OrderAddressSelected', orderReferenceId: ORO, at: T0, destination: { city: 'Osaka' } } as const;
  given(decider, [created(), paymentSelected(), address]).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: T1 }).rejects('ConstraintsExist');
});

test('a Draft older than 3 hours refuses intent commands with InvalidOrderReferenceStatus', () => {
  given(decider, [created(), paymentSelected()]).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: later(3) }).rejects('InvalidOrderReferenceStatus');
  given(decider, [created()]).when({ type: 'SelectOrderPaymentMethod', orderReferenceId: ORO, at: later(4), paymentMethod: 'Visa' }).rejects('InvalidOrderReferenceStatus');
  given(decider, [created()]).when({ type: 'CancelOrderReference', orderReferenceId: ORO, at: later(4) }).rejects('InvalidOrderReferenceStatus');
});

test('confirming an Open order is refused with InvalidOrderReferenceStatus', () => {
  given(decider, openOrder).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: T1 }).rejects('InvalidOrderReferenceStatus');
});

const suspended = { type: 'OrderReferenceSuspended', orderReferenceId: ORO, at: T1, reasonCode: 'InvalidPaymentMethod' } as const;

test('confirming a Suspended order without a newly selected payment method is refused with PaymentMethodNotUpdated', () => {
  given(decider, [...openOrder, suspended]).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: later(5) }).rejects('PaymentMethodNotUpdated');
});

test('confirming a Suspended order after the buyer picked a new payment method reopens it with that method', () => {
  const history = [...openOrder, suspended, paymentSelected('Amex ****2222', later(5))];
  given(decider, history).when({ type: 'ConfirmOrderReference', orderReferenceId: ORO, at: later(5) }).then([confirmed(later(5))]);
  const state = given(decider, [...history, confirmed(later(5))]).state;
  assert.is(state.exists && state.order.status.state, 'Open');
  assert.is(state.exists && state.order.paymentMethod, 'Amex ****2222');
});

test('selecting a payment method on an Open order is refused with InvalidOrderReferenceStatus', () => {
  given(decider, openOrder).when({ type: 'SelectOrderPaymentMethod', orderReferenceId: ORO, at: T1, paymentMethod: 'Amex' }).rejects('InvalidOrderReferenceStatus');
});

test('closing an Open order records SellerClosed with the closure reason as description', () => {
  given(decider, openOrder)
    .when({ type: 'CloseOrderReference', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed', closureReason: 'shipped' })
    .then([{ type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed', reasonDescription: 'shipped' }]);
});

test('the implicit order of AuthorizeOnBillingAgreement closes with MaxAuthorizationsProcessed', () => {
  given(decider, [...openOrder, suspended])
    .when({ type: 'CloseOrderReference', orderReferenceId: ORO, at: T1, reasonCode: 'MaxAuthorizationsProcessed' })
    .then([{ type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T1, reasonCode: 'MaxAuthorizationsProcessed' }]);
});

test('closing a closed order changes nothing and closing a Draft is refused with InvalidOrderReferenceStatus', () => {
  const closed = { type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed' } as const;
  given(decider, [...openOrder, closed]).when({ type: 'CloseOrderReference', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed' }).thenNothing();
  given(decider, [created()]).when({ type: 'CloseOrderReference', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed' }).rejects('InvalidOrderReferenceStatus');
});

test('canceling a Draft records SellerCanceled with the cancelation reason, and canceling again changes nothing', () => {
  const canceled = { type: 'OrderReferenceCanceled', orderReferenceId: ORO, at: T1, reasonCode: 'SellerCanceled', reasonDescription: 'buyer left' } as const;
  given(decider, [created()]).when({ type: 'CancelOrderReference', orderReferenceId: ORO, at: T1, cancelationReason: 'buyer left' }).then([canceled]);
  given(decider, [created(), canceled]).when({ type: 'CancelOrderReference', orderReferenceId: ORO, at: T1 }).thenNothing();
});

test('canceling a closed order is refused with InvalidOrderReferenceStatus', () => {
  const closed = { type: 'OrderReferenceClosed', orderReferenceId: ORO, at: T1, reasonCode: 'SellerClosed' } as const;
  given(decider, [...openOrder, closed]).when({ type: 'CancelOrderReference', orderReferenceId: ORO, at: T1 }).rejects('InvalidOrderReferenceStatus');
});

test('the sweep cancels a Draft left for 3 hours as Stale', () => {
  given(decider, [created()])
    .when({ type: 'ExpireOrderReference', orderReferenceId: ORO, at: later(3) })
    .then([{ type: 'OrderReferenceCanceled', orderReferenceId: ORO, at: later(3), reasonCode: 'Stale' }]);
});

test('the sweep closes an Open order after 180 days as Expired', () => {
  const at = addDays(T0, 180);
  given(decider, openOrder).when({ type: 'ExpireOrderReference', orderReferenceId: ORO, at }).then([{ type: 'OrderReferenceClosed', orderReferenceId: ORO, at, reasonCode: 'Expired' }]);
});

test('the sweep with nothing due changes nothing', () => {
  given(decider, [created()]).when({ type: 'ExpireOrderReference', orderReferenceId: ORO, at: later(2) }).thenNothing();
  given(decider, openOrder).when({ type: 'ExpireOrderReference', orderReferenceId: ORO, at: addDays(T0, 179) }).thenNothing();
});

test.run();
