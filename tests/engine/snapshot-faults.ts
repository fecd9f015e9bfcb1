/**
 * Snapshots planted for the properties: valid ones at any revision (stale ones included) and
 * every kind of bad one a load must refuse.
 */
import fc from 'fast-check';
import type { AggregateDefinition } from '../../application/aggregate.js';
import { decodeEvent } from '../../application/event-codec.js';
import type { StoredEvent } from '../../application/ports/event-store.js';
import type { SnapshotStore } from '../../application/ports/snapshot-store.js';
import { encodeSnapshot } from '../../application/snapshot-codec.js';

export const FAULTS = ['none', 'valid', 'garbled', 'truncated', 'notJson', 'oldVersion', 'beyondEnd', 'shifted', 'otherStream', 'otherEventId'] as const;
export type Fault = (typeof FAULTS)[number];

export interface Plan {
  readonly fault: Fault;
  /** Where in the stream, as a fraction in thousandths. */
  readonly at: number;
  readonly flip: number;
  /** Which event's command id to check: beyond the stream's end, one never recorded. */
  readonly command: number;
  readonly every: number;
  readonly deleteBetweenLoads: boolean;
}

export const plan: fc.Arbitrary<Plan> = fc.record({
  fault: fc.constantFrom(...FAULTS),
  at: fc.nat(1000),
  flip: fc.nat(),
  command: fc.nat(),
  every: fc.integer({ min: 1, max: 4 }),
  deleteBetweenLoads: fc.boolean(),
});

/** Any of the aggregates (their commands, events and states differ). */
export type AnyDefinition = AggregateDefinition<any, any, any, any>;

/** The state after the events up to `revision`, by the plain fold of the decider. */
export function stateAt(definition: AnyDefinition, events: readonly StoredEvent[], revision: number): unknown {
  return events.slice(0, revision + 1).reduce((state, stored) => definition.decider.evolve(state, decodeEvent(definition, stored)), definition.decider.initialState);
}

function garble(text: string, flip: number): string {
  const i = flip % text.length;
  const replacement = text[i] === '1' ? '2' : '1';
  return `${text.slice(0, i)}${replacement}${text.slice(i + 1)}`;
}

/** Puts the snapshot the plan asks for (if any) into `store`. */
export async function plant(store: SnapshotStore, definition: AnyDefinition, streamId: string, events: readonly StoredEvent[], p: Plan): Promise<void> {
  const last = events.length - 1;
  const revision = Math.floor((p.at / 1000) * last);
  const event = events[revision];
  if (p.fault === 'none' || event === undefined) return;
  const valid = (r: number, eventId: string, state: unknown, stream = streamId) => encodeSnapshot(stream, r, eventId, state) ?? 'not exact JSON';
  const state = stateAt(definition, events, revision);
  const other = events[(revision + 1 + (p.flip % last || 0)) % events.length] ?? event;
  const text: Record<Exclude<Fault, 'none'>, () => [number, string, number?]> = {
    valid: () => [revision, valid(revision, event.eventId, state)],
    garbled: () => [revision, garble(valid(revision, event.eventId, state), p.flip)],
    truncated: () => [revision, valid(revision, event.eventId, state).slice(0, p.flip % 60)],
    notJson: () => [revision, 'not json at all'],
    // A state that is wrong for this version: used, it would change the answer.
    oldVersion: () => [revision, valid(revision, event.eventId, { legacy: true }), definition.snapshotVersion + 1],
    beyondEnd: () => [last + 1 + (p.flip % 3), valid(last + 1 + (p.flip % 3), `${event.eventId}-future`, state)],
    shifted: () => [other.revision, valid(other.revision, event.eventId, state)],
    otherStream: () => [revision, valid(revision, event.eventId, state, `${streamId}-other`)],
    otherEventId: () => [revision, valid(revision, other.eventId === event.eventId ? 'another' : other.eventId, state)],
  };
  const [r, planted, version] = text[p.fault]();
  await store.put(streamId, r, planted, version ?? definition.snapshotVersion);
}
