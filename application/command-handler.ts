/**
 * Handling one command: load (fold the stream, from its snapshot if any: stream-loader.ts),
 * decide, append with the expected revision, then perhaps write a snapshot (outside the append's
 * transaction: a cache, whose failure changes nothing). On a version conflict it loads and
 * decides again, a bounded number of times. A rejection is a value; only bugs and
 * infrastructure failures throw.
 */
import type { Rejection } from '../domain/shared/decision.js';
import type { AggregateDefinition } from './aggregate.js';
import { encodeEvents } from './event-codec.js';
import { KeyedLock } from './keyed-lock.js';
import type { Clock } from './ports/clock.js';
import { WrongExpectedRevisionError, type Actor, type EventStore, type GlobalPosition, type Source } from './ports/event-store.js';
import type { SnapshotSettings } from './ports/snapshot-store.js';
import { StreamLoader, type Loaded } from './stream-loader.js';

export type { Loaded } from './stream-loader.js';

export interface CommandMetadata {
  /** The idempotency key: the same id after success returns the first result and appends nothing. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly actor: Actor;
  readonly source: Source;
}

export type HandlerResult<Event, State, Code extends string> =
  | {
      readonly kind: 'accepted';
      /** The events this command recorded (on a resent command: those recorded the first time). */
      readonly events: readonly Event[];
      readonly state: State;
      /** Revision of the stream's last event, −1 when the stream does not exist. */
      readonly revision: number;
      readonly position?: GlobalPosition;
      /** True when the command id had been handled before: nothing was appended now. */
      readonly duplicate: boolean;
    }
  | { readonly kind: 'rejected'; readonly rejection: Rejection<Code>; readonly state: State };

export class ConcurrencyExhaustedError extends Error {
  constructor(streamId: string, attempts: number) {
    super(`stream '${streamId}': still conflicting after ${attempts} attempts`);
    this.name = 'ConcurrencyExhaustedError';
  }
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Pause before attempt n (n ≥ 2) after a conflict with another process: grows, capped. */
  readonly backoffMs: (attempt: number) => number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 50,
  backoffMs: (attempt) => Math.min(50, 2 ** Math.min(attempt, 6)),
};

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CommandHandler {
  /** Commands on one stream run one after another within this process; other processes are met by retries. */
  private readonly streams = new KeyedLock();

  private readonly loader: StreamLoader;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    /** Without them every load folds the whole stream. */
    snapshots?: SnapshotSettings,
  ) {
    this.loader = new StreamLoader(store, snapshots);
  }

  /** Forgets the streams' latest points kept in memory (tests, and callers that swapped the store's file). */
  forgetRecent(): void {
    this.loader.forgetRecent();
  }

  /** The aggregate's current state (from its snapshot and the events after it, if any) and what `commandId` recorded. */
  load<C, E extends { readonly type: string }, S, Code extends string>(
    definition: AggregateDefinition<C, E, S, Code>,
    id: string,
    commandId?: string,
  ): Promise<Loaded<E, S>> {
    return this.loader.load(definition, id, commandId);
  }

  async handle<C, E extends { readonly type: string }, S, Code extends string>(
    definition: AggregateDefinition<C, E, S, Code>,
    command: C,
    metadata: CommandMetadata,
  ): Promise<HandlerResult<E, S, Code>> {
    const id = definition.idOf(command);
    const streamId = definition.streamId(id);
    return this.streams.run(streamId, () => this.attempt(definition, command, metadata, id, streamId));
  }

  private async attempt<C, E extends { readonly type: string }, S, Code extends string>(
    definition: AggregateDefinition<C, E, S, Code>,
    command: C,
    metadata: CommandMetadata,
    id: string,
    streamId: string,
  ): Promise<HandlerResult<E, S, Code>> {
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) await pause(this.retry.backoffMs(attempt));
      const loaded = await this.loader.load(definition, id, metadata.commandId);
      if (loaded.recordedByCommand.length > 0) {
        return { kind: 'accepted', events: loaded.recordedByCommand, state: loaded.state, revision: loaded.revision, duplicate: true };
      }
      const decision = definition.decider.decide(command, loaded.state);
      if (decision.kind === 'rejected') return { kind: 'rejected', rejection: decision.rejection, state: loaded.state };
      if (decision.events.length === 0) {
        return { kind: 'accepted', events: [], state: loaded.state, revision: loaded.revision, duplicate: false };
      }
      const records = encodeEvents(streamId, decision.events, { ...metadata, recordedAt: this.clock.now() });
      try {
        const written = await this.store.append(streamId, records, loaded.revision < 0 ? 'no_stream' : loaded.revision);
        const state = decision.events.reduce(definition.decider.evolve, loaded.state);
        const last = { state, revision: written.nextExpectedRevision, lastEventId: records.at(-1)?.eventId };
        await this.loader.remember(definition, streamId, last, loaded.sinceSnapshot + records.length);
        return { kind: 'accepted', events: decision.events, state, revision: written.nextExpectedRevision, position: written.position, duplicate: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
      }
    }
    throw new ConcurrencyExhaustedError(streamId, this.retry.maxAttempts);
  }
}
