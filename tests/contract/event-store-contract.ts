/**
 * The contract every adapter of the EventStore port must pass. An adapter's test file calls
 * `defineEventStoreContract('SQLite', open)`. Positions are treated as opaque strings, handed
 * back only to the store that issued them, and every check of the global order looks only at
 * the test's own streams, so a store shared with other data passes too.
 */
import { suite } from 'uvu';
import { defineAppendingContract } from './contract-appending.js';
import { defineConcurrencyContract } from './contract-concurrency.js';
import { defineReadingContract } from './contract-reading.js';
import { defineSubscribingContract } from './contract-subscribing.js';
import type { OpenStore } from './contract-support.js';

export type { OpenStore } from './contract-support.js';

export function defineEventStoreContract(name: string, open: OpenStore): void {
  const test = suite(`${name} event store contract`);
  defineAppendingContract(test, open);
  defineConcurrencyContract(test, open);
  defineReadingContract(test, open);
  defineSubscribingContract(test, open);
  test.run();
}
