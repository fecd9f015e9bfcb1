/**
 * A small, realistic history of a Japanese subscription seller, written through the real engine
 * on a manual clock (September to November 2026), so that every run writes the same events:
 * sign-ups, monthly charges, an upgrade and a downgrade with proration, a decline that suspends
 * and a recovery, one that stays suspended, a one-time purchase with a refund, a pause, a close,
 * an abandoned checkout, and usage charges refused at the 50,000 JPY monthly limit.
 */
import { fromEpochMs, toEpochMs, type Instant } from '../../domain/shared/time.js';
import {
  amazonSays,
  changePlan,
  charge,
  DECLINE_INVALID_PAYMENT_METHOD,
  engineSays,
  finishCheckout,
  oneTimePurchase,
  onAgreement,
  refund,
  sellerSays,
  signUp,
  startCheckout,
  type Customer,
  type DemoContext,
} from './demo-steps.js';

const card = (brand: string, last4: string): string => `${brand} ****${last4}`;

export const DEMO = {
  hanako: { billingAgreementId: 'C03-1000001-0000001', name: 'Hanako Yamada', email: 'hanako@example.jp', paymentMethod: card('Visa', '1111') },
  taro: { billingAgreementId: 'C03-1000001-0000002', name: 'Taro Suzuki', email: 'taro@example.jp', paymentMethod: card('JCB', '3333') },
  yuki: { billingAgreementId: 'C03-1000001-0000003', name: 'Yuki Tanaka', email: 'yuki@example.jp', paymentMethod: card('Mastercard', '4444') },
  ken: { billingAgreementId: 'C03-1000001-0000004', name: 'Ken Sato', email: 'ken@example.jp', paymentMethod: card('Visa', '5555') },
  aiko: {
    billingAgreementId: 'C03-1000001-0000005',
    name: 'Aiko Ito',
    email: 'aiko@example.jp',
    paymentMethod: card('JCB', '6666'),
    address: { name: 'Aiko Ito', addressLine1: '1-2-3 Jingumae', city: 'Shibuya-ku', stateOrRegion: 'Tokyo', postalCode: '150-0001', countryCode: 'JP' },
  },
  sora: { billingAgreementId: 'C03-1000001-0000006', name: 'Sora Kobayashi', email: 'sora@example.jp', paymentMethod: card('Amex', '7777') },
  ren: { billingAgreementId: 'C03-1000001-0000007', name: 'Ren Watanabe', email: 'ren@example.co.jp', paymentMethod: card('Visa', '8888') },
  mei: { billingAgreementId: 'C03-1000001-0000008', name: 'Mei Kato', email: 'mei@example.jp', paymentMethod: card('Visa', '9999') },
} as const satisfies Record<string, Customer>;

/** The order reference of Aiko's one-time purchase (a coffee grinder next to her beans subscription). */
export const DEMO_GRINDER_ORDER = 'S03-1000001-0000001';

const PLANS = { standard: 1_980, premium: 4_980, lite: 980, beans: 3_200, business: 20_000 } as const;

type Step = readonly [Instant, (ctx: DemoContext) => Promise<void>];

const { hanako, taro, yuki, ken, aiko, sora, ren, mei } = DEMO;
const monthly = (c: Customer, month: string, price: number) => (ctx: DemoContext) => charge(ctx, c.billingAgreementId, `${c.billingAgreementId.slice(-4)}-${month}`, price);

const SEPTEMBER: Step[] = [
  ['2026-09-01T01:00:00Z', (ctx) => signUp(ctx, hanako, 'standard', PLANS.standard)],
  ['2026-09-01T01:00:05Z', monthly(hanako, '2026-09', PLANS.standard)],
  ['2026-09-02T03:00:00Z', (ctx) => signUp(ctx, taro, 'premium', PLANS.premium)],
  ['2026-09-02T03:00:05Z', monthly(taro, '2026-09', PLANS.premium)],
  ['2026-09-03T05:00:00Z', (ctx) => signUp(ctx, yuki, 'standard', PLANS.standard)],
  ['2026-09-03T05:00:05Z', monthly(yuki, '2026-09', PLANS.standard)],
  ['2026-09-05T02:00:00Z', (ctx) => signUp(ctx, ken, 'standard', PLANS.standard)],
  ['2026-09-05T02:00:05Z', monthly(ken, '2026-09', PLANS.standard)],
  // One checkout, two purchases: the grinder is bought while the agreement is still a Draft (DOMAIN.md §2.3).
  ['2026-09-08T04:00:00Z', (ctx) => startCheckout(ctx, aiko)],
  ['2026-09-08T04:01:00Z', (ctx) => oneTimePurchase(ctx, aiko.billingAgreementId, DEMO_GRINDER_ORDER, 8_800, 'grinder-0001')],
  ['2026-09-08T04:02:00Z', (ctx) => finishCheckout(ctx, aiko, 'beans', PLANS.beans)],
  ['2026-09-08T04:02:05Z', monthly(aiko, '2026-09', PLANS.beans)],
  ['2026-09-10T06:00:00Z', (ctx) => signUp(ctx, sora, 'standard', PLANS.standard)],
  ['2026-09-10T06:00:05Z', monthly(sora, '2026-09', PLANS.standard)],
  ['2026-09-12T07:00:00Z', (ctx) => signUp(ctx, ren, 'business', PLANS.business)],
  ['2026-09-12T07:00:05Z', monthly(ren, '2026-09', PLANS.business)],
  ['2026-09-20T10:00:00Z', (ctx) => startCheckout(ctx, mei)],
  ['2026-09-20T13:30:00Z', async (ctx) => void (await onAgreement(ctx, mei.billingAgreementId, { type: 'ExpireStaleDraft' }, engineSays('stale-sweep-2026-09-20')))],
  ['2026-09-21T02:00:00Z', (ctx) => refund(ctx, DEMO_GRINDER_ORDER, 1_200, 'grinder-0001-refund')],
];

