import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agreementStatus, prorationLines, type AgreementStatusRow, type ProrationLineRow } from '../../application/projections/index.js';
import type { BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import { ADDRESS, BA, LATER, T2, created, jpy, openHistory, paymentSelected, suspendedHistory } from '../domain/billing-agreement/fixtures.js';
import { projectEvents } from './support.js';

const test = suite('projections: agreement status and proration lines');

const status = async (events: readonly BillingAgreementEvent[]): Promise<AgreementStatusRow | undefined> =>
  (await (await projectEvents(events)).get(agreementStatus, [BA])) as AgreementStatusRow | undefined;

test('a new agreement shows Draft with the constraints the buyer still has to clear', async () => {
  const row = await status([created]);
  assert.equal([row?.state, row?.constraints, row?.consent, row?.paymentMethod, row?.lastEventType], ['Draft', 'BuyerConsentNotSet,PaymentPlanNotSet,ShippingAddressNotSet', false, null, 'BillingAgreementCreated']);
});

test('a suspended agreement shows its reason, when it changed, its payment method and its address as one line', async () => {
  const row = await status(suspendedHistory);
  assert.equal(
    { state: row?.state, reason: row?.reasonCode, since: row?.stateChangedAt, constraints: row?.constraints, method: row?.paymentMethod, address: row?.address, limit: row?.monthlyLimitAmount },
    { state: 'Suspended', reason: 'InvalidPaymentMethod', since: LATER, constraints: '', method: 'Visa ****1111', address: 'Hanako Yamada, 1-2-3 Shibuya, Shibuya-ku, Tokyo, 150-0002, JP', limit: 50_000 },
  );
});

test('a payment method selected after confirmation shows as pending until the seller confirms again', async () => {
  const row = await status([...openHistory, paymentSelected('JCB ****3333', LATER)]);
  assert.equal([row?.paymentMethod, row?.pendingPaymentMethod, row?.lastChangedAt], ['Visa ****1111', 'JCB ****3333', LATER]);
});

const planSelected: BillingAgreementEvent = { type: 'PlanSelected', billingAgreementId: BA, at: T2, planId: 'basic', price: jpy(1_000), period: 'Monthly', anchorDay: 1, timeZone: 'Asia/Tokyo' };
const downgrade: BillingAgreementEvent = {
  type: 'PlanChanged',
  billingAgreementId: BA,
  at: '2026-11-15T15:00:00.000Z',
  fromPlanId: 'basic',
  toPlanId: 'lite',
  oldPrice: jpy(1_000),
  newPrice: jpy(500),
  policy: 'days',
  timeZone: 'Asia/Tokyo',
  periodStart: '2026-10-31T15:00:00.000Z',
  periodEnd: '2026-11-30T15:00:00.000Z',
  fraction: '1/2',
  fractionDecimal: '0.500000000',
  credit: jpy(-500),
  charge: jpy(250),
  net: jpy(-250),
  rounding: 'half-away-from-zero',
  settlement: 'CarryCredit',
};

test('a plan change is one proration line with everything its event recorded, and a carried credit shows on the agreement', async () => {
  const store = await projectEvents([...openHistory, planSelected, { ...downgrade }]);
  const [line, other] = (await store.rows(prorationLines)) as ProrationLineRow[];
  assert.is(other, undefined);
  assert.equal(line, {
    eventId: 'e8',
    billingAgreementId: BA,
    changedAt: downgrade.at,
    month: '2026-11',
    fromPlanId: 'basic',
    toPlanId: 'lite',
    currency: 'JPY',
    oldPriceAmount: 1_000,
    newPriceAmount: 500,
    policy: 'days',
    timeZone: 'Asia/Tokyo',
    periodStart: '2026-10-31T15:00:00.000Z',
    periodEnd: '2026-11-30T15:00:00.000Z',
    fraction: '1/2',
    fractionDecimal: '0.500000000',
    creditAmount: -500,
    chargeAmount: 250,
    netAmount: -250,
    rounding: 'half-away-from-zero',
    settlement: 'CarryCredit',
  });
  const row = (await store.get(agreementStatus, [BA])) as AgreementStatusRow | undefined;
  assert.equal([row?.planId, row?.planPriceAmount, row?.carriedCreditAmount], ['lite', 500, 250]);
});

test('an address selected in a Draft shows as pending, with the address line built from its parts', async () => {
  const row = await status([created, { type: 'AddressSelected', billingAgreementId: BA, at: T2, destination: { ...ADDRESS, name: '', addressLine2: 'Apt 4' } }]);
  assert.equal([row?.address, row?.pendingAddress], [null, '1-2-3 Shibuya, Apt 4, Shibuya-ku, Tokyo, 150-0002, JP']);
});

test.run();
