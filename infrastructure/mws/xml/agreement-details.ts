/** `BillingAgreementDetails` (MWS-AND-IPN.md §2.1) from the agreement's state. */
import { constraintsOf, remainingBalance, type Agreement } from '../../../domain/billing-agreement/index.js';
import { DRAFT_STALE_AFTER_HOURS } from '../../../domain/policy.js';
import { money } from '../../../domain/shared/money.js';
import { addHours, utcMonthWindow, type Instant } from '../../../domain/shared/time.js';
import type { XmlElement } from './document.js';
import { amount, bool, destination, status } from './values.js';

function limits(a: Agreement, now: Instant): XmlElement {
  const window = utcMonthWindow(now);
  return {
    AmountLimitPerTimePeriod: amount(a.monthlyLimit),
    TimePeriodStartDate: window.start,
    TimePeriodEndDate: window.end,
    CurrentRemainingBalance: amount(money(remainingBalance(a, now), a.monthlyLimit.currency)),
  };
}

export function billingAgreementDetails(a: Agreement, now: Instant): XmlElement {
  const constraints = constraintsOf(a);
  const attributes = a.sellerBillingAgreementAttributes;
  return {
    AmazonBillingAgreementId: a.id,
    BillingAgreementLimits: limits(a, now),
    // Amazon shows the buyer only once the agreement was confirmed.
    Buyer: a.status.state === 'Draft' ? undefined : { Name: a.buyer.name, Email: a.buyer.email, Phone: a.buyer.phone },
    SellerNote: a.sellerNote,
    PlatformId: a.platformId,
    Destination: destination(a.address),
    ReleaseEnvironment: a.releaseEnvironment,
    SellerBillingAgreementAttributes: attributes && {
      SellerBillingAgreementId: attributes.sellerBillingAgreementId,
      StoreName: attributes.storeName,
      CustomInformation: attributes.customInformation,
    },
    BillingAgreementStatus: status({ ...a.status, lastUpdateTimestamp: a.status.lastUpdatedTimestamp }, 'LastUpdatedTimestamp'),
    Constraints: constraints.length === 0 ? undefined : { Constraint: constraints.map((c) => ({ ConstraintID: c.constraintId, Description: c.description })) },
    CreationTimestamp: a.createdAt,
    // Only a Draft expires: it is Canceled / Stale when not confirmed in time.
    ExpirationTimestamp: a.status.state === 'Draft' ? addHours(a.createdAt, DRAFT_STALE_AFTER_HOURS) : undefined,
    BillingAgreementConsent: bool(a.consent),
  };
}
