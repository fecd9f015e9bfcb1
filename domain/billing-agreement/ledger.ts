/**
 * The agreement's money record: its authorizations by reference id and what each UTC month
 * window consumed of the limit (DOMAIN.md §2.5). Folded over the whole stream it is the full
 * history (the JSON view, audits, the projection-less read views); the agreement's own state
 * keeps a bounded part of it (state.ts: pending authorizations, the most recently settled, the
 * live windows), so a decision costs the same after ten years of charges as after one.
 */
import type { Money } from '../shared/money.js';
import { own, put } from '../shared/records.js';
import type { Instant } from '../shared/time.js';
import type { AgreementAuthorization } from './agreement.js';
import type { AuthorizationRequested, BillingAgreementEvent } from './events.js';

export interface AgreementLedger {
  /** By AuthorizationReferenceId. */
  readonly authorizations: Readonly<Record<string, AgreementAuthorization>>;
  /** AuthorizationId → AuthorizationReferenceId. */
  readonly authorizationReferenceById: Readonly<Record<string, string>>;
  /** Minor units consumed per UTC month window, keyed by the window's start. */
  readonly consumedByWindow: Readonly<Record<Instant, number>>;
}

export const emptyLedger: AgreementLedger = { authorizations: {}, authorizationReferenceById: {}, consumedByWindow: {} };

function consume(l: AgreementLedger, windowStart: Instant, amount: Money, sign: 1 | -1): AgreementLedger['consumedByWindow'] {
  const before = own(l.consumedByWindow, windowStart) ?? 0;
  return put(l.consumedByWindow, windowStart, before + sign * amount.amount);
}

function requested(e: AuthorizationRequested): AgreementAuthorization {
  return {
    authorizationId: e.authorizationId,
    authorizationReferenceId: e.authorizationReferenceId,
    orderReferenceId: e.orderReferenceId,
    amount: e.amount,
    chargeType: e.chargeType,
    windowStart: e.windowStart,
    fingerprint: e.fingerprint,
    captureNow: e.captureNow,
    transactionTimeout: e.transactionTimeout,
    ...(e.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: e.sellerAuthorizationNote }),
    ...(e.softDescriptor === undefined ? {} : { softDescriptor: e.softDescriptor }),
    state: 'Pending',
    requestedAt: e.at,
  };
}

/** The three records of a ledger, alone (never the agreement's other fields): what `evolveLedger` returns. */
const partOf = (l: AgreementLedger, change: Partial<AgreementLedger>): AgreementLedger => ({
  authorizations: change.authorizations ?? l.authorizations,
  authorizationReferenceById: change.authorizationReferenceById ?? l.authorizationReferenceById,
  consumedByWindow: change.consumedByWindow ?? l.consumedByWindow,
});

/** A decline gives its amount back to its window; approving or declining again changes nothing more. */
function settle(l: AgreementLedger, authorizationId: string, state: 'Open' | 'Declined'): AgreementLedger {
  const ref = own(l.authorizationReferenceById, authorizationId);
  const auth = ref === undefined ? undefined : own(l.authorizations, ref);
  if (ref === undefined || auth === undefined) return partOf(l, {});
  const released = state === 'Declined' && auth.state !== 'Declined';
  return partOf(l, {
    authorizations: put(l.authorizations, ref, { ...auth, state }),
    consumedByWindow: released ? consume(l, auth.windowStart, auth.amount, -1) : l.consumedByWindow,
  });
}

/** The only events that touch a ledger: a reader of the stream may skip the others undecoded. */
export const LEDGER_EVENT_TYPES: ReadonlySet<BillingAgreementEvent['type']> = new Set(['AuthorizationRequested', 'AuthorizationApproved', 'AuthorizationDeclined']);

/**
 * The ledger after one event: only the LEDGER_EVENT_TYPES touch it. It returns the
 * three records alone, so that the agreement's state (which is a ledger too) copies its own
 * fields once, where it spreads them.
 */
export function evolveLedger(l: AgreementLedger, e: BillingAgreementEvent): AgreementLedger {
  switch (e.type) {
    case 'AuthorizationRequested':
      return {
        authorizations: put(l.authorizations, e.authorizationReferenceId, requested(e)),
        authorizationReferenceById: put(l.authorizationReferenceById, e.authorizationId, e.authorizationReferenceId),
        consumedByWindow: consume(l, e.windowStart, e.amount, 1),
      };
    case 'AuthorizationApproved':
      return settle(l, e.authorizationId, 'Open');
    case 'AuthorizationDeclined':
      return settle(l, e.authorizationId, 'Declined');
    default:
      return partOf(l, {});
  }
}

/** The full ledger of a history (every authorization, every window). */
export const ledgerOf = (events: Iterable<BillingAgreementEvent>): AgreementLedger => {
  let ledger = emptyLedger;
  for (const e of events) ledger = evolveLedger(ledger, e);
  return ledger;
};

/** The authorization an AuthorizationId names, if the ledger holds it. */
export function authorizationById(l: AgreementLedger, authorizationId: string): AgreementAuthorization | undefined {
  const ref = own(l.authorizationReferenceById, authorizationId);
  return ref === undefined ? undefined : own(l.authorizations, ref);
}
