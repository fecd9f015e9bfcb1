/**
 * Every policy of DOMAIN.md in one place: where Amazon's sources disagree or are silent, the
 * engine's choice lives here, so it can be changed without hunting.
 */
import { minOf, money, percentOf, type Currency, type Money } from './shared/money.js';
import { addHours, isAtOrAfter, type Instant } from './shared/time.js';

export type Marketplace = 'JP' | 'US' | 'EU' | 'UK';
export const MARKETPLACES: readonly Marketplace[] = ['JP', 'US', 'EU', 'UK'];

export interface MarketplacePolicy {
  readonly currency: Currency;
  /** Default monthly limit per billing agreement (DOMAIN.md §2.5); changeable per agreement. */
  readonly monthlyLimit: Money;
  /** Time zone for calendar questions of the seller (proration `days` policy). */
  readonly timeZone: string;
  /** Region digits in Amazon ids: 01 NA, 02 EU, 03 JP. */
  readonly regionCode: '01' | '02' | '03';
}

export const MARKETPLACE_POLICIES: Readonly<Record<Marketplace, MarketplacePolicy>> = {
  JP: { currency: 'JPY', monthlyLimit: money(50_000, 'JPY'), timeZone: 'Asia/Tokyo', regionCode: '03' },
  US: { currency: 'USD', monthlyLimit: money(500_00, 'USD'), timeZone: 'America/Los_Angeles', regionCode: '01' },
  EU: { currency: 'EUR', monthlyLimit: money(500_00, 'EUR'), timeZone: 'Europe/Berlin', regionCode: '02' },
  UK: { currency: 'GBP', monthlyLimit: money(500_00, 'GBP'), timeZone: 'Europe/London', regionCode: '02' },
};

/** A Draft (agreement or order reference) not confirmed within this time is Canceled / Stale. */
export const DRAFT_STALE_AFTER_HOURS = 3;
/** A Draft left unconfirmed for 3 hours is Canceled / Stale at Amazon, swept or not (agreements and order references alike). */
export const isStaleDraft = (draft: { readonly status: { readonly state: string }; readonly createdAt: Instant }, at: Instant): boolean =>
  draft.status.state === 'Draft' && isAtOrAfter(at, addHours(draft.createdAt, DRAFT_STALE_AFTER_HOURS));
/** An order reference is valid this long; then it is Closed / Expired. */
export const ORDER_REFERENCE_VALIDITY_DAYS = 180;
/** An authorization not captured within this time is Closed / ExpiredUnused. */
export const AUTHORIZATION_VALIDITY_DAYS = 30;
/** Authorizations per order reference (the Japanese documentation's figure). */
export const MAX_AUTHORIZATIONS_PER_ORDER = 10;
/** Refunds per capture. */
export const MAX_REFUNDS_PER_CAPTURE = 10;

/**
 * How far refunds (and captures, against the order total) may exceed the base amount:
 * min(15 %, 75 USD/EUR/GBP; 8,400 JPY). KRW follows JPY's cap scaled by nothing: no Amazon
 * figure exists, so it gets the percentage alone.
 */
export const OVERAGE_PERCENT = 15;
export const OVERAGE_CAP: Readonly<Partial<Record<Currency, Money>>> = {
  USD: money(75_00, 'USD'),
  EUR: money(75_00, 'EUR'),
  GBP: money(75_00, 'GBP'),
  JPY: money(8_400, 'JPY'),
};

/** Default for a billing agreement created without saying: it ships goods (needs an address). */
export const REQUIRES_SHIPPING_BY_DEFAULT = true;

/** The overage allowed above a base amount: min(15 % of it, the currency's cap), rounded half away from zero. */
export function overageAllowance(base: Money): Money {
  const percent = percentOf(base, OVERAGE_PERCENT);
  const cap = OVERAGE_CAP[base.currency];
  return cap === undefined ? percent : minOf(percent, cap);
}
