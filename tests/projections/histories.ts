/**
 * Random histories through the real engine (in memory): billing agreement commands from the
 * decider's recipes on three agreements, plus captures, refunds and Amazon's reports on the
 * orders the engine created for them. What the properties of the projections run on.
 */
import fc from 'fast-check';
import type { BillingEngine } from '../../application/engine.js';
import type { StoredEvent } from '../../application/ports/event-store.js';
import { transactionId } from '../../application/ports/id-generator.js';
import type { BillingAgreementCommand } from '../../domain/billing-agreement/index.js';
import type { OrderReferenceCommand } from '../../domain/order-reference/index.js';
import { money } from '../../domain/shared/money.js';
import { addMs } from '../../domain/shared/time.js';
import { createBillingEngine, type BillingEngineOptions } from '../../infrastructure/composition/create-billing-engine.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { commandArbitraries, type Recipe } from '../domain/billing-agreement/recipes.js';

export const AGREEMENTS = ['C03-0000001-0000001', 'C03-0000001-0000002', 'C03-0000001-0000003'] as const;
const START = '2026-10-28T00:00:00.000Z';
const AMAZON_TIMES = ['2026-10-01T00:00:00Z', '2026-11-15T00:00:00Z', '2026-12-20T00:00:00Z'];

type OrderStep =
  | { readonly kind: 'capture'; readonly pick: number; readonly percent: number; readonly decline: boolean }
  | { readonly kind: 'refund'; readonly pick: number; readonly amount: number; readonly outcome: 'Completed' | 'Pending' | 'Declined' }
  | { readonly kind: 'captureStatus'; readonly pick: number; readonly state: 'Completed' | 'Closed' | 'Declined'; readonly time: number }
  | { readonly kind: 'refundStatus'; readonly pick: number; readonly state: 'Completed' | 'Declined'; readonly time: number }
  | { readonly kind: 'authorizeOrder'; readonly pick: number; readonly amount: number; readonly captureNow: boolean };

export type Step = { readonly kind: 'agreement'; readonly which: number; readonly recipe: Recipe } | OrderStep;

const pick = fc.nat(20);
const orderSteps: fc.Arbitrary<OrderStep>[] = [
  fc.record({ kind: fc.constant('capture' as const), pick, percent: fc.constantFrom(50, 100), decline: fc.boolean() }),
  fc.record({ kind: fc.constant('refund' as const), pick, amount: fc.constantFrom(1, 100, 500), outcome: fc.constantFrom('Completed' as const, 'Pending' as const, 'Declined' as const) }),
  fc.record({ kind: fc.constant('captureStatus' as const), pick, state: fc.constantFrom('Completed' as const, 'Closed' as const, 'Declined' as const), time: fc.nat(2) }),
  fc.record({ kind: fc.constant('refundStatus' as const), pick, state: fc.constantFrom('Completed' as const, 'Declined' as const), time: fc.nat(2) }),
  fc.record({ kind: fc.constant('authorizeOrder' as const), pick, amount: fc.constantFrom(100, 500), captureNow: fc.boolean() }),
];

const openingRecipe = (label: string, build: (now: string) => Omit<BillingAgreementCommand, 'billingAgreementId'>): Recipe => ({
  label,
  advanceMs: 0,
  build: ({ now }) => ({ ...build(now), billingAgreementId: AGREEMENTS[0] }) as BillingAgreementCommand,
});

/** A digital-goods agreement, confirmed: Open, so that money moves. */
const OPENING: readonly Recipe[] = [
  openingRecipe('Create digital', (at) => ({ type: 'CreateBillingAgreement', at, sellerId: 'S', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'B', email: 'b@example.jp' }, requiresShipping: false })),
  openingRecipe('Consent', (at) => ({ type: 'GiveBuyerConsent', at })),
  openingRecipe('SelectPaymentMethod', (at) => ({ type: 'SelectPaymentMethod', at, descriptor: 'Visa ****1111' })),
  openingRecipe('Confirm', (at) => ({ type: 'ConfirmBillingAgreement', at })),
];

const opening = (which: number): Step[] => OPENING.map((recipe) => ({ kind: 'agreement' as const, which, recipe }));

const jpy = (amount: number) => money(amount, 'JPY');
const recipe = <T>(values: fc.Arbitrary<T>, label: string, build: (v: T, now: string, sequence: number) => Omit<BillingAgreementCommand, 'billingAgreementId'>): fc.Arbitrary<Recipe> =>
  fc.tuple(values, fc.constantFrom(0, 3_600_000, 9 * 86_400_000)).map(([v, advanceMs]) => ({
    label: `${label}(${JSON.stringify(v)})`,
    advanceMs,
    build: ({ now, sequence }) => ({ ...build(v, now, sequence), billingAgreementId: AGREEMENTS[0] }) as BillingAgreementCommand,
  }));

