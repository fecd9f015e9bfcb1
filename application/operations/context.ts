/** What every operation works with: the engine (store, clock, ids, payment processor) and the per-order lock. */
import type { BillingEngine, ExecuteOptions } from '../engine.js';
import type { KeyedLock } from '../keyed-lock.js';

export interface OperationContext {
  readonly engine: BillingEngine;
  readonly lock: KeyedLock;
}

export type { ExecuteOptions };
