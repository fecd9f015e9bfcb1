/**
 * Value types named after Amazon's wire objects, shared by both aggregates. Field names follow
 * Amazon's elements (camelCase here; adapters map them byte-for-byte to the XML names).
 */

export type ReleaseEnvironment = 'Sandbox' | 'Live';

export interface Buyer {
  readonly name: string;
  readonly email: string;
  readonly phone?: string;
}

/** `Destination.PhysicalDestination`. */
export interface PhysicalDestination {
  readonly name?: string;
  readonly addressLine1?: string;
  readonly addressLine2?: string;
  readonly addressLine3?: string;
  readonly city?: string;
  readonly county?: string;
  readonly district?: string;
  readonly stateOrRegion?: string;
  readonly postalCode?: string;
  readonly countryCode?: string;
  readonly phone?: string;
}

/** Why an authorization was declined (AuthorizationStatus.ReasonCode on Declined). */
export type AuthorizationDeclineReason = 'InvalidPaymentMethod' | 'AmazonRejected' | 'ProcessingFailure' | 'TransactionTimedOut';
export const AUTHORIZATION_DECLINE_REASONS: readonly AuthorizationDeclineReason[] = [
  'InvalidPaymentMethod',
  'AmazonRejected',
  'ProcessingFailure',
  'TransactionTimedOut',
];

/** What the payment processor (Amazon, or the sandbox simulator) answered to an authorization. */
export type AuthorizationOutcome =
  | { readonly state: 'Pending' }
  | { readonly state: 'Open' }
  | { readonly state: 'Declined'; readonly reasonCode: AuthorizationDeclineReason; readonly softDecline: boolean };

export function sameDestination(a: PhysicalDestination | undefined, b: PhysicalDestination | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PhysicalDestination>;
  return [...keys].every((key) => a[key] === b[key]);
}
