/** Ids, instants, money and ready-made histories for the order reference examples. */
import type {
  Authorize,
  Capture,
  OrderReferenceEvent,
  Refund,
} from '../../../domain/order-reference/index.js';
import { money, type Money } from '../../../domain/shared/money.js';
import { addDays, addHours, type Instant } from '../../../domain/shared/time.js';

export const ORO = 'S01-6910968-3348607';
export const BA = 'C01-8824045-7416542';
export const SELLER = 'A1SELLER';
export const authId = (n: number): string => `${ORO}-A${String(n).padStart(6, '0')}`;
export const capId = (n: number): string => `${ORO}-C${String(n).padStart(6, '0')}`;
export const refId = (n: number): string => `${ORO}-R${String(n).padStart(6, '0')}`;

export const T0: Instant = '2026-01-10T09:00:00.000Z';
export const T1: Instant = addHours(T0, 1);
export const T2: Instant = addHours(T0, 2);
export const later = (hours: number): Instant => addHours(T0, hours);

export const usd = (amount: number): Money => money(amount, 'USD');
export const jpy = (amount: number): Money => money(amount, 'JPY');

const base = { orderReferenceId: ORO };

export const created = (over: Partial<Extract<OrderReferenceEvent, { type: 'OrderReferenceCreated' }>> = {}): OrderReferenceEvent => ({
  type: 'OrderReferenceCreated',
  ...base,
  at: T0,
  sellerId: SELLER,
  releaseEnvironment: 'Sandbox',
  expiresAt: addDays(T0, 180),
  orderTotal: usd(100_00),
  ...over,
});

export const paymentSelected = (paymentMethod = 'Visa ****1111', at: Instant = T0): OrderReferenceEvent => ({
  type: 'OrderPaymentMethodSelected',
  ...base,
  at,
  paymentMethod,
});

export const confirmed = (at: Instant = T0): OrderReferenceEvent => ({ type: 'OrderReferenceConfirmed', ...base, at });

/** A created, paid-for, confirmed order of 100.00 USD. */
export const openOrder: readonly OrderReferenceEvent[] = [created(), paymentSelected(), confirmed()];

export const authorizationRequested = (n: number, amount: Money = usd(100_00), at: Instant = T1, over: object = {}): OrderReferenceEvent => ({
  type: 'OrderAuthorizationRequested',
  ...base,
  at,
  authorizationId: authId(n),
  authorizationReferenceId: `auth-${n}`,
  amount,
  transactionTimeout: 1440,
  captureNow: false,
  expiresAt: addDays(at, 30),
  ...over,
});

export const authorizationOpened = (n: number, at: Instant = T1): OrderReferenceEvent => ({
  type: 'OrderAuthorizationOpened',
  ...base,
  at,
  authorizationId: authId(n),
});

/** Requested and opened. */
export const openAuthorization = (n: number, amount: Money = usd(100_00), at: Instant = T1): OrderReferenceEvent[] => [
  authorizationRequested(n, amount, at),
  authorizationOpened(n, at),
];

export const captureRequested = (n: number, authorization: number, amount: Money = usd(100_00), at: Instant = T2): OrderReferenceEvent => ({
  type: 'CaptureRequested',
  ...base,
  at,
  captureId: capId(n),
  captureReferenceId: `cap-${n}`,
  authorizationId: authId(authorization),
  amount,
});

export const captureCompleted = (n: number, at: Instant = T2): OrderReferenceEvent => ({ type: 'CaptureCompleted', ...base, at, captureId: capId(n) });

export const authorizationClosed = (n: number, reasonCode: string, at: Instant = T2): OrderReferenceEvent =>
  ({ type: 'OrderAuthorizationClosed', ...base, at, authorizationId: authId(n), reasonCode }) as OrderReferenceEvent;

/** Authorization n opened, captured by capture n, completed and closed. */
export const capturedAuthorization = (n: number, amount: Money = usd(100_00)): OrderReferenceEvent[] => [
  ...openAuthorization(n, amount),
  captureRequested(n, n, amount),
  captureCompleted(n),
  authorizationClosed(n, 'MaxCapturesProcessed'),
];

export const refundRequested = (n: number, capture: number, amount: Money, at: Instant = T2): OrderReferenceEvent => ({
  type: 'RefundRequested',
  ...base,
  at,
  refundId: refId(n),
  refundReferenceId: `refund-${n}`,
  captureId: capId(capture),
  amount,
});

export const authorize = (n: number, over: Partial<Authorize> = {}): Authorize => ({
  type: 'Authorize',
  ...base,
  at: T1,
  authorizationId: authId(n),
  authorizationReferenceId: `auth-${n}`,
  amount: usd(100_00),
  transactionTimeout: 1440,
  captureNow: false,
  outcome: { state: 'Open' },
  ...over,
});

export const capture = (n: number, authorization: number, over: Partial<Capture> = {}): Capture => ({
  type: 'Capture',
  ...base,
  at: T2,
  captureId: capId(n),
  captureReferenceId: `cap-${n}`,
  authorizationId: authId(authorization),
  amount: usd(100_00),
  outcome: { state: 'Completed' },
  ...over,
});

export const refund = (n: number, captureN: number, amount: Money, over: Partial<Refund> = {}): Refund => ({
  type: 'Refund',
  ...base,
  at: T2,
  refundId: refId(n),
  refundReferenceId: `refund-${n}`,
  captureId: capId(captureN),
  amount,
  outcome: { state: 'Completed' },
  ...over,
});
