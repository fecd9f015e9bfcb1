/** Transaction ids carry their order reference: `S01-6910968-3348607-A000001` belongs to `S01-6910968-3348607`. */
import type { Order } from '../../domain/order-reference/index.js';
import { transactionId } from '../ports/id-generator.js';

const TRANSACTION_ID = /^(.+)-([ACR])(\d{6})$/;

/** The order reference of an authorization (A), capture (C) or refund (R) id, if the id has that shape. */
export function orderReferenceIdOf(id: string, kind: 'A' | 'C' | 'R'): string | undefined {
  const match = TRANSACTION_ID.exec(id);
  return match !== null && match[2] === kind ? match[1] : undefined;
}

export const nextAuthorizationId = (o: Order): string => transactionId(o.id, 'A', Object.keys(o.authorizations).length + 1);

/** Captures count those already requested and those a pending CaptureNow authorization has reserved. */
export function nextCaptureId(o: Order): string {
  const ids = new Set(Object.keys(o.captures));
  for (const a of Object.values(o.authorizations)) if (a.captureNowId !== undefined) ids.add(a.captureNowId);
  return transactionId(o.id, 'C', ids.size + 1);
}

export const nextRefundId = (o: Order): string => transactionId(o.id, 'R', Object.keys(o.refunds).length + 1);
