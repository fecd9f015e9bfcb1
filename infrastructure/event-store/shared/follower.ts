/**
 * The catch-up-then-follow loop behind `subscribeToAll` of the SQLite and in-memory stores: reads
 * everything after the last delivered position, then sleeps until woken by an append of the same
 * store or, when a poll interval is given, until it elapses (appends by other processes).
 */
import type { GlobalPosition, StoredEvent, SubscribeOptions, Subscription } from '../../../application/ports/event-store.js';

export type ReadAfter = (after: GlobalPosition | undefined) => AsyncIterable<StoredEvent>;

export class Follower implements Subscription {
  #closed = false;
  #woken = false;
  #wakeUp: (() => void) | undefined;
  readonly #done: Promise<void>;

  constructor(
    private readonly readAfter: ReadAfter,
    private readonly options: SubscribeOptions,
    private readonly pollIntervalMs: number | undefined,
    onEnded: (follower: Follower) => void,
  ) {
    this.#done = this.#follow().finally(() => onEnded(this));
  }

  /** There may be new events: read again now instead of at the next poll. */
  wake(): void {
    if (this.#wakeUp) this.#wakeUp();
    else this.#woken = true;
  }

  /**
   * Waits for the event being handled, if any. A handler must not await `close()` of its own
   * subscription: that would wait for itself.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.wake();
    return this.#done;
  }

  async #follow(): Promise<void> {
    let after = this.options.after;
    // Start after subscribeToAll has returned the subscription to its caller.
    await Promise.resolve();
    try {
      while (!this.#closed) {
        for await (const event of this.readAfter(after)) {
          if (this.#closed) return;
          await this.options.onEvent(event);
          after = event.position;
        }
        await this.#sleep();
      }
    } catch (error) {
      if (!this.#closed) this.#fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Without onError a failure surfaces as an uncaught exception rather than being lost. */
  #fail(error: Error): void {
    this.#closed = true;
    const { onError } = this.options;
    if (onError) onError(error);
    else
      setImmediate(() => {
        throw error;
      });
  }

  #sleep(): Promise<void> {
    if (this.#woken || this.#closed) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = this.pollIntervalMs === undefined ? undefined : setTimeout(() => done(), this.pollIntervalMs);
      const done = (): void => {
        clearTimeout(timer);
        this.#wakeUp = undefined;
        resolve();
      };
      this.#wakeUp = done;
    });
  }
}
