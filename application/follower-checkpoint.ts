/**
 * The checkpoint of a follower whose reactions are idempotent (each command id derives from the
 * event it reacts to): saved once `everyEvents` events were handled, `afterMs` after the first
 * unsaved one, and on `save()` (at close) — not with a durable write per event. After a crash the
 * events handled since the last save are handled again, which changes nothing.
 */
import type { CheckpointStore } from './ports/checkpoint-store.js';
import type { GlobalPosition } from './ports/event-store.js';

export interface FollowerCheckpointOptions {
  /** Default 500. */
  readonly everyEvents?: number;
  /** Default 1000. */
  readonly afterMs?: number;
}

export class FollowerCheckpoint {
  /** The newest position handled and not yet saved. */
  #unsaved: GlobalPosition | undefined;
  #unsavedEvents = 0;
  #timer: NodeJS.Timeout | undefined;
  /** Writes, one after another (a newer position never lands before an older one). */
  #saving: Promise<void> = Promise.resolve();
  readonly #everyEvents: number;
  readonly #afterMs: number;

  constructor(
    private readonly store: CheckpointStore,
    readonly name: string,
    /** Where a failed timed save is reported (no caller is waiting for it). */
    private readonly onError: (error: Error) => void,
    options: FollowerCheckpointOptions = {},
  ) {
    this.#everyEvents = options.everyEvents ?? 500;
    this.#afterMs = options.afterMs ?? 1000;
  }

  get(): Promise<GlobalPosition | undefined> {
    return this.store.get(this.name);
  }

  /** Notes that everything up to `position` was handled. */
  async handled(position: GlobalPosition): Promise<void> {
    this.#unsaved = position;
    if (++this.#unsavedEvents >= this.#everyEvents) return this.save();
    this.#timer ??= setTimeout(() => {
      this.save().catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))));
    }, this.#afterMs).unref();
  }

  /** Writes the newest handled position, if any is unsaved. */
  save(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const position = this.#unsaved;
    this.#unsaved = undefined;
    this.#unsavedEvents = 0;
    if (position === undefined) return this.#saving;
    this.#saving = this.#saving.catch(() => undefined).then(() => this.store.put(this.name, position));
    return this.#saving;
  }
}
