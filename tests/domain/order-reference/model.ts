/**
 * The model for the order reference property tests: a simplified mirror (ids known so far,
 * authorization count and amounts, the first terminal status) next to the real decider state,
 * the invariants checked after every step, and the two kinds of step (a command, the clock).
 */
import type fc from 'fast-check';
import * as assert from 'uvu/assert';
import {
  evolve,
  initialState,
  orderReferenceDecider as decider,
  type OrderReferenceCommand,
  type OrderReferenceEvent,
  type OrderReferenceState,
  type Status,
} from '../../../domain/order-reference/index.js';
import { MAX_AUTHORIZATIONS_PER_ORDER, MAX_REFUNDS_PER_CAPTURE, overageAllowance } from '../../../domain/policy.js';
import { fold, type Decision } from '../../../domain/shared/decision.js';
import { add, type Money } from '../../../domain/shared/money.js';
import { MS_PER_HOUR } from '../../../domain/shared/time.js';

export interface Model {
  now: number;
  next: number;
  readonly authorizations: string[];
  readonly captures: string[];
  readonly refunds: string[];
  /** Amounts of the authorizations requested so far, by id. */
  readonly authorized: Map<string, Money>;
  /** The status the order had when it first became Canceled or Closed. */
  terminal?: Status<string>;
}

export interface Real {
  state: OrderReferenceState;
  readonly events: OrderReferenceEvent[];
}

export const emptyModel = (now: number): Model => ({ now, next: 1, authorizations: [], captures: [], refunds: [], authorized: new Map() });

/** Decides, records the events on the real side and mirrors their ids in the model. */
export function step(m: Model, r: Real, command: OrderReferenceCommand): Decision<OrderReferenceEvent> {
  const decision = decider.decide(command, r.state);
  if (decision.kind === 'rejected') return decision;
  r.events.push(...decision.events);
  r.state = fold(evolve, r.state, decision.events);
  for (const e of decision.events) {
    if (e.type === 'OrderAuthorizationRequested') {
      m.authorizations.push(e.authorizationId);
      m.authorized.set(e.authorizationId, e.amount);
    }
    if (e.type === 'CaptureRequested') m.captures.push(e.captureId);
    if (e.type === 'RefundRequested') m.refunds.push(e.refundId);
  }
  return decision;
}

const ceiling = (base: Money): Money => add(base, overageAllowance(base));
const sumOf = (amounts: readonly Money[]): number => amounts.reduce((total, a) => total + a.amount, 0);

/** Every invariant, after every step. */
export function checkInvariants(m: Model, r: Real): void {
  assert.equal(fold(evolve, initialState, r.events), r.state, 'replaying the events reproduces the state');
  if (!r.state.exists) return;
  const o = r.state.order;
  if (m.terminal !== undefined) assert.equal(o.status, m.terminal, 'a Canceled or Closed order never changes state');
  if (o.status.state === 'Canceled' || o.status.state === 'Closed') m.terminal ??= o.status;

  const authorizations = Object.values(o.authorizations);
  assert.ok(authorizations.length <= MAX_AUTHORIZATIONS_PER_ORDER, 'at most 10 authorizations');
  assert.is(authorizations.length, m.authorizations.length, 'the model saw every authorization');
  const captures = Object.values(o.captures);
  for (const c of captures) {
    const authorized = m.authorized.get(c.authorizationId);
    assert.ok(authorized !== undefined && c.amount.currency === authorized.currency, 'a capture is on a known authorization, in its currency');
    assert.ok(c.amount.amount <= authorized.amount, 'a capture never exceeds its authorization');
    const refunds = Object.values(o.refunds).filter((x) => x.captureId === c.id);
    assert.ok(refunds.length <= MAX_REFUNDS_PER_CAPTURE, 'at most 10 refunds per capture');
    const refunded = sumOf(refunds.filter((x) => x.status.state !== 'Declined').map((x) => x.amount));
    assert.ok(refunded <= ceiling(c.amount).amount, 'refunds stay within the captured amount plus tolerance');
  }
  for (const a of authorizations) {
    const live = captures.filter((c) => c.authorizationId === a.id && c.status.state !== 'Declined');
    assert.ok(live.length <= 1, 'one capture per authorization');
  }
  if (o.orderTotal !== undefined) {
    const charged = sumOf(captures.filter((c) => c.status.state !== 'Declined').map((c) => c.amount));
    assert.ok(charged <= ceiling(o.orderTotal).amount, 'captures stay within the order total plus tolerance');
  }
}

/** A command whose repeat must add nothing: accepted with no events, or rejected as before. */
export function assertRepeatAddsNothing(first: Decision<OrderReferenceEvent>, again: Decision<OrderReferenceEvent>, what: string): void {
  if (again.kind === 'accepted') assert.equal(again.events, [], `${what}: a repeat adds no events`);
  if (first.kind === 'accepted' && first.events.length > 0) assert.is(again.kind, 'accepted', `${what}: a repeat of an accepted request is accepted`);
}

type Kind = 'intent' | 'idempotent' | 'money';
type Build = (m: Model) => OrderReferenceCommand;
/** For a money request: the same request again (same reference id and parameters), with a fresh id and another outcome. */
type Again = (c: OrderReferenceCommand, m: Model) => OrderReferenceCommand;

export class Step implements fc.Command<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly kind: Kind,
    private readonly build: Build,
    private readonly again?: Again,
    /** Runs several times in a row (bursts of small refunds reach the per-capture limits). */
    private readonly times: number = 1,
  ) {}
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    for (let i = 0; i < this.times; i++) this.once(m, r);
  }
  private once(m: Model, r: Real): void {
    const command = this.build(m);
    const first = step(m, r, command);
    checkInvariants(m, r);
    if (this.kind === 'idempotent') assertRepeatAddsNothing(first, step(m, r, command), this.label);
    if (this.kind === 'money' && this.again && first.kind === 'accepted') assertRepeatAddsNothing(first, step(m, r, this.again(command, m)), this.label);
    checkInvariants(m, r);
  }
  toString(): string {
    return this.label;
  }
}

export class Advance implements fc.Command<Model, Real> {
  constructor(private readonly ms: number) {}
  check(): boolean {
    return true;
  }
  run(m: Model): void {
    m.now += this.ms;
  }
  toString(): string {
    return `advance ${this.ms / MS_PER_HOUR}h`;
  }
}
