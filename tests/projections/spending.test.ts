import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProjectionStore } from '../../application/ports/projection-store.js';
import { spending, type SpendingRow } from '../../application/projections/index.js';
import { ProjectionQueries } from '../../application/projections/queries.js';
import type { DomainEvent } from '../../application/projections/projection.js';
import { evolve, initialState, remainingBalance, type BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { OrderReferenceEvent } from '../../domain/order-reference/index.js';
import { BA, jpy, openHistory } from '../domain/billing-agreement/fixtures.js';
import { projectEvents } from './support.js';

const test = suite('projections: spending per agreement and UTC month');

const NOV = '2026-11-01T00:00:00.000Z';
const DEC = '2026-12-01T00:00:00.000Z';

const requested = (n: number, amount: number, at: string, windowStart: string): BillingAgreementEvent => ({
  type: 'AuthorizationRequested',
  billingAgreementId: BA,
  at,
  authorizationId: `S${n}-A000001`,
  authorizationReferenceId: `r${n}`,
  orderReferenceId: `S${n}`,
  amount: jpy(amount),
  chargeType: 'Recurring',
  windowStart,
  fingerprint: `f${n}`,
  captureNow: true,
  transactionTimeout: 0,
});
const declined = (n: number, at: string): BillingAgreementEvent => ({ type: 'AuthorizationDeclined', billingAgreementId: BA, at, authorizationId: `S${n}-A000001`, reasonCode: 'AmazonRejected', softDecline: false });
const order = (id: string, at: string, parent = true): OrderReferenceEvent => ({
  type: 'OrderReferenceCreated',
  orderReferenceId: id,
  at,
  sellerId: 'A1SELLER',
  releaseEnvironment: 'Sandbox',
  expiresAt: '2027-06-01T00:00:00.000Z',
  ...(parent ? { parent: { id: BA, type: 'BillingAgreement' as const } } : {}),
});
const capture = (orderId: string, amount: number, at: string): OrderReferenceEvent => ({ type: 'CaptureRequested', orderReferenceId: orderId, at, captureId: `${orderId}-C000001`, authorizationId: `${orderId}-A000001`, amount: jpy(amount) });
const captured = (orderId: string, at: string): OrderReferenceEvent => ({ type: 'CaptureCompleted', orderReferenceId: orderId, at, captureId: `${orderId}-C000001` });
const refund = (orderId: string, amount: number, at: string): OrderReferenceEvent => ({ type: 'RefundRequested', orderReferenceId: orderId, at, refundId: `${orderId}-R000001`, refundReferenceId: `rf-${orderId}`, captureId: `${orderId}-C000001`, amount: jpy(amount) });
const refunded = (orderId: string, at: string): OrderReferenceEvent => ({ type: 'RefundCompleted', orderReferenceId: orderId, at, refundId: `${orderId}-R000001` });

async function rowsOf(events: readonly DomainEvent[]): Promise<SpendingRow[]> {
  return ((await projectEvents([...openHistory, ...events])).rows(spending)) as Promise<SpendingRow[]>;
}

function domainRemaining(events: readonly DomainEvent[], at: string): number {
  const state = [...openHistory, ...events].filter((e): e is BillingAgreementEvent => 'billingAgreementId' in e).reduce(evolve, initialState);
  if (!state.exists) throw new Error('no agreement');
  return remainingBalance(state.agreement, at);
}

test('an authorization counts in the window of its request, and a decline gives its amount back to that window', async () => {
  const events = [requested(1, 30_000, '2026-11-30T23:59:59.000Z', NOV), requested(2, 5_000, '2026-11-30T23:59:59.000Z', NOV), declined(2, '2026-12-01T00:00:01.000Z')];
  const [row, other] = await rowsOf(events);
  assert.is(other, undefined);
  assert.equal(
    { month: row?.month, authorized: row?.authorizedAmount, count: row?.authorizationCount, declined: row?.declinedAmount, declinedCount: row?.declinedCount, remaining: row?.remainingBalance, window: [row?.windowStart, row?.windowEnd] },
    { month: '2026-11', authorized: 30_000, count: 1, declined: 5_000, declinedCount: 1, remaining: 20_000, window: [NOV, DEC] },
  );
  assert.is(row?.remainingBalance, domainRemaining(events, NOV));
});

test('a decline recorded twice gives the amount back once, as the agreement does', async () => {
  const events = [requested(1, 10_000, NOV, NOV), declined(1, NOV), declined(1, DEC)];
  const [row] = await rowsOf(events);
  assert.equal([row?.authorizedAmount, row?.declinedCount, row?.remainingBalance], [0, 1, 50_000]);
  assert.is(row?.remainingBalance, domainRemaining(events, NOV));
});

test('captures and refunds of the agreement’s orders count in the month they completed; an order without a parent counts nowhere', async () => {
  const events = [
    requested(1, 9_000, '2026-11-30T23:00:00.000Z', NOV),
    order('S1', '2026-11-30T23:00:00.000Z'),
    capture('S1', 9_000, '2026-11-30T23:00:00.000Z'),
    captured('S1', '2026-12-01T00:30:00.000Z'),
    refund('S1', 1_000, '2026-12-02T00:00:00.000Z'),
    refunded('S1', '2026-12-03T00:00:00.000Z'),
    order('S9', NOV, false),
    capture('S9', 700, NOV),
    captured('S9', NOV),
  ];
  const [nov, dec] = await rowsOf(events);
  assert.equal([nov?.month, nov?.authorizedAmount, nov?.capturedAmount, nov?.refundedAmount], ['2026-11', 9_000, 0, 0]);
  assert.equal([dec?.month, dec?.authorizedAmount, dec?.capturedAmount, dec?.captureCount, dec?.refundedAmount, dec?.refundCount, dec?.remainingBalance], ['2026-12', 0, 9_000, 1, 1_000, 1, 50_000]);
});

test('a capture reported Completed and then Closed counts once; one reported Closed without Completed counts too', async () => {
  const status = (orderId: string, state: 'Completed' | 'Closed'): OrderReferenceEvent => ({ type: 'CaptureStatusReported', orderReferenceId: orderId, at: NOV, captureId: `${orderId}-C000001`, status: { state, lastUpdateTimestamp: NOV } });
  const first = [order('S1', NOV), capture('S1', 2_000, NOV), status('S1', 'Completed'), captured('S1', NOV), status('S1', 'Closed')];
  const second = [order('S2', NOV), capture('S2', 300, NOV), status('S2', 'Closed')];
  const [row] = await rowsOf([...first, ...second]);
  assert.equal([row?.capturedAmount, row?.captureCount], [2_300, 2]);
});

test('a changed limit applies to every month, and the remaining balance never goes below zero', async () => {
  const lowered: BillingAgreementEvent = { type: 'MonthlyLimitChanged', billingAgreementId: BA, at: '2026-12-05T00:00:00.000Z', monthlyLimit: jpy(20_000) };
  const events = [requested(1, 30_000, NOV, NOV), requested(2, 1_000, DEC, DEC), lowered];
  const rows = await rowsOf(events);
  assert.equal(rows.map((r) => [r.month, r.limitAmount, r.remainingBalance, r.updatedAt]), [
    ['2026-11', 20_000, 0, lowered.at],
    ['2026-12', 20_000, 19_000, lowered.at],
  ]);
  for (const row of rows) assert.is(row.remainingBalance, domainRemaining(events, row.windowStart));
});

test('agreements near their limit are those whose authorized amount reached the threshold; totals add up per month and currency', async () => {
  const store: ProjectionStore = await projectEvents([...openHistory, requested(1, 40_000, NOV, NOV), requested(2, 1_000, DEC, DEC)]);
  const queries = new ProjectionQueries(store);
  assert.equal((await queries.nearLimit('2026-11', 80)).map((r) => r.billingAgreementId), [BA]);
  assert.equal(await queries.nearLimit('2026-11', 81), []);
  assert.equal(await queries.nearLimit('2026-12'), []);
  const totals = await queries.monthlyTotals();
  assert.equal(totals.map((t) => [t.month, t.currency, t.agreementCount, t.authorizedAmount]), [['2026-11', 'JPY', 1, 40_000], ['2026-12', 'JPY', 1, 1_000]]);
  const refused = await queries.spending('2026-13').then(() => undefined, (error: unknown) => error);
  assert.instance(refused, RangeError);
});

test.run();
