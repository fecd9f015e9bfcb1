/** The optional parts of notices: amounts, a billing agreement's limits, a physical destination. */
import type { BillingAgreementLimits } from '../../../application/ipn/notification.js';
import type { PhysicalDestination } from '../../../domain/shared/amazon.js';
import { normalizeInstant } from '../instant.js';
import { isCurrency, parseAmount, type Money } from '../../../domain/shared/money.js';
import { element, nonEmptyText, type XmlObject } from './xml.js';

/** `{Amount, CurrencyCode}` as Money ("500.0" USD → 50000), or undefined. */
export function amountOf(node: XmlObject, name: string): Money | undefined {
  const amount = element(node, name);
  const value = nonEmptyText(amount, 'Amount');
  const currency = nonEmptyText(amount, 'CurrencyCode');
  if (value === undefined || currency === undefined || !isCurrency(currency)) return undefined;
  const parsed = parseAmount(value, currency);
  return parsed.ok ? parsed.value : undefined;
}

export const withAmount = (name: string, value: Money | undefined): Record<string, Money> => (value === undefined ? {} : { [name]: value });

export function billingAgreementLimits(node: XmlObject | undefined): BillingAgreementLimits | undefined {
  if (node === undefined) return undefined;
  const start = normalizeInstant(nonEmptyText(node, 'TimePeriodStartDate') ?? '');
  const end = normalizeInstant(nonEmptyText(node, 'TimePeriodEndDate') ?? '');
  return {
    ...withAmount('amountLimitPerTimePeriod', amountOf(node, 'AmountLimitPerTimePeriod')),
    ...withAmount('currentRemainingBalance', amountOf(node, 'CurrentRemainingBalance')),
    ...(start === undefined ? {} : { timePeriodStartDate: start }),
    ...(end === undefined ? {} : { timePeriodEndDate: end }),
  };
}

/** `PhysicalDestination` element names → the domain's field names. */
const DESTINATION_FIELDS = {
  Name: 'name',
  AddressLine1: 'addressLine1',
  AddressLine2: 'addressLine2',
  AddressLine3: 'addressLine3',
  City: 'city',
  County: 'county',
  District: 'district',
  StateOrRegion: 'stateOrRegion',
  PostalCode: 'postalCode',
  CountryCode: 'countryCode',
  Phone: 'phone',
} as const satisfies Record<string, keyof PhysicalDestination>;

export function physicalDestination(node: XmlObject | undefined): PhysicalDestination | undefined {
  if (node === undefined) return undefined;
  const entries = Object.entries(DESTINATION_FIELDS).flatMap(([xml, field]) => {
    const value = nonEmptyText(node, xml);
    return value === undefined ? [] : [[field, value] as const];
  });
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as PhysicalDestination);
}
