/** Value generators for the order reference property test. */
import fc from 'fast-check';
import type { AuthorizationOutcome } from '../../../domain/shared/amazon.js';
import { money, type Money } from '../../../domain/shared/money.js';
import { fromEpochMs, MS_PER_HOUR } from '../../../domain/shared/time.js';

export const ORDER_ID = 'S01-1111111-2222222';
/** Amazon's clock, unrelated to the engine's: a small pool so duplicates and stale facts happen. */
export const amazonTime = fc.integer({ min: 0, max: 8 }).map((k) => fromEpochMs(Date.UTC(2019, 4, 1) + k * MS_PER_HOUR));

export const recent = fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 2 }) }, { weight: 1, arbitrary: fc.nat() });
/** Mostly a fresh seller reference id; sometimes one of a small shared pool (repeats, DuplicateRequest, DuplicateReferenceId). */
export const reference = fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 7 }) });
export const usd = (amount: number): Money => money(amount, 'USD');
export const amount = fc.oneof(
  { weight: 10, arbitrary: fc.oneof(fc.constantFrom(1_00, 10_00, 15_00, 50_00, 100_00, 115_00, 116_00), fc.integer({ min: 1, max: 130_00 })).map(usd) },
  { weight: 1, arbitrary: fc.constantFrom(money(500, 'JPY'), usd(0)) },
);
export const percent = fc.constantFrom(10, 50, 100, 100, 101);
export const refundAmount = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(1_00, 1_00, 5_00, 10_00, 50_00, 100_00).map(usd) },
  { weight: 1, arbitrary: fc.constantFrom(money(500, 'JPY'), usd(0), usd(116_00)) },
);
export const partOf = (m: Money, p: number): Money => money(Math.floor((m.amount * p) / 100), m.currency);

export const authorizationOutcome: fc.Arbitrary<AuthorizationOutcome> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ state: 'Open' as const }) },
  { weight: 2, arbitrary: fc.constant({ state: 'Pending' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      state: fc.constant('Declined' as const),
      reasonCode: fc.constantFrom('InvalidPaymentMethod', 'AmazonRejected', 'ProcessingFailure', 'TransactionTimedOut'),
      softDecline: fc.boolean(),
    }),
  },
);
export const settleOutcome = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ state: 'Completed' as const }) },
  { weight: 1, arbitrary: fc.constant({ state: 'Pending' as const }) },
  { weight: 1, arbitrary: fc.record({ state: fc.constant('Declined' as const), reasonCode: fc.constantFrom('AmazonRejected', 'ProcessingFailure') }) },
);
export const reason = fc.option(fc.constantFrom('AmazonClosed', 'AmazonCanceled', 'InvalidPaymentMethod', 'SellerClosed'), { nil: undefined });
export const status = <S extends string>(states: readonly S[]) =>
  fc.record({ state: fc.constantFrom(...states), reasonCode: reason, lastUpdateTimestamp: amazonTime }).map(({ reasonCode, ...rest }) => ({
    ...rest,
    ...(reasonCode === undefined ? {} : { reasonCode }),
  }));
export const show = (name: string, params: unknown): string => `${name} ${JSON.stringify(params)}`;
