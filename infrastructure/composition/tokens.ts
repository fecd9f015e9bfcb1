/** Service identifiers of the composition root. */
export const TOKENS = {
  EventStore: Symbol.for('billing-engine.EventStore'),
  CheckpointStore: Symbol.for('billing-engine.CheckpointStore'),
  Clock: Symbol.for('billing-engine.Clock'),
  IdGenerator: Symbol.for('billing-engine.IdGenerator'),
  PaymentProcessor: Symbol.for('billing-engine.PaymentProcessor'),
  Engine: Symbol.for('billing-engine.Engine'),
} as const;
