/**
 * Agreement status: one row per billing agreement with what `GetBillingAgreementDetails` and the
 * seller's own facts say now. The row is derived from the domain's own `evolve`, applied to a
 * slim copy of the agreement (without its authorizations and windows, which status never shows),
 * kept in the internal table `agreement_snapshots`; an event the domain says changes only the
 * agreement's ledger (a charge) needs no evolve at all.
 */
import { BILLING_AGREEMENT_EVENT_TYPES, changesOnlyLedger, constraintsOf, evolve, initialState, LEDGER_FIELDS, type Agreement, type BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { PhysicalDestination } from '../../domain/shared/amazon.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { isAgreementEvent, type Projection, type RowReader } from './projection.js';
import { write, type RowWrite, type Table } from './tables.js';

export type AgreementStatusRow = {
  readonly billingAgreementId: string;
  readonly sellerId: string;
  readonly marketplace: string;
  readonly releaseEnvironment: string;
  /** Draft, Open, Suspended, Canceled or Closed. */
  readonly state: string;
  readonly reasonCode: string | null;
  readonly reasonDescription: string | null;
  /** When the state last changed (Amazon's `LastUpdatedTimestamp`). */
  readonly stateChangedAt: string;
  /** The constraint ids the agreement carries, comma-separated; empty when none. */
  readonly constraints: string;
  readonly consent: boolean;
  /** Recurring charges paused by the seller (the agreement stays Open at Amazon). */
  readonly paused: boolean;
  readonly planId: string | null;
  readonly planPriceAmount: number | null;
  readonly currency: string;
  /** The payment method descriptor in effect ("Visa ****1111"), and one selected but not confirmed yet. */
  readonly paymentMethod: string | null;
  readonly pendingPaymentMethod: string | null;
  /** The shipping address in effect as one line, and one selected but not confirmed yet. */
  readonly address: string | null;
  readonly pendingAddress: string | null;
  readonly monthlyLimitAmount: number;
  /** Net credits of downgrades carried to the next period (≥ 0). */
  readonly carriedCreditAmount: number;
  readonly createdAt: string;
  /** The engine time and type of the agreement's last event. */
  readonly lastChangedAt: string;
  readonly lastEventType: string;
};

export const agreementStatus: Table<AgreementStatusRow> = {
  name: 'agreement_status',
  key: ['billingAgreementId'],
  internal: false,
  columns: {
    billingAgreementId: 'text',
    sellerId: 'text',
    marketplace: 'text',
    releaseEnvironment: 'text',
    state: 'text',
    reasonCode: 'text?',
    reasonDescription: 'text?',
    stateChangedAt: 'text',
    constraints: 'text',
    consent: 'boolean',
    paused: 'boolean',
    planId: 'text?',
    planPriceAmount: 'integer?',
    currency: 'text',
    paymentMethod: 'text?',
    pendingPaymentMethod: 'text?',
    address: 'text?',
    pendingAddress: 'text?',
    monthlyLimitAmount: 'integer',
    carriedCreditAmount: 'integer',
    createdAt: 'text',
    lastChangedAt: 'text',
    lastEventType: 'text',
  },
};

export type AgreementSnapshotRow = { readonly billingAgreementId: string; readonly agreement: JsonValue };

export const agreementSnapshots: Table<AgreementSnapshotRow> = {
  name: 'agreement_snapshots',
  key: ['billingAgreementId'],
  internal: true,
  columns: { billingAgreementId: 'text', agreement: 'json' },
};

const ADDRESS_PARTS = ['name', 'addressLine1', 'addressLine2', 'addressLine3', 'city', 'district', 'county', 'stateOrRegion', 'postalCode', 'countryCode'] as const;

/** "Hanako Yamada, 1-2-3 Shibuya, Tokyo, 150-0002, JP" */
export function describeAddress(destination: PhysicalDestination | undefined): string | null {
  if (destination === undefined) return null;
  return ADDRESS_PARTS.map((part) => destination[part]).filter((value) => value !== undefined && value !== '').join(', ');
}

/** The agreement's fields status never shows: left out to keep the snapshot small. */
const SLIMMED = new Set<string>([...LEDGER_FIELDS, 'oneTimeOrderIds']);

/** What status needs of the agreement: its authorizations and windows are left out to keep the snapshot small. */
const slim = (a: Agreement): Agreement => ({ ...a, authorizations: {}, authorizationReferenceById: {}, recentlySettled: [], consumedByWindow: {}, oneTimeOrderIds: [] });

/**
 * Whether a field status keeps differs. `evolve` returns a shallow copy in which untouched fields
 * are the very same values, so comparing by identity finds every change (and perhaps a change
 * to an equal value, which only costs a write).
 */
function keptFieldsChanged(before: Agreement, after: Agreement): boolean {
  const fields = Object.keys(after);
  if (fields.length !== Object.keys(before).length) return true;
  return fields.some((field) => !SLIMMED.has(field) && (before as unknown as Record<string, unknown>)[field] !== (after as unknown as Record<string, unknown>)[field]);
}

export function statusRow(a: Agreement, last: { readonly at: string; readonly type: string }): AgreementStatusRow {
  return {
    billingAgreementId: a.id,
    sellerId: a.sellerId,
    marketplace: a.marketplace,
    releaseEnvironment: a.releaseEnvironment,
    state: a.status.state,
    reasonCode: a.status.reasonCode ?? null,
    reasonDescription: a.status.reasonDescription ?? null,
    stateChangedAt: a.status.lastUpdatedTimestamp,
    constraints: constraintsOf(a).map((c) => c.constraintId).join(','),
    consent: a.consent,
    paused: a.paused,
    planId: a.plan?.planId ?? null,
    planPriceAmount: a.plan?.price.amount ?? null,
    currency: a.monthlyLimit.currency,
    paymentMethod: a.paymentMethod ?? null,
    pendingPaymentMethod: a.pendingPaymentMethod ?? null,
    address: describeAddress(a.address),
    pendingAddress: describeAddress(a.pendingAddress),
    monthlyLimitAmount: a.monthlyLimit.amount,
    carriedCreditAmount: a.carriedCredit.amount,
    createdAt: a.createdAt,
    lastChangedAt: last.at,
    lastEventType: last.type,
  };
}

function onAgreement(rows: RowReader, e: BillingAgreementEvent): RowWrite[] {
  const snapshot = rows.get(agreementSnapshots, [e.billingAgreementId]);
  const before = snapshot === undefined ? initialState : { exists: true as const, agreement: snapshot.agreement as unknown as Agreement };
  // Most events are charges, which change only the ledger (the domain says which): the slim copy
  // stays as it is, and so does its status row but for the last event. No evolve needed.
  if (before.exists && changesOnlyLedger(before.agreement, e)) {
    const row = rows.get(agreementStatus, [e.billingAgreementId]);
    if (row !== undefined) return [write(agreementStatus, { ...row, lastChangedAt: e.at, lastEventType: e.type })];
  }
  const after = evolve(before, e);
  if (!after.exists) return [];
  // Any other event may change only what status leaves out too: the stored slim copy, unchanged,
  // gives the same row, and its snapshot row stays as it is.
  if (before.exists && !keptFieldsChanged(before.agreement, after.agreement)) return [write(agreementStatus, statusRow(before.agreement, e))];
  const agreement = slim(after.agreement);
  return [write(agreementSnapshots, { billingAgreementId: agreement.id, agreement: agreement as unknown as JsonValue }), write(agreementStatus, statusRow(agreement, e))];
}

export const agreementStatusProjection: Projection = {
  name: 'agreement-status',
  tables: [agreementStatus, agreementSnapshots],
  // Every event of an agreement: the row names the last one.
  eventTypes: new Set(BILLING_AGREEMENT_EVENT_TYPES),
  evolve: (rows, { event }) => (isAgreementEvent(event) ? onAgreement(rows, event) : []),
};
