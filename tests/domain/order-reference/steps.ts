/** Random steps for the model-based property test: each builds its command from the model when it runs. */
import fc from 'fast-check';
import type {
  AuthorizationState,
  CaptureState,
  OrderReferenceCommand,
  OrderState,
  RefundState,
} from '../../../domain/order-reference/index.js';
import type { AuthorizationOutcome } from '../../../domain/shared/amazon.js';
import type { Money } from '../../../domain/shared/money.js';
import { fromEpochMs, MS_PER_DAY, MS_PER_HOUR } from '../../../domain/shared/time.js';
import {
  amount,
  authorizationOutcome,
  ORDER_ID,
  partOf,
  percent,
  recent,
  reference,
  refundAmount,
  settleOutcome,
  show,
  status,
  usd,
} from './arbitraries.js';
import { Advance, Step, type Model, type Real } from './model.js';

const at = (m: Model): { orderReferenceId: string; at: string } => ({ orderReferenceId: ORDER_ID, at: fromEpochMs(m.now) });
const fresh = (m: Model, letter: string): string => `${ORDER_ID}-${letter}${String(m.next++).padStart(6, '0')}`;
/** The i-th id counted from the newest (recent objects are the likeliest to be usable), or an unknown id when there is none. */
const pickFrom = (ids: readonly string[], i: number, letter: string): string =>
  ids[ids.length - 1 - (i % Math.max(ids.length, 1))] ?? `${ORDER_ID}-${letter}999999`;
const referenceId = (m: Model, choice: number | undefined): string => (choice === undefined ? `ref-${m.next++}` : `r${choice}`);
const terminating = [
  fc.constantFrom(31 * MS_PER_DAY, 181 * MS_PER_DAY).map((ms) => new Advance(ms)),
  fc.string({ maxLength: 3 }).map((why) => new Step('cancel', 'idempotent', (m) => ({ type: 'CancelOrderReference', ...at(m), cancelationReason: why }))),
  fc.constantFrom('SellerClosed', 'MaxAuthorizationsProcessed').map(
    (code) => new Step(show('close', code), 'idempotent', (m) => ({ type: 'CloseOrderReference', ...at(m), reasonCode: code })),
  ),
];

const lifecycle = [
  fc.constantFrom(10 * 60_000, MS_PER_HOUR, 2 * MS_PER_HOUR).map((ms) => new Advance(ms)),
  fc.constantFrom('Visa', 'Amex').map((p) => new Step(show('select payment', p), 'intent', (m) => ({ type: 'SelectOrderPaymentMethod', ...at(m), paymentMethod: p }))),
  fc.constant(new Step('select address', 'intent', (m) => ({ type: 'SelectOrderAddress', ...at(m), destination: { city: 'Tokyo' } }))),
  fc.constant(new Step('confirm', 'intent', (m) => ({ type: 'ConfirmOrderReference', ...at(m) }))),
  amount.map((total) => new Step(show('set total', total), 'intent', (m) => ({ type: 'SetOrderReferenceDetails', ...at(m), orderTotal: total }))),
  fc.constant(new Step('expire', 'idempotent', (m) => ({ type: 'ExpireOrderReference', ...at(m) }))),
];

const authorizing = [
  fc.record({ amount, ref: reference, timeout: fc.constantFrom(0, 1440), captureNow: fc.boolean(), outcome: authorizationOutcome }).map(
    (p) =>
      new Step(
        show('authorize', p),
        'money',
        (m) => ({
          type: 'Authorize',
          ...at(m),
          authorizationId: fresh(m, 'A'),
          authorizationReferenceId: referenceId(m, p.ref),
          amount: p.amount,
          transactionTimeout: p.timeout,
          captureNow: p.captureNow,
          ...(p.captureNow ? { captureId: fresh(m, 'C') } : {}),
          outcome: p.outcome,
        }),
        (c, m) => ({ ...c, authorizationId: fresh(m, 'A'), captureId: fresh(m, 'C'), outcome: { state: 'Declined', reasonCode: 'AmazonRejected', softDecline: false } }) as OrderReferenceCommand,
      ),
  ),
];

const capturing = [
  fc.record({ pick: recent, percent, ref: reference, outcome: settleOutcome }).map(
    (p) =>
      new Step(
        show('capture', p),
        'money',
        (m) => {
          const authorizationId = pickFrom(m.authorizations, p.pick, 'A');
          return {
            type: 'Capture',
            ...at(m),
            captureId: fresh(m, 'C'),
            captureReferenceId: referenceId(m, p.ref),
            authorizationId,
            amount: partOf(m.authorized.get(authorizationId) ?? usd(10_00), p.percent),
            outcome: p.outcome,
          };
        },
        (c, m) => ({ ...c, captureId: fresh(m, 'C'), outcome: { state: 'Pending' } }) as OrderReferenceCommand,
      ),
  ),
];

