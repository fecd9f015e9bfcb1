/**
 * given / when / then over events, for any decider:
 *   given(decider, [created, consented]).when(confirm).then([confirmed])
 *   given(decider, [...]).when(command).rejects('BillingAgreementConstraintsExist')
 */
import * as assert from 'uvu/assert';
import { fold, type Decider, type Decision } from '../../domain/shared/decision.js';

export interface Then<Event, Code extends string> {
  readonly decision: Decision<Event, Code>;
  /** Accepted with exactly these events (deep equality, in order). */
  then(expected: readonly Event[]): void;
  /** Accepted with no events (a repeat, a known fact, an absorbed command). */
  thenNothing(): void;
  /** Rejected with this code; returns the rejection for further checks. */
  rejects(code: Code): { readonly message: string; readonly details?: unknown };
  /** The events of an accepted decision (fails when rejected). */
  events(): readonly Event[];
}

export function given<Command, Event, State, Code extends string>(decider: Decider<Command, Event, State, Code>, history: readonly Event[]) {
  const state = fold(decider.evolve, decider.initialState, history);
  return {
    state,
    when(command: Command): Then<Event, Code> {
      const decision = decider.decide(command, state);
      const accepted = (): readonly Event[] => {
        if (decision.kind === 'rejected') {
          assert.unreachable(`expected acceptance, got ${decision.rejection.code}: ${decision.rejection.message}`);
          return [];
        }
        return decision.events;
      };
      return {
        decision,
        then: (expected) => assert.equal(accepted(), expected),
        thenNothing: () => assert.equal(accepted(), []),
        rejects(code) {
          if (decision.kind === 'accepted') {
            assert.unreachable(`expected rejection ${code}, got events ${JSON.stringify(decision.events)}`);
            throw new Error('unreachable');
          }
          assert.is(decision.rejection.code, code, decision.rejection.message);
          return decision.rejection;
        },
        events: accepted,
      };
    },
  };
}