const OCTOBER: Step[] = [
  ['2026-10-01T01:00:00Z', monthly(hanako, '2026-10', PLANS.standard)],
  ['2026-10-01T01:00:01Z', monthly(taro, '2026-10', PLANS.premium)],
  ['2026-10-01T01:00:02Z', (ctx) => charge(ctx, yuki.billingAgreementId, '0003-2026-10', PLANS.standard, { note: DECLINE_INVALID_PAYMENT_METHOD, expect: 'Declined' })],
  ['2026-10-01T01:00:03Z', monthly(ken, '2026-10', PLANS.standard)],
  ['2026-10-01T01:00:04Z', monthly(aiko, '2026-10', PLANS.beans)],
  ['2026-10-01T01:00:05Z', monthly(sora, '2026-10', PLANS.standard)],
  ['2026-10-01T01:00:06Z', monthly(ren, '2026-10', PLANS.business)],
  // Yuki fixes the card on Amazon's site: IPN PaymentMethodUpdated reopens the agreement.
  [
    '2026-10-03T09:00:00Z',
    async (ctx) => void (await onAgreement(ctx, yuki.billingAgreementId, { type: 'RecordPaymentMethodUpdate', lastUpdateTimestamp: '2026-10-03T08:59:30Z' }, amazonSays('ipn-2026-10-03-yuki'))),
  ],
  ['2026-10-03T09:05:00Z', (ctx) => charge(ctx, yuki.billingAgreementId, '0003-2026-10-retry', PLANS.standard)],
  ['2026-10-16T03:00:00Z', (ctx) => changePlan(ctx, hanako.billingAgreementId, 'premium', PLANS.premium, '0001-upgrade-2026-10')],
  ['2026-10-20T03:00:00Z', (ctx) => changePlan(ctx, taro.billingAgreementId, 'lite', PLANS.lite, '0002-downgrade-2026-10')],
];

const NOVEMBER: Step[] = [
  ['2026-11-01T01:00:00Z', monthly(hanako, '2026-11', PLANS.premium)],
  ['2026-11-01T01:00:01Z', monthly(taro, '2026-11', PLANS.lite)],
  ['2026-11-01T01:00:02Z', monthly(yuki, '2026-11', PLANS.standard)],
  ['2026-11-01T01:00:03Z', (ctx) => charge(ctx, ken.billingAgreementId, '0004-2026-11', PLANS.standard, { note: DECLINE_INVALID_PAYMENT_METHOD, expect: 'Declined' })],
  ['2026-11-01T01:00:04Z', monthly(aiko, '2026-11', PLANS.beans)],
  ['2026-11-01T01:00:05Z', monthly(sora, '2026-11', PLANS.standard)],
  ['2026-11-01T01:00:06Z', monthly(ren, '2026-11', PLANS.business)],
  ['2026-11-10T05:00:00Z', async (ctx) => void (await onAgreement(ctx, sora.billingAgreementId, { type: 'CloseBillingAgreement', closureReason: 'Customer cancelled the subscription' }, sellerSays('cancel-0006')))],
  ['2026-11-12T02:00:00Z', (ctx) => charge(ctx, ren.billingAgreementId, '0007-usage-2026-11-a', 25_000, { chargeType: 'OneOff' })],
  ['2026-11-15T08:00:00Z', async (ctx) => void (await onAgreement(ctx, aiko.billingAgreementId, { type: 'PauseRecurringCharges', reason: 'Travelling until January' }, sellerSays('pause-0005')))],
  // 45,000 of 50,000 JPY used this month: another 10,000 is refused before any event.
  ['2026-11-20T02:00:00Z', (ctx) => charge(ctx, ren.billingAgreementId, '0007-usage-2026-11-b', 10_000, { chargeType: 'OneOff', expect: 'PeriodicAmountExceeded' })],
];

export const DEMO_START: Instant = '2026-09-01T00:00:00Z';
export const DEMO_END: Instant = '2026-11-20T02:00:00Z';

/** Runs the whole timeline in order, setting the clock (to the canonical "….000Z" form) before each step. */
export async function writeDemoHistory(ctx: DemoContext): Promise<void> {
  for (const [at, step] of [...SEPTEMBER, ...OCTOBER, ...NOVEMBER]) {
    ctx.clock.set(fromEpochMs(toEpochMs(at)));
    await step(ctx);
  }
}
