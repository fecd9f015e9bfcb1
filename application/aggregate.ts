/**
 * How the application sees an aggregate: its decider, how its streams are named, which command
 * addresses which instance, and which event types its history may hold.
 */
import type { Decider } from '../domain/shared/decision.js';

export interface AggregateDefinition<Command, Event extends { readonly type: string }, State, Code extends string> {
  readonly name: string;
  readonly decider: Decider<Command, Event, State, Code>;
  /** The stream of one instance: `BillingAgreement-C03-…`. */
  readonly streamId: (id: string) => string;
  readonly idOf: (command: Command) => string;
  /** Every event type this aggregate ever recorded (refuse anything else when decoding). */
  readonly eventTypes: ReadonlySet<string>;
  /** Old event shapes upgraded to the current ones while decoding, by type name. */
  readonly upcasters?: Readonly<Record<string, (data: unknown) => unknown>>;
  /**
   * Version of what `evolve` makes of a history (shape and meaning of the state). Bump it with
   * any change to the state or to `evolve`: snapshots written under another version are ignored.
   */
  readonly snapshotVersion: number;
}
