/**
 * The stand-in's memory: one transaction log with EventStoreDB's append semantics (optimistic
 * concurrency, idempotent retries by event id) and `$all` positions (commit, prepare).
 */

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  /** Lower-case canonical UUID. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface LoggedEvent extends ProposedEvent, Position {
  readonly streamId: string;
  readonly revision: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server writes `created`. */
  readonly created: bigint;
}

export type Expected = { readonly kind: 'any' | 'no_stream' | 'stream_exists' } | { readonly kind: 'revision'; readonly revision: bigint };

/** `undefined` revision: the stream does not exist; `undefined` position: nothing was written. */
export type AppendOutcome =
  | { readonly kind: 'success'; readonly currentRevision: bigint | undefined; readonly position: Position | undefined }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined };

/** Bytes a record takes in the log besides its payload: positions advance like a real log's. */
const RECORD_OVERHEAD = 100n;

export class EventLog {
  private readonly all: LoggedEvent[] = [];
  private readonly streams = new Map<string, LoggedEvent[]>();
  private nextLogPosition = 0n;
  private waiters: (() => void)[] = [];

  constructor(private readonly clock: () => bigint = () => BigInt(Date.now()) * 10_000n) {}

  append(streamId: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);
    const replay = idempotentReplay(stream, expected, events);
    if (replay !== undefined) return replay;
    if (!matches(expected, current)) return { kind: 'wrong_expected_version', currentRevision: current };
    if (events.length === 0) return { kind: 'success', currentRevision: current, position: undefined };
    for (const event of events) {
      const logged: LoggedEvent = {
        ...event,
        streamId,
        revision: BigInt(stream.length),
        created: this.clock(),
        // An append is an implicit transaction: in `$all` each event sits at its own record, commit = prepare.
        commit: this.nextLogPosition,
        prepare: this.nextLogPosition,
      };
      this.nextLogPosition += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length);
      stream.push(logged);
      this.all.push(logged);
    }
    this.streams.set(streamId, stream);
    this.wakeWaiters();
    const last = stream[stream.length - 1];
    return { kind: 'success', currentRevision: last?.revision, position: last && positionOf(last) };
  }

  /** Undefined when the stream does not exist. */
  readStream(streamId: string, from: bigint | 'start' | 'end', direction: 'forwards' | 'backwards', count: number): LoggedEvent[] | undefined {
    const stream = this.streams.get(streamId);
    if (stream === undefined) return undefined;
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? stream.length : Number(from);
      return stream.slice(start, start + count);
    }
    const end = from === 'end' ? stream.length : from === 'start' ? 1 : Math.min(Number(from) + 1, stream.length);
    return stream.slice(Math.max(0, end - count), end).reverse();
  }

  /** Forwards from `from` inclusive, as the server reads `$all`; backwards from `from` exclusive. */
  /** What an intruder with the server's files could do: the payload of a stored event replaced in place. */
  rewrite(streamId: string, revision: number, data: Uint8Array): void {
    const stream = this.streams.get(streamId) ?? [];
    const at = stream.findIndex((e) => e.revision === BigInt(revision));
    const event = stream[at];
    if (event === undefined) throw new Error(`no ${streamId}@${revision}`);
    const changed = { ...event, data };
    stream[at] = changed;
    const index = this.all.indexOf(event);
    if (index >= 0) this.all[index] = changed;
  }

  readAll(from: Position | 'start' | 'end', direction: 'forwards' | 'backwards', count: number): LoggedEvent[] {
    if (direction === 'forwards') return this.scanForwards(this.indexOf(from, 0), count, () => true);
    const end = this.indexOf(from === 'start' ? 'end' : from, 0);
    return this.all.slice(Math.max(0, end - count), end).reverse();
  }

  /** The events after `after` (exclusive) that `keep` accepts, as a subscription delivers them. */
  readAllAfter(after: Position | 'start', count: number, keep: (e: LoggedEvent) => boolean): LoggedEvent[] {
    return this.scanForwards(this.indexOf(after, 1), count, keep);
  }

  lastPosition(): Position | undefined {
    const last = this.all[this.all.length - 1];
    return last && positionOf(last);
  }

  /** Resolves at the next append (or at once, if `signal` is already aborted). */
  nextAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      this.waiters.push(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private wakeWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  private scanForwards(start: number, count: number, keep: (e: LoggedEvent) => boolean): LoggedEvent[] {
    const found: LoggedEvent[] = [];
    for (let i = start; i < this.all.length && found.length < count; i++) {
      const event = this.all[i];
      if (event !== undefined && keep(event)) found.push(event);
    }
    return found;
  }

  /** Index of the first event at (`past` 0) or after (`past` 1) the position. */
  private indexOf(from: Position | 'start' | 'end', past: 0 | 1): number {
    if (from === 'start') return 0;
    if (from === 'end') return this.all.length;
    const index = this.all.findIndex((e) => comparePositions(e, from) >= past);
    return index === -1 ? this.all.length : index;
  }
}
export function positionOf(event: Position): Position {
  return { commit: event.commit, prepare: event.prepare };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

function matches(expected: Expected, current: bigint | undefined): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    case 'revision':
      return current === expected.revision;
  }
}

/**
 * The server's idempotency check: events already written with the same ids, in the same order,
 * where this append would have put them, make the append a success that writes nothing. A
 * partial match is a conflict (the server's "corrupted idempotency").
 */
function idempotentReplay(stream: readonly LoggedEvent[], expected: Expected, events: readonly ProposedEvent[]): AppendOutcome | undefined {
  const first = events[0];
  if (first === undefined) return undefined;
  const start = replayStart(stream, expected, first.id);
  if (start === undefined || stream[start]?.id !== first.id) return undefined;
  const written = stream.slice(start, start + events.length);
  const replayed = written.length === events.length && written.every((e, i) => e.id === events[i]?.id);
  if (!replayed) return conflict(stream);
  return { kind: 'success', currentRevision: written[written.length - 1]?.revision, position: undefined };
}

function replayStart(stream: readonly LoggedEvent[], expected: Expected, firstId: string): number | undefined {
  switch (expected.kind) {
    case 'no_stream':
      return 0;
    case 'revision':
      return Number(expected.revision) + 1;
    case 'any':
    case 'stream_exists': {
      const index = stream.findIndex((e) => e.id === firstId);
      return index === -1 ? undefined : index;
    }
  }
}

function conflict(stream: readonly LoggedEvent[]): AppendOutcome {
  return { kind: 'wrong_expected_version', currentRevision: stream.length === 0 ? undefined : BigInt(stream.length - 1) };
}
