/**
 * The shape every aggregate shares (the Decider pattern): `decide(command, state)` returns the
 * events to record or a typed rejection; `evolve(state, event)` folds one event into the state.
 */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A domain rejection: `code` is Amazon's error code where DOMAIN.md §6 has one. */
export interface Rejection<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
  readonly details?: { readonly [key: string]: JsonValue };
}

export type Decision<Event, Code extends string = string> =
  | { readonly kind: 'accepted'; readonly events: readonly Event[] }
  | { readonly kind: 'rejected'; readonly rejection: Rejection<Code> };

export function accept<Event>(...events: Event[]): Decision<Event, never> {
  return { kind: 'accepted', events };
}

/** Accepted with nothing to record: an exact repeat, an already-known fact, an absorbed command. */
export const nothing: Decision<never, never> = { kind: 'accepted', events: [] };

export function reject<Code extends string>(
  code: Code,
  message: string,
  details?: { readonly [key: string]: JsonValue },
): Decision<never, Code> {
  return { kind: 'rejected', rejection: details === undefined ? { code, message } : { code, message, details } };
}

export interface Decider<Command, Event, State, Code extends string = string> {
  readonly initialState: State;
  readonly decide: (command: Command, state: State) => Decision<Event, Code>;
  readonly evolve: (state: State, event: Event) => State;
}

export function fold<Event, State>(evolve: (state: State, event: Event) => State, initial: State, events: Iterable<Event>): State {
  let state = initial;
  for (const event of events) state = evolve(state, event);
  return state;
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
