/** `Authorize` on an order reference (DOMAIN.md §3, §3.1, §2.6). */
import { AUTHORIZATION_VALIDITY_DAYS, MAX_AUTHORIZATIONS_PER_ORDER } from '../policy.js';
import { accept, nothing, reject } from '../shared/decision.js';
import { add, showMoney } from '../shared/money.js';
import { checkReference } from '../shared/reference-ids.js';
import { addDays, isAtOrAfter } from '../shared/time.js';
import type { Authorize } from './commands.js';
import { declineAuthorization, openAuthorization } from './consequences.js';
import type { OrderAuthorizationRequested, OrderReferenceEvent } from './events.js';
import { authorizationFingerprint } from './fingerprints.js';
import {
  amountGuard,
  assertNewId,
  constraintsGuard,
  currencyGuard,
  firstRejection,
  invalidParameter,
  lengthGuard,
  positiveGuard,
  referenceIdGuard,
  wrongStatus,
  type OrderDecision,
} from './guards.js';
import { authorizationCapacityLeft, ceiling, chargedOrReserved } from './queries.js';
import { own } from '../shared/records.js';
import { project, type Order } from './state.js';

/** Amazon's maximum TransactionTimeout, in minutes. */
const MAX_TRANSACTION_TIMEOUT = 1440;

export function authorize(c: Authorize, o: Order): OrderDecision {
  const existing = own(o.references, c.authorizationReferenceId);
  const reference = checkReference(c.authorizationReferenceId, existing, 'Authorization', authorizationFingerprint(c));
  if (reference.kind === 'repeat') return nothing;
  if (reference.kind === 'rejected') return reference.decision;
  const refused = firstRejection(
    () => (o.status.state === 'Open' && !isAtOrAfter(c.at, o.expiresAt) ? undefined : wrongStatus(o, 'Authorize')),
    () => authorizationParameters(c),
    () => constraintsGuard(o),
    () => amountRefusal(c, o),
  );
  if (refused) return refused;
  assertNewId(o.authorizations, c.authorizationId, 'authorization');
  if (c.captureNow && c.captureId !== undefined) assertNewId(o.captures, c.captureId, 'capture');
  return accept(...authorizationEvents(c, o));
}

function authorizationParameters(c: Authorize): OrderDecision | undefined {
  return firstRejection(
    () => referenceIdGuard('AuthorizationReferenceId', c.authorizationReferenceId),
    () => positiveGuard('AuthorizationAmount', c.amount),
    () =>
      Number.isSafeInteger(c.transactionTimeout) && c.transactionTimeout >= 0 && c.transactionTimeout <= MAX_TRANSACTION_TIMEOUT
        ? undefined
        : invalidParameter('TransactionTimeout', `whole minutes from 0 to ${MAX_TRANSACTION_TIMEOUT}`),
    // Synchronous authorizations (TransactionTimeout=0) never return Pending (DOMAIN.md §2.4).
    () =>
      c.transactionTimeout === 0 && c.outcome.state === 'Pending'
        ? invalidParameter('TransactionTimeout', 'a synchronous authorization cannot be Pending')
        : undefined,
    () => (c.captureNow && c.captureId === undefined ? invalidParameter('CaptureNow', 'a capture id is needed to capture now') : undefined),
    () => lengthGuard('SellerAuthorizationNote', c.sellerAuthorizationNote, 255),
    () => lengthGuard('SoftDescriptor', c.softDescriptor, 16),
  );
}

/** Currency, the 10-authorization policy, and the order total plus tolerance. */
function amountRefusal(c: Authorize, o: Order): OrderDecision | undefined {
  const total = o.orderTotal;
  if (total === undefined) return undefined;
  const limit = ceiling(total);
  return firstRejection(
    () => currencyGuard(total, c.amount, 'the authorization amount'),
    () =>
      authorizationCapacityLeft(o) > 0
        ? undefined
        : reject('TransactionCountExceeded', `an order reference allows at most ${MAX_AUTHORIZATIONS_PER_ORDER} authorizations`, {
            orderReferenceId: o.id,
            limit: MAX_AUTHORIZATIONS_PER_ORDER,
          }),
    () => amountGuard(c.amount, limit, `the authorization of ${showMoney(c.amount)} exceeds the order total plus tolerance, ${showMoney(limit)}`),
    // A CaptureNow authorization captures at once: the order's captures must stay within the total plus tolerance.
    () =>
      c.captureNow
        ? amountGuard(add(chargedOrReserved(o, total.currency), c.amount), limit, 'capturing now would take the order past its total plus tolerance')
        : undefined,
  );
}

function authorizationEvents(c: Authorize, o: Order): OrderReferenceEvent[] {
  const requested: OrderAuthorizationRequested = {
    type: 'OrderAuthorizationRequested',
    orderReferenceId: o.id,
    at: c.at,
    authorizationId: c.authorizationId,
    authorizationReferenceId: c.authorizationReferenceId,
    amount: c.amount,
    ...(c.sellerAuthorizationNote === undefined ? {} : { sellerAuthorizationNote: c.sellerAuthorizationNote }),
    ...(c.softDescriptor === undefined ? {} : { softDescriptor: c.softDescriptor }),
    transactionTimeout: c.transactionTimeout,
    captureNow: c.captureNow,
    ...(c.captureNow && c.captureId !== undefined ? { captureId: c.captureId } : {}),
    expiresAt: addDays(c.at, AUTHORIZATION_VALIDITY_DAYS),
  };
  const next = project(o, [requested]);
  switch (c.outcome.state) {
    case 'Pending':
      return [requested];
    case 'Open':
      return [requested, ...openAuthorization(next, c.authorizationId, c.at)];
    case 'Declined':
      return [requested, ...declineAuthorization(next, c.authorizationId, c.outcome, c.at)];
  }
}