/** Money and plans more often than the decider's recipes give them. */
const moneyRecipes: fc.Arbitrary<Recipe>[] = [
  recipe(
    fc.record({ amount: fc.constantFrom(1_000, 5_000, 20_000), captureNow: fc.boolean(), decline: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, fc.constantFrom('InvalidPaymentMethod' as const, 'AmazonRejected' as const)) }),
    'Charge',
    (v, at, n) => ({
      type: 'AuthorizeOnBillingAgreement',
      at,
      authorizationId: `S${n}-A000001`,
      orderReferenceId: `S${n}`,
      authorizationReferenceId: `charge-${n}`,
      amount: jpy(v.amount),
      chargeType: 'OneOff',
      transactionTimeout: 0,
      captureNow: v.captureNow,
      outcome: v.decline === null ? { state: 'Open' } : { state: 'Declined', reasonCode: v.decline, softDecline: false },
    }),
  ),
  recipe(fc.constantFrom(1_000, 2_980), 'SelectPlan', (price, at) => ({ type: 'SelectPlan', at, planId: `p${price}`, price: jpy(price), anchorDay: 28 })),
  recipe(fc.tuple(fc.constantFrom(500, 3_000, 9_800), fc.constantFrom('days' as const, 'seconds' as const)), 'ChangePlan', ([price, policy], at) => ({ type: 'ChangePlan', at, planId: `p${price}`, price: jpy(price), policy })),
  recipe(fc.constantFrom(5_000, 60_000, 60_000), 'ChangeLimit', (amount, at) => ({ type: 'ChangeMonthlyLimit', at, monthlyLimit: jpy(amount) })),
];

export const steps: fc.Arbitrary<Step[]> = fc
  .tuple(
    fc.array(fc.nat(AGREEMENTS.length - 1), { minLength: 1, maxLength: 2 }),
    fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('agreement' as const), which: fc.nat(AGREEMENTS.length - 1), recipe: fc.oneof(...commandArbitraries) }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('agreement' as const), which: fc.nat(AGREEMENTS.length - 1), recipe: fc.oneof(...moneyRecipes) }) },
        { weight: 3, arbitrary: fc.oneof(...orderSteps) },
      ),
      { minLength: 5, maxLength: 40, size: 'medium' },
    ),
  )
  .map(([opened, rest]) => [...[...new Set(opened)].flatMap(opening), ...rest]);

/** Commands are built from the history so far: the ids of the orders, captures and refunds in it. */
interface Known {
  readonly openAuthorizations: { orderId: string; authorizationId: string; amount: number }[];
  readonly captures: { orderId: string; captureId: string }[];
  readonly refunds: { orderId: string; refundId: string }[];
  readonly orders: string[];
}

function known(events: readonly StoredEvent[]): Known {
  const k: Known = { openAuthorizations: [], captures: [], refunds: [], orders: [] };
  const requested = new Map<string, { orderId: string; amount: number; captureNow: boolean }>();
  const captured = new Set<string>();
  for (const { data } of events) {
    const e = data as { type: string; orderReferenceId: string; authorizationId: string; captureId: string; refundId: string; captureNow: boolean; amount: { amount: number }; parent?: unknown };
    if (e.type === 'OrderReferenceCreated' && e.parent !== undefined) k.orders.push(e.orderReferenceId);
    if (e.type === 'OrderAuthorizationRequested') requested.set(e.authorizationId, { orderId: e.orderReferenceId, amount: e.amount.amount, captureNow: e.captureNow });
    if (e.type === 'CaptureRequested') captured.add(e.authorizationId);
    if (e.type === 'CaptureRequested') k.captures.push({ orderId: e.orderReferenceId, captureId: e.captureId });
    if (e.type === 'RefundRequested') k.refunds.push({ orderId: e.orderReferenceId, refundId: e.refundId });
    const auth = requested.get(e.authorizationId);
    if (e.type === 'OrderAuthorizationOpened' && auth !== undefined && !auth.captureNow && !captured.has(e.authorizationId)) {
      k.openAuthorizations.push({ orderId: auth.orderId, authorizationId: e.authorizationId, amount: auth.amount });
    }
  }
  return k;
}

const at = <T>(items: readonly T[], i: number): T | undefined => items[i % Math.max(items.length, 1)];

