import {
  REFERENCE_ID_EVENT_TYPES,
  referenceIdDecider,
  type ReferenceIdCommand,
  type ReferenceIdErrorCode,
  type ReferenceIdEvent,
  type ReferenceIdState,
} from '../../domain/reference-id/index.js';
import type { AggregateDefinition } from '../aggregate.js';

/** One stream per seller and reference id: `ReferenceId-A1SELLER-auth-0001`. */
export const referenceIds: AggregateDefinition<ReferenceIdCommand, ReferenceIdEvent, ReferenceIdState, ReferenceIdErrorCode> = {
  name: 'ReferenceId',
  decider: referenceIdDecider,
  streamId: (key) => `ReferenceId-${key}`,
  idOf: (command) => `${command.sellerId}-${command.referenceId}`,
  eventTypes: new Set(REFERENCE_ID_EVENT_TYPES),
  snapshotVersion: 1,
};
