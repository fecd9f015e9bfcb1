/** Small pieces shared by the details elements: amounts, statuses, destinations, optional text. */
import type { PhysicalDestination } from '../../../domain/shared/amazon.js';
import { formatAmount, zero, type Currency, type Money } from '../../../domain/shared/money.js';
import type { XmlElement } from './document.js';

/** `{ Amount, CurrencyCode }` with Amazon's decimal string ("10.00", "500"). */
export const amount = (m: Money): XmlElement => ({ Amount: formatAmount(m), CurrencyCode: m.currency });
export const noFee = (currency: Currency): XmlElement => amount(zero(currency));
export const bool = (value: boolean): string => (value ? 'true' : 'false');

export interface StatusLike {
  readonly state: string;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  readonly lastUpdateTimestamp: string;
}

/** `…Status`; billing agreements spell the timestamp `LastUpdatedTimestamp` (with a d), everything else `LastUpdateTimestamp`. */
export function status(s: StatusLike, timestampName: 'LastUpdateTimestamp' | 'LastUpdatedTimestamp' = 'LastUpdateTimestamp'): XmlElement {
  return { State: s.state, [timestampName]: s.lastUpdateTimestamp, ReasonCode: s.reasonCode, ReasonDescription: s.reasonDescription };
}

export function destination(d: PhysicalDestination | undefined): XmlElement | undefined {
  if (d === undefined) return undefined;
  return {
    DestinationType: 'Physical',
    PhysicalDestination: {
      Name: d.name,
      AddressLine1: d.addressLine1,
      AddressLine2: d.addressLine2,
      AddressLine3: d.addressLine3,
      City: d.city,
      County: d.county,
      District: d.district,
      StateOrRegion: d.stateOrRegion,
      PostalCode: d.postalCode,
      CountryCode: d.countryCode,
      Phone: d.phone,
    },
  };
}

export const idList = (ids: readonly string[]): XmlElement | undefined => (ids.length === 0 ? undefined : { member: ids });