function orderCommand(step: OrderStep, k: Known, now: string, n: number): OrderReferenceCommand | undefined {
  switch (step.kind) {
    case 'capture': {
      const a = at(k.openAuthorizations, step.pick);
      if (a === undefined) return undefined;
      const outcome = step.decline ? ({ state: 'Declined', reasonCode: 'AmazonRejected' } as const) : ({ state: 'Completed' } as const);
      const amount = jpy(Math.max(1, Math.floor((a.amount * step.percent) / 100)));
      return { type: 'Capture', orderReferenceId: a.orderId, at: now, captureId: transactionId(a.orderId, 'C', n), captureReferenceId: `cap-${n}`, authorizationId: a.authorizationId, amount, outcome };
    }
    case 'refund': {
      const c = at(k.captures, step.pick);
      if (c === undefined) return undefined;
      const outcome = step.outcome === 'Declined' ? ({ state: 'Declined', reasonCode: 'AmazonRejected' } as const) : ({ state: step.outcome } as const);
      return { type: 'Refund', orderReferenceId: c.orderId, at: now, refundId: transactionId(c.orderId, 'R', n), refundReferenceId: `ref-${n}`, captureId: c.captureId, amount: jpy(step.amount), outcome };
    }
    case 'captureStatus': {
      const c = at(k.captures, step.pick);
      const lastUpdateTimestamp = AMAZON_TIMES[step.time] ?? now;
      return c && { type: 'RecordCaptureStatus', orderReferenceId: c.orderId, at: now, captureId: c.captureId, status: { state: step.state, lastUpdateTimestamp } };
    }
    case 'refundStatus': {
      const r = at(k.refunds, step.pick);
      const lastUpdateTimestamp = AMAZON_TIMES[step.time] ?? now;
      return r && { type: 'RecordRefundStatus', orderReferenceId: r.orderId, at: now, refundId: r.refundId, status: { state: step.state, lastUpdateTimestamp } };
    }
    case 'authorizeOrder': {
      const orderId = at(k.orders, step.pick);
      if (orderId === undefined) return undefined;
      const authorizationId = transactionId(orderId, 'A', n);
      const capture = step.captureNow ? { captureId: transactionId(orderId, 'C', n) } : {};
      return { type: 'Authorize', orderReferenceId: orderId, at: now, authorizationId, authorizationReferenceId: `auth-${n}`, amount: jpy(step.amount), transactionTimeout: 0, captureNow: step.captureNow, ...capture, outcome: { state: 'Open' } };
    }
  }
}

/** Gives each agreement its own ids for orders the recipes name by a small fixed set. */
function agreementCommand(step: Extract<Step, { kind: 'agreement' }>, now: string, sequence: number): BillingAgreementCommand {
  const id = AGREEMENTS[step.which] ?? AGREEMENTS[0];
  const command = { ...step.recipe.build({ now, sequence }), billingAgreementId: id };
  return command.type === 'CreateOneTimeOrder' ? { ...command, orderReferenceId: `${command.orderReferenceId}-${step.which}` } : command;
}

export interface Generated {
  readonly engine: BillingEngine;
  readonly events: StoredEvent[];
}

export async function allEventsOf(engine: BillingEngine): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of engine.deps.store.readAll()) events.push(event);
  return events;
}

/** An engine for `runSteps`: in memory, projections not followed (the tests drive them). */
export async function historyEngine(options: Partial<BillingEngineOptions> = {}): Promise<{ engine: BillingEngine; clock: ManualClock }> {
  const clock = new ManualClock(START);
  return { engine: await createBillingEngine({ store: 'memory:', clock, ids: new SequentialIdGenerator(7), follow: false, ...options }), clock };
}

/** Runs the steps; `after` sees the result of each command executed. */
export async function runSteps(engine: BillingEngine, clock: ManualClock, history: readonly Step[], after?: (result: unknown) => Promise<void>): Promise<void> {
  let n = 1;
  for (const step of history) {
    n += 1;
    if (step.kind === 'agreement') clock.set(addMs(clock.now(), step.recipe.advanceMs));
    const command = step.kind === 'agreement' ? agreementCommand(step, clock.now(), n) : orderCommand(step, known(await allEventsOf(engine)), clock.now(), n);
    if (command === undefined) continue;
    const result = await engine.execute(command);
    await after?.(result);
  }
}

/** Runs the steps on a fresh in-memory engine. */
export async function generate(history: readonly Step[]): Promise<Generated> {
  const { engine, clock } = await historyEngine();
  await runSteps(engine, clock, history);
  return { engine, events: await allEventsOf(engine) };
}
