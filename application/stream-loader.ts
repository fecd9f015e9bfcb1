/**
 * Loading an aggregate: fold its stream, from a snapshot when a usable one exists, and find the
 * events a command id already recorded. A snapshot is a pure cache: one that is missing, of
 * another `snapshotVersion`, garbled, or of a history the stream does not continue is ignored and
 * the whole stream is folded, so no answer depends on it.
 *
 * The command-id check: a command's events are written by one append with the ids
 * `eventIdFor(commandId, stream, 0…n−1)` (event-codec.ts), so where the store has an
 * EventLocator (SQLite, memory) it finds the first by the store's index and the block is read
 * from there on; folds then read no metadata at all. Without one (EventStoreDB) the fold compares
 * each event's metadata.
 */
import type { AggregateDefinition } from './aggregate.js';
import { decodeEvent, eventIdFor } from './event-codec.js';
import { readStreamPages, type EventMetadata, type EventStore, type RecordedData, type StoredEvent } from './ports/event-store.js';
import type { SnapshotSettings } from './ports/snapshot-store.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

export interface Loaded<Event, State> {
  readonly state: State;
  readonly revision: number;
  /** Events already recorded by the given command id, if any. */
  readonly recordedByCommand: readonly Event[];
}

/** A state and where in its stream it stands. */
export interface StreamPoint<State> {
  readonly state: State;
  readonly revision: number;
  /** Id of the event at `revision`; undefined when the stream does not exist. */
  readonly lastEventId: string | undefined;
}

export interface LoadedStream<Event, State> extends Loaded<Event, State>, StreamPoint<State> {
  /** Events folded since the snapshot the load started from (all of them without one). */
  readonly sinceSnapshot: number;
}

/** The stream's events with their metadata, one page each (the shape `readStreamPages` gives). */
async function* readStreamWithMetadata(store: EventStore, streamId: string, from: { readonly fromRevision?: number }): AsyncIterable<readonly StoredEvent[]> {
  for await (const stored of store.readStream(streamId, from)) yield [stored];
}

/** A point kept in memory, and how many events it holds beyond the stream's stored snapshot. */
interface RecentPoint<State> extends StreamPoint<State> {
  readonly sinceStored: number;
}

type Definition<C, E extends { readonly type: string }, S, Code extends string> = AggregateDefinition<C, E, S, Code>;

/**
 * How much the memory tier holds by default, counted in events folded into the kept states
 * (their size grows with their history): about 200,000 events' worth, at most 10,000 streams.
 */
export const DEFAULT_RECENT_EVENTS = 200_000;
export const DEFAULT_RECENT_STREAMS = 10_000;

export class StreamLoader {
  /**
   * The latest point of recently used streams, least recently used first: an in-memory snapshot
   * with the same checks as a stored one (the read starts at its revision and its event id must
   * still be there), so another process's appends are folded in and a store that no longer
   * continues it is folded from the start. States are immutable values, so sharing one is safe.
   */
  readonly #recent = new Map<string, RecentPoint<unknown>>();
  /** Events folded into the kept states (each state's revision + 1). */
  #recentEvents = 0;

  constructor(
    private readonly store: EventStore,
    private readonly snapshots: SnapshotSettings | undefined,
    private readonly recentStreams = DEFAULT_RECENT_STREAMS,
    private readonly recentEvents = DEFAULT_RECENT_EVENTS,
  ) {}

