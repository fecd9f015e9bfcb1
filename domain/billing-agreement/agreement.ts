/** The billing agreement's state: what its history says it is now. */
import type { Marketplace } from '../policy.js';
import type { Buyer, PhysicalDestination, ReleaseEnvironment } from '../shared/amazon.js';
import type { Money } from '../shared/money.js';
import type { Instant } from '../shared/time.js';
import type { AuthorizationRequested } from './events.js';
import type { AgreementLedger } from './ledger.js';
import type { AgreementState, ReportedConstraintId, SellerBillingAgreementAttributes } from './types.js';

export interface AgreementStatus {
  readonly state: AgreementState;
  readonly reasonCode?: string;
  readonly reasonDescription?: string;
  /** When the state last changed (Amazon's `LastUpdatedTimestamp`). */
  readonly lastUpdatedTimestamp: Instant;
}

/** An authorization as its AuthorizationRequested recorded it, and where it stands now. */
export interface AgreementAuthorization extends Omit<AuthorizationRequested, 'type' | 'billingAgreementId' | 'at'> {
  readonly state: 'Pending' | 'Open' | 'Declined';
  readonly requestedAt: Instant;
}

export interface Plan {
  readonly planId: string;
  readonly price: Money;
  readonly anchorDay: number;
  readonly timeZone: string;
}

/**
 * What a decision needs, and no more: its size does not grow with the number of past charges.
 * Of the ledger (ledger.ts) it keeps every pending authorization, the `RECENT_SETTLED` most
 * recently settled ones (a resent request or fact answered at once) and the live windows (the
 * latest authorization's month, the one before, and any month with a pending authorization).
 * Older authorizations are in the stream and in the seller's reference-id namespace.
 */
export interface Agreement extends AgreementLedger {
  readonly id: string;
  readonly sellerId: string;
  readonly marketplace: Marketplace;
  readonly releaseEnvironment: ReleaseEnvironment;
  readonly buyer: Buyer;
  readonly requiresShipping: boolean;
  readonly buyerIsSeller: boolean;
  readonly createdAt: Instant;
  readonly status: AgreementStatus;
  /** The newest Amazon LastUpdateTimestamp seen: older facts are stale. */
  readonly amazonWatermark?: Instant;
  readonly consent: boolean;
  /** In effect (shown by GetBillingAgreementDetails). */
  readonly paymentMethod?: string;
  readonly address?: PhysicalDestination;
  /** Selected in the widgets, in effect after the seller's next confirmation. */
  readonly pendingPaymentMethod?: string;
  readonly pendingAddress?: PhysicalDestination;
  /** An address was selected after the last payment selection: Amazon wants a new one. */
  readonly paymentReselectionRequired: boolean;
  readonly reportedConstraints: readonly { readonly constraintId: ReportedConstraintId; readonly description?: string }[];
  readonly sellerNote?: string;
  readonly platformId?: string;
  readonly sellerBillingAgreementAttributes?: SellerBillingAgreementAttributes;
  readonly monthlyLimit: Money;
  /** Reference ids of the settled authorizations still kept, oldest first (at most RECENT_SETTLED). */
  readonly recentlySettled: readonly string[];
  readonly oneTimeOrderIds: readonly string[];
  /** An order reference was created while Draft: a widget session no longer returns it. */
  readonly used: boolean;
  readonly paused: boolean;
  readonly plan?: Plan;
  /** Net credits of downgrades, carried to the next period. */
  readonly carriedCredit: Money;
}

export type BillingAgreementState = { readonly exists: false } | { readonly exists: true; readonly agreement: Agreement };
