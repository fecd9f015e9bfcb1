import {
  ORDER_REFERENCE_EVENT_TYPES,
  orderReferenceDecider,
  type OrderReferenceCommand,
  type OrderReferenceErrorCode,
  type OrderReferenceEvent,
  type OrderReferenceState,
} from '../../domain/order-reference/index.js';
import type { AggregateDefinition } from '../aggregate.js';

export const ORDER_REFERENCE_STREAM_PREFIX = 'OrderReference-';

export const orderReferences: AggregateDefinition<OrderReferenceCommand, OrderReferenceEvent, OrderReferenceState, OrderReferenceErrorCode> = {
  name: 'OrderReference',
  decider: orderReferenceDecider,
  streamId: (id) => `${ORDER_REFERENCE_STREAM_PREFIX}${id}`,
  idOf: (command) => command.orderReferenceId,
  eventTypes: new Set(ORDER_REFERENCE_EVENT_TYPES),
  snapshotVersion: 1,
};