  async load<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    id: string,
    commandId?: string,
  ): Promise<LoadedStream<E, S>> {
    const streamId = definition.streamId(id);
    const initial = { state: definition.decider.initialState, revision: -1, lastEventId: undefined };
    const folded =
      (await this.fromRecent(definition, streamId, commandId)) ??
      (await this.fromSnapshot(definition, streamId, commandId)) ??
      (await this.foldAfter(definition, streamId, initial, commandId));
    if (folded === undefined) throw new Error(`stream '${streamId}': a fold from the start cannot fail its snapshot check`);
    await this.remember(definition, streamId, folded, folded.sinceSnapshot);
    if (commandId === undefined || this.snapshots === undefined) return folded;
    // With a locator, folds read no metadata: the command's events are found by their ids.
    const recordedByCommand = await this.recordedFrom(definition, streamId, commandId, folded.revision);
    return recordedByCommand.length === 0 ? folded : { ...folded, recordedByCommand };
  }

  /** Forgets every point kept in memory (the next loads read from snapshots or the start). */
  forgetRecent(): void {
    this.#recent.clear();
    this.#recentEvents = 0;
  }

  /** Writes a snapshot of `loaded` if `sinceSnapshot` events were folded since the last one; a failed write is only a cache miss. */
  async remember<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    streamId: string,
    loaded: StreamPoint<S>,
    sinceSnapshot: number,
  ): Promise<void> {
    const due = this.snapshots !== undefined && sinceSnapshot >= this.snapshots.every && loaded.lastEventId !== undefined;
    this.#keep(streamId, loaded, due ? 0 : sinceSnapshot);
    if (this.snapshots === undefined || !due || loaded.lastEventId === undefined) return;
    const text = encodeSnapshot(streamId, loaded.revision, loaded.lastEventId, loaded.state);
    if (text === undefined) return;
    await this.snapshots.store.put(streamId, loaded.revision, text, definition.snapshotVersion).catch(() => undefined);
  }

  #keep(streamId: string, point: StreamPoint<unknown>, sinceStored: number): void {
    this.#forget(streamId);
    if (this.recentStreams <= 0 || point.lastEventId === undefined || point.revision + 1 > this.recentEvents) return;
    this.#recent.set(streamId, { state: point.state, revision: point.revision, lastEventId: point.lastEventId, sinceStored });
    this.#recentEvents += point.revision + 1;
    // The least recently used go first.
    for (const oldest of this.#recent.keys()) {
      if (this.#recent.size <= this.recentStreams && this.#recentEvents <= this.recentEvents) break;
      this.#forget(oldest);
    }
  }

  #forget(streamId: string): void {
    const kept = this.#recent.get(streamId);
    if (kept === undefined) return;
    this.#recent.delete(streamId);
    this.#recentEvents -= kept.revision + 1;
  }

  /**
   * From the point kept in memory. The command-id check needs the store's event locator for the
   * events before that point (as with a stored snapshot): without one this tier is skipped.
   */
  private async fromRecent<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    streamId: string,
    commandId: string | undefined,
  ): Promise<LoadedStream<E, S> | undefined> {
    const point = this.#recent.get(streamId) as RecentPoint<S> | undefined;
    if (point === undefined || (commandId !== undefined && this.snapshots === undefined)) return undefined;
    // The store may know the stream is still where this point left it: then there is nothing to read.
    if (this.store.knownRevision?.(streamId) === point.revision) {
      return { state: point.state, revision: point.revision, lastEventId: point.lastEventId, sinceSnapshot: point.sinceStored, recordedByCommand: [] };
    }
    const loaded = await this.foldAfter(definition, streamId, point, commandId);
    if (loaded === undefined) {
      this.#forget(streamId);
      return undefined;
    }
    return { ...loaded, sinceSnapshot: point.sinceStored + loaded.sinceSnapshot };
  }

  private async fromSnapshot<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    streamId: string,
    commandId: string | undefined,
  ): Promise<LoadedStream<E, S> | undefined> {
    const start = await this.snapshotStart(definition, streamId);
    if (start === undefined) return undefined;
    if (await this.#atHead(streamId, start)) return { ...start, sinceSnapshot: 0, recordedByCommand: [] };
    return this.foldAfter(definition, streamId, start, commandId);
  }

  /**
   * Whether the stream ends where the snapshot does, its last event the one the snapshot names
   * (the check `foldAfter` makes on the event it reads first): then there is nothing to read.
   * Two lookups in the store's indexes instead of a read of the stream; false without them.
   */
  async #atHead(streamId: string, start: StreamPoint<unknown>): Promise<boolean> {
    const locator = this.snapshots?.locator;
    if (locator?.currentRevision === undefined || start.lastEventId === undefined) return false;
    if ((await locator.currentRevision(streamId)) !== start.revision) return false;
    return (await locator.revisionOf(streamId, start.lastEventId)) === start.revision;
  }

  private async snapshotStart<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    streamId: string,
  ): Promise<StreamPoint<S> | undefined> {
    if (this.snapshots === undefined) return undefined;
    const snapshot = await this.snapshots.store.get(streamId).catch(() => undefined);
    if (snapshot === undefined || snapshot.version !== definition.snapshotVersion) return undefined;
    if (!Number.isSafeInteger(snapshot.revision) || snapshot.revision < 0) return undefined;
    const decoded = decodeSnapshot(streamId, snapshot.revision, snapshot.state);
    return decoded && { state: decoded.state as S, revision: snapshot.revision, lastEventId: decoded.lastEventId };
  }

  /**
   * Folds the events after `start`. From a snapshot (revision ≥ 0) the read begins at the
   * snapshot's own last event, which must be the one it names: otherwise undefined. The events
   * `commandId` recorded are noted only without a locator (which `load` asks instead); with one,
   * the read leaves the metadata out.
   */
  private async foldAfter<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    streamId: string,
    start: StreamPoint<S>,
    commandId: string | undefined,
  ): Promise<LoadedStream<E, S> | undefined> {
    let { state, revision, lastEventId } = start;
    let verified = start.revision < 0;
    let sinceSnapshot = 0;
    const recordedByCommand: E[] = [];
    const from = verified ? {} : { fromRevision: start.revision };
    const byMetadata = commandId !== undefined && this.snapshots === undefined;
    const pages: AsyncIterable<readonly (RecordedData & { readonly metadata?: EventMetadata })[]> = byMetadata
      ? readStreamWithMetadata(this.store, streamId, from)
      : readStreamPages(this.store, streamId, from);
    for await (const page of pages) {
      for (const stored of page) {
        if (!verified) {
          if (stored.revision !== start.revision || stored.eventId !== start.lastEventId) return undefined;
          verified = true;
          continue;
        }
        const event = decodeEvent<E>(definition, stored);
        state = definition.decider.evolve(state, event);
        revision = stored.revision;
        lastEventId = stored.eventId;
        sinceSnapshot++;
        if (byMetadata && stored.metadata?.commandId === commandId) recordedByCommand.push(event);
      }
    }
    return verified ? { state, revision, lastEventId, sinceSnapshot, recordedByCommand } : undefined;
  }

  /** The events `commandId` recorded, if its first one lies at or before `upTo`, found by the locator. */
  private async recordedFrom<C, E extends { readonly type: string }, S, Code extends string>(
    definition: Definition<C, E, S, Code>,
    streamId: string,
    commandId: string,
    upTo: number,
  ): Promise<E[]> {
    const first = await this.snapshots?.locator.revisionOf(streamId, eventIdFor(commandId, streamId, 0));
    if (first === undefined || first > upTo) return [];
    const events: E[] = [];
    for await (const stored of this.store.readStream(streamId, { fromRevision: first })) {
      if (stored.metadata.commandId !== commandId) break;
      events.push(decodeEvent<E>(definition, stored));
    }
    return events;
  }
}
