/** Histories and commands for billing agreement examples: a JP agreement created at T0. */
import { billingAgreementDecider, type BillingAgreementCommand, type BillingAgreementEvent } from '../../../domain/billing-agreement/index.js';
import type { AuthorizeOnBillingAgreement } from '../../../domain/billing-agreement/commands.js';
import { money, type Money } from '../../../domain/shared/money.js';
import { given } from '../../support/gwt.js';

export const BA = 'C03-0000001-0000001';
export const T0 = '2026-11-01T00:00:00.000Z';
export const T1 = '2026-11-01T00:10:00.000Z';
export const T2 = '2026-11-01T00:20:00.000Z';
export const LATER = '2026-11-10T09:00:00.000Z';
export const jpy = (amount: number): Money => money(amount, 'JPY');

export const ADDRESS = { name: 'Hanako Yamada', addressLine1: '1-2-3 Shibuya', city: 'Shibuya-ku', stateOrRegion: 'Tokyo', postalCode: '150-0002', countryCode: 'JP' };
export const OTHER_ADDRESS = { ...ADDRESS, addressLine1: '4-5-6 Meguro', city: 'Meguro-ku', postalCode: '153-0063' };

export const created: BillingAgreementEvent = {
  type: 'BillingAgreementCreated',
  billingAgreementId: BA,
  at: T0,
  sellerId: 'A1SELLER',
  marketplace: 'JP',
  releaseEnvironment: 'Sandbox',
  buyer: { name: 'Hanako Yamada', email: 'hanako@example.jp' },
  requiresShipping: true,
  buyerIsSeller: false,
  monthlyLimit: jpy(50_000),
};

export const consented: BillingAgreementEvent = { type: 'BuyerConsentGiven', billingAgreementId: BA, at: T1 };
export const paymentSelected = (descriptor = 'Visa ****1111', at = T1): BillingAgreementEvent => ({
  type: 'PaymentMethodSelected',
  billingAgreementId: BA,
  at,
  descriptor,
});
export const addressSelected = (destination = ADDRESS, at = T1): BillingAgreementEvent => ({ type: 'AddressSelected', billingAgreementId: BA, at, destination });

/** Created, consented, address and payment selected, confirmed: an Open agreement. */
export const openHistory: readonly BillingAgreementEvent[] = [
  created,
  consented,
  addressSelected(),
  paymentSelected(),
  { type: 'BillingAgreementConfirmed', billingAgreementId: BA, at: T2 },
  { type: 'PaymentMethodChanged', billingAgreementId: BA, at: T2, descriptor: 'Visa ****1111', source: 'SellerConfirmation' },
  { type: 'AddressChanged', billingAgreementId: BA, at: T2, destination: ADDRESS, source: 'SellerConfirmation' },
];

export const suspendedHistory: readonly BillingAgreementEvent[] = [
  ...openHistory,
  { type: 'BillingAgreementSuspended', billingAgreementId: BA, at: LATER, reasonCode: 'InvalidPaymentMethod' },
];

export const closedHistory: readonly BillingAgreementEvent[] = [
  ...openHistory,
  { type: 'BillingAgreementClosed', billingAgreementId: BA, at: LATER, reasonCode: 'SellerClosed' },
];

export const givenAgreement = (history: readonly BillingAgreementEvent[]) => given(billingAgreementDecider, history);

export function authorizeCommand(overrides: Partial<AuthorizeOnBillingAgreement> = {}): AuthorizeOnBillingAgreement {
  return {
    type: 'AuthorizeOnBillingAgreement',
    billingAgreementId: BA,
    at: LATER,
    authorizationId: 'S03-0000001-0000001-A000001',
    orderReferenceId: 'S03-0000001-0000001',
    authorizationReferenceId: 'auth-1',
    amount: jpy(1_000),
    chargeType: 'Recurring',
    transactionTimeout: 0,
    captureNow: true,
    outcome: { state: 'Open' },
    ...overrides,
  };
}

export const confirmCommand = (at = T2): BillingAgreementCommand => ({ type: 'ConfirmBillingAgreement', billingAgreementId: BA, at });
