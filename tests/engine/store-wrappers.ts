/** Event stores wrapped for tests: one that outlives its engines, one that fails on cue. */
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, ReadAllOptions, StoredEvent, SubscribeOptions, Subscription } from '../../application/ports/event-store.js';

export class DelegatingStore implements EventStore {
  constructor(protected readonly inner: EventStore) {}
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, events, expected);
  }
  readStream(streamId: string, options?: { readonly fromRevision?: number }): AsyncIterable<StoredEvent> {
    return this.inner.readStream(streamId, options);
  }
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent> {
    return this.inner.readAll(options);
  }
  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** Closing it leaves the inner store open: the in-memory store then behaves like a file across restarts. */
export class DurableStore extends DelegatingStore {
  override async close(): Promise<void> {}
}

/** Throws, as a crashing process would, on the first append to a stream that matches. */
export class CrashingStore extends DelegatingStore {
  crashed = false;
  constructor(inner: EventStore, private readonly crashOn: (streamId: string) => boolean) {
    super(inner);
  }
  override append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (!this.crashed && this.crashOn(streamId)) {
      this.crashed = true;
      return Promise.reject(new Error(`simulated crash before appending to ${streamId}`));
    }
    return super.append(streamId, events, expected);
  }
  override async close(): Promise<void> {}
}
