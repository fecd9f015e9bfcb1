/** The order reference decider: one small function per command, dispatched here. */
import { assertNever, type Decider } from '../shared/decision.js';
import type { OrderReferenceCommand } from './commands.js';
import { authorize } from './decide-authorize.js';
import { capture, refund } from './decide-capture-refund.js';
import { recordOrderAuthorizationStatus, recordCaptureStatus, recordOrderReferenceStatus, recordRefundStatus } from './decide-facts.js';
import { cancel, close, confirm, create, selectAddress, selectPaymentMethod, setDetails } from './decide-lifecycle.js';
import { closeAuthorization, expire, recordOrderAuthorizationOutcome, recordCaptureOutcome, recordRefundOutcome } from './decide-settle.js';
import type { OrderReferenceErrorCode } from './errors.js';
import type { OrderReferenceEvent } from './events.js';
import { withOrder, type OrderDecision } from './guards.js';
import { evolve, initialState, type Order, type OrderReferenceState } from './state.js';

type OnOrder = Exclude<OrderReferenceCommand, { type: 'CreateOrderReference' }>;

export function decide(command: OrderReferenceCommand, state: OrderReferenceState): OrderDecision {
  if (command.type === 'CreateOrderReference') return create(command, state);
  return withOrder(state, command.orderReferenceId, (order) => decideOnOrder(command, order));
}

function decideOnOrder(c: OnOrder, o: Order): OrderDecision {
  switch (c.type) {
    case 'SetOrderReferenceDetails':
      return setDetails(c, o);
    case 'SelectOrderPaymentMethod':
      return selectPaymentMethod(c, o);
    case 'SelectOrderAddress':
      return selectAddress(c, o);
    case 'ConfirmOrderReference':
      return confirm(c, o);
    case 'Authorize':
      return authorize(c, o);
    case 'RecordOrderAuthorizationOutcome':
      return recordOrderAuthorizationOutcome(c, o);
    case 'Capture':
      return capture(c, o);
    case 'RecordCaptureOutcome':
      return recordCaptureOutcome(c, o);
    case 'Refund':
      return refund(c, o);
    case 'RecordRefundOutcome':
      return recordRefundOutcome(c, o);
    case 'CloseAuthorization':
      return closeAuthorization(c, o);
    case 'CancelOrderReference':
      return cancel(c, o);
    case 'CloseOrderReference':
      return close(c, o);
    case 'ExpireOrderReference':
      return expire(c, o);
    case 'RecordOrderReferenceStatus':
      return recordOrderReferenceStatus(c, o);
    case 'RecordOrderAuthorizationStatus':
      return recordOrderAuthorizationStatus(c, o);
    case 'RecordCaptureStatus':
      return recordCaptureStatus(c, o);
    case 'RecordRefundStatus':
      return recordRefundStatus(c, o);
    default:
      return assertNever(c);
  }
}

export const orderReferenceDecider: Decider<OrderReferenceCommand, OrderReferenceEvent, OrderReferenceState, OrderReferenceErrorCode> = {
  initialState,
  decide,
  evolve,
};
