/**
 * Following `$all` through the client's catch-up subscription: the server filters out system
 * events, the handler is awaited event by event (the client's stream is paused meanwhile).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { excludeSystemEvents, START, type AllStreamResolvedEvent, type AllStreamSubscription, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import { EventStoreUnavailableError, type SubscribeOptions, type Subscription } from '../../../application/ports/event-store.js';
import { comparePositions, decodePosition, isSystemEventType, toStoredEvent } from './esdb-codec.js';
import { translateError } from './esdb-errors.js';

/** Which subscription's handler the current code runs in: closing from inside must not wait for itself. */
const insideHandlerOf = new AsyncLocalStorage<EsdbSubscription>();

/** The handler's own error, reported as it was thrown (not read as a client error). */
class HandlerFailure {
  constructor(readonly cause: unknown) {}
}

export class EsdbSubscription implements Subscription {
  private closed = false;
  private readonly stream: AllStreamSubscription;
  private readonly after: Position | undefined;
  private readonly finished: Promise<void>;

  constructor(
    client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly onClosed: (subscription: EsdbSubscription) => void,
  ) {
    this.after = options.after === undefined ? undefined : decodePosition(options.after);
    this.stream = client.subscribeToAll({ fromPosition: this.after ?? START, filter: excludeSystemEvents() });
    this.finished = this.follow();
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.stream.unsubscribe().catch(() => undefined);
      // Ends the iteration even if the cancelled call never ends the client's stream.
      this.stream.destroy();
    }
    if (insideHandlerOf.getStore() !== this) await this.finished;
  }

  private async follow(): Promise<void> {
    try {
      for await (const resolved of this.stream as AsyncIterable<AllStreamResolvedEvent>) {
        if (this.closed) break;
        await this.deliver(resolved);
      }
      if (!this.closed) throw new EventStoreUnavailableError('the subscription to $all was ended by the server');
    } catch (error) {
      if (!this.closed) this.fail(error);
    } finally {
      this.onClosed(this);
    }
  }

  private async deliver(resolved: AllStreamResolvedEvent): Promise<void> {
    const recorded = resolved.event;
    if (recorded === undefined || isSystemEventType(recorded.type)) return;
    // The server starts after `after`; the check keeps that promise even if a server did not.
    if (this.after !== undefined && comparePositions(recorded.position, this.after) <= 0) return;
    const event = toStoredEvent(recorded);
    try {
      await insideHandlerOf.run(this, () => this.options.onEvent(event));
    } catch (error) {
      throw new HandlerFailure(error);
    }
  }

  private fail(error: unknown): void {
    this.closed = true;
    void this.stream.unsubscribe().then(
      () => this.stream.destroy(),
      () => this.stream.destroy(),
    );
    const failure = error instanceof HandlerFailure ? error.cause : translateError(error);
    this.options.onError?.(failure instanceof Error ? failure : new Error(String(failure)));
  }
}
