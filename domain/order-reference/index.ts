export type * from './commands.js';
export type * from './events.js';
export { ORDER_REFERENCE_EVENT_TYPES } from './event-types.js';
export type { OrderReferenceErrorCode } from './errors.js';
export { decide, orderReferenceDecider } from './decide.js';
export {
  evolve,
  initialState,
  type Authorization,
  type Capture as CaptureRecord,
  type Order,
  type OrderReferenceState,
  type Refund as RefundRecord,
} from './state.js';
export { constraintsOf } from './guards.js';
export * from './types.js';
