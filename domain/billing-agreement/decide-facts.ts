/**
 * Facts Amazon already applied, from IPNs (DOMAIN.md §5): lenient and idempotent. A duplicate or
 * stale fact (LastUpdateTimestamp not newer than the newest seen, Amazon's clock against Amazon's
 * clock only) yields no events; terminal states absorb everything; nothing here is rejected but
 * a fact about an agreement the engine does not know.
 */
import { accept, nothing } from '../shared/decision.js';
import { compareInstants, type Instant } from '../shared/time.js';
import type { RecordAddressUpdate, RecordBillingAgreementStatus, RecordPaymentMethodUpdate, ReportedAgreementStatus } from './commands.js';
import type { BillingAgreementClosed, BillingAgreementEvent } from './events.js';
import { withAgreement, type AgreementDecision } from './guards.js';
import { evolve, type Agreement, type BillingAgreementState } from './state.js';
import { isTerminal } from './types.js';

const isFresh = (a: Agreement, amazonTimestamp: Instant): boolean =>
  a.amazonWatermark === undefined || compareInstants(amazonTimestamp, a.amazonWatermark) > 0;

const CLOSED_REASONS: readonly string[] = ['SellerClosed', 'BuyerClosed', 'AmazonClosed'];

type StatusFact = ReportedAgreementStatus & Pick<RecordBillingAgreementStatus, 'at' | 'lastUpdateTimestamp'>;

function statusEvents(a: Agreement, c: StatusFact): BillingAgreementEvent[] {
  const base = { billingAgreementId: a.id, at: c.at, amazonLastUpdateTimestamp: c.lastUpdateTimestamp };
  const description = c.reasonDescription === undefined ? {} : { reasonDescription: c.reasonDescription };
  const from = a.status.state;
  switch (c.state) {
    case 'Open':
      if (from === 'Draft') return [{ ...base, type: 'BillingAgreementConfirmed' }];
      if (from === 'Suspended') return [{ ...base, type: 'BillingAgreementReopened', cause: 'AmazonStatusUpdated' }];
      return [];
    case 'Suspended':
      return from === 'Open' ? [{ ...base, type: 'BillingAgreementSuspended', reasonCode: 'InvalidPaymentMethod' }] : [];
    case 'Closed': {
      const known = c.reasonCode !== undefined && CLOSED_REASONS.includes(c.reasonCode);
      const reasonCode = (known ? c.reasonCode : 'AmazonClosed') as BillingAgreementClosed['reasonCode'];
      return [{ ...base, type: 'BillingAgreementClosed', reasonCode, ...description }];
    }
    case 'Canceled':
      return [{ ...base, type: 'BillingAgreementCanceled', reasonCode: c.reasonCode === 'Stale' ? 'Stale' : 'AmazonCanceled', ...description }];
    case 'Draft':
      return [];
  }
}

/** The fact's events, or a watermark-only event when the fact is newer but changes nothing. */
function recordFact(a: Agreement, at: Instant, amazonTimestamp: Instant, events: BillingAgreementEvent[]): AgreementDecision {
  if (events.length > 0) return accept(...events);
  return accept({ type: 'AmazonStatusObserved', billingAgreementId: a.id, at, amazonLastUpdateTimestamp: amazonTimestamp });
}

export function recordStatus(c: RecordBillingAgreementStatus, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (isTerminal(a.status.state) || !isFresh(a, c.lastUpdateTimestamp)) return nothing;
    return recordFact(a, c.at, c.lastUpdateTimestamp, statusEvents(a, c));
  });
}

function paymentMethodEvents(a: Agreement, at: Instant, amazonLastUpdateTimestamp: Instant, descriptor: string | undefined): BillingAgreementEvent[] {
  const base = { billingAgreementId: a.id, at, amazonLastUpdateTimestamp };
  const changed: BillingAgreementEvent = { ...base, type: 'PaymentMethodChanged', source: 'Amazon', ...(descriptor === undefined ? {} : { descriptor }) };
  // The buyer fixed the method on Amazon's site: a Suspended agreement returns to Open, no re-consent.
  if (a.status.state !== 'Suspended') return [changed];
  return [changed, { ...base, type: 'BillingAgreementReopened', cause: 'PaymentMethodUpdated' }];
}

/**
 * The change's events, then those of the status the same notification reports (a change newer
 * than a status notification not yet received must not leave that status unrecorded).
 */
function withReportedStatus(a: Agreement, c: RecordPaymentMethodUpdate | RecordAddressUpdate, events: BillingAgreementEvent[]): AgreementDecision {
  if (c.status === undefined) return accept(...events);
  const after = events.reduce(evolve, { exists: true, agreement: a } as BillingAgreementState);
  const changed = after.exists ? after.agreement : a;
  return accept(...events, ...statusEvents(changed, { ...c.status, at: c.at, lastUpdateTimestamp: c.lastUpdateTimestamp }));
}

export function recordPaymentMethodUpdate(c: RecordPaymentMethodUpdate, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (isTerminal(a.status.state) || !isFresh(a, c.lastUpdateTimestamp)) return nothing;
    return withReportedStatus(a, c, paymentMethodEvents(a, c.at, c.lastUpdateTimestamp, c.descriptor));
  });
}

export function recordAddressUpdate(c: RecordAddressUpdate, state: BillingAgreementState): AgreementDecision {
  return withAgreement(state, c.billingAgreementId, (a) => {
    if (isTerminal(a.status.state) || !isFresh(a, c.lastUpdateTimestamp)) return nothing;
    const address: BillingAgreementEvent = {
      type: 'AddressChanged',
      billingAgreementId: a.id,
      at: c.at,
      amazonLastUpdateTimestamp: c.lastUpdateTimestamp,
      source: 'Amazon',
      ...(c.destination === undefined ? {} : { destination: c.destination }),
    };
    const paymentMethod = c.paymentMethodUpdated ? paymentMethodEvents(a, c.at, c.lastUpdateTimestamp, c.descriptor) : [];
    return withReportedStatus(a, c, [address, ...paymentMethod]);
  });
}