const refundStep = (p: { pick: number; amount: Money; ref: number | undefined; outcome: typeof settleOutcome extends fc.Arbitrary<infer O> ? O : never }, times = 1): Step =>
  new Step(
    show(times === 1 ? 'refund' : `${times} refunds`, p),
    'money',
    (m) => ({
      type: 'Refund',
      ...at(m),
      refundId: fresh(m, 'R'),
      refundReferenceId: referenceId(m, p.ref),
      captureId: pickFrom(m.captures, p.pick, 'C'),
      amount: p.amount,
      outcome: p.outcome,
    }),
    (c, m) => ({ ...c, refundId: fresh(m, 'R'), outcome: { state: 'Declined', reasonCode: 'AmazonRejected' } }) as OrderReferenceCommand,
    times,
  );

const refunding = [
  fc.record({ pick: recent, amount: refundAmount, ref: reference, outcome: settleOutcome }).map((p) => refundStep(p)),
  fc.record({ times: fc.integer({ min: 3, max: 8 }), outcome: settleOutcome }).map(({ times, outcome }) => refundStep({ pick: 0, amount: usd(1_00), ref: undefined, outcome }, times)),
];

const outcomes = [
  fc.nat().map((pick) => new Step(show('close authorization', pick), 'idempotent', (m) => ({ type: 'CloseAuthorization', ...at(m), authorizationId: pickFrom(m.authorizations, pick, 'A') }))),
  fc.record({ pick: fc.nat(), outcome: authorizationOutcome.filter((o) => o.state !== 'Pending') }).map(
    (p) =>
      new Step(show('authorization outcome', p), 'idempotent', (m) => ({
        type: 'RecordOrderAuthorizationOutcome',
        ...at(m),
        authorizationId: pickFrom(m.authorizations, p.pick, 'A'),
        outcome: p.outcome as Exclude<AuthorizationOutcome, { state: 'Pending' }>,
      })),
  ),
  fc.record({ pick: fc.nat(), completed: fc.boolean() }).map(
    (p) =>
      new Step(show('capture outcome', p), 'idempotent', (m) => ({
        type: 'RecordCaptureOutcome',
        ...at(m),
        captureId: pickFrom(m.captures, p.pick, 'C'),
        outcome: p.completed ? { state: 'Completed' } : { state: 'Declined', reasonCode: 'AmazonRejected' },
      })),
  ),
  fc.record({ pick: fc.nat(), completed: fc.boolean() }).map(
    (p) =>
      new Step(show('refund outcome', p), 'idempotent', (m) => ({
        type: 'RecordRefundOutcome',
        ...at(m),
        refundId: pickFrom(m.refunds, p.pick, 'R'),
        outcome: p.completed ? { state: 'Completed' } : { state: 'Declined', reasonCode: 'ProcessingFailure' },
      })),
  ),
];

/** Mostly non-terminal, so that sequences go on after an order fact. */
const ORDER_STATES: readonly OrderState[] = ['Draft', 'Open', 'Open', 'Open', 'Suspended', 'Suspended', 'Canceled', 'Closed'];
const facts = [
  status(ORDER_STATES).map((s) => new Step(show('order fact', s), 'idempotent', (m) => ({ type: 'RecordOrderReferenceStatus', ...at(m), status: s }))),
  fc.record({ pick: fc.nat(), s: status<AuthorizationState>(['Pending', 'Open', 'Declined', 'Closed']) }).map(
    (p) => new Step(show('authorization fact', p), 'idempotent', (m) => ({ type: 'RecordOrderAuthorizationStatus', ...at(m), authorizationId: pickFrom(m.authorizations, p.pick, 'A'), status: p.s })),
  ),
  fc.record({ pick: fc.nat(), s: status<CaptureState>(['Pending', 'Completed', 'Declined', 'Closed']) }).map(
    (p) => new Step(show('capture fact', p), 'idempotent', (m) => ({ type: 'RecordCaptureStatus', ...at(m), captureId: pickFrom(m.captures, p.pick, 'C'), status: p.s })),
  ),
  fc.record({ pick: fc.nat(), s: status<RefundState>(['Pending', 'Completed', 'Declined']) }).map(
    (p) => new Step(show('refund fact', p), 'idempotent', (m) => ({ type: 'RecordRefundStatus', ...at(m), refundId: pickFrom(m.refunds, p.pick, 'R'), status: p.s })),
  ),
];

const weighted = (weight: number, arbitraries: fc.Arbitrary<fc.Command<Model, Real>>[]) => arbitraries.map((arbitrary) => ({ weight, arbitrary }));

/** One weighted choice: money operations dominate, so most sequences reach captures and refunds before the order ends. */
export const steps: fc.Arbitrary<fc.Command<Model, Real>> = fc.oneof(
  ...weighted(1, terminating),
  ...weighted(2, lifecycle),
  ...weighted(15, authorizing),
  ...weighted(15, capturing),
  ...weighted(12, refunding),
  ...weighted(4, outcomes),
  ...weighted(2, facts),
);
