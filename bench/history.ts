/**
 * A realistic history made by the real deciders: JP agreements signing up, charged every month
 * (captured at once, through an implicit order as AuthorizeOnBillingAgreement does), upgrading
 * and downgrading with proration, declining for InvalidPaymentMethod and recovering through an
 * IPN, buying one-time items, pausing, closing. Deterministic for a seed.
 */
import { billingAgreementDecider, type BillingAgreementCommand, type BillingAgreementEvent, type BillingAgreementState } from '../domain/billing-agreement/index.js';
import { orderReferenceDecider, type OrderReferenceCommand, type OrderReferenceEvent } from '../domain/order-reference/index.js';
import type { Decider } from '../domain/shared/decision.js';
import { money } from '../domain/shared/money.js';
import { addMs, MS_PER_DAY } from '../domain/shared/time.js';

export interface StreamBatch {
  readonly streamId: string;
  readonly events: readonly (BillingAgreementEvent | OrderReferenceEvent)[];
}

/** mulberry32: a small deterministic generator. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decideAll<C, E, S>(decider: Decider<C, E, S>, state: S, commands: readonly C[]): { state: S; events: E[] } {
  const events: E[] = [];
  for (const command of commands) {
    const decision = decider.decide(command, state);
    if (decision.kind === 'rejected') continue;
    for (const event of decision.events) {
      state = decider.evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
}

const PRICES = [980, 1_980, 4_980] as const;
/** A command of this agreement, without its id (distributes over the union). */
type AgreementCommand = BillingAgreementCommand extends infer C ? (C extends unknown ? Omit<C, 'billingAgreementId'> : never) : never;
const jpy = (amount: number) => money(amount, 'JPY');

class Agreement {
  state: BillingAgreementState = billingAgreementDecider.initialState;
  orders = 0;
  price: number;
  closed = false;
  constructor(
    readonly id: string,
    readonly rand: () => number,
  ) {
    this.price = PRICES[Math.floor(rand() * PRICES.length)] ?? 980;
  }

  run(commands: readonly AgreementCommand[]): BillingAgreementEvent[] {
    const full = commands.map((c) => ({ ...c, billingAgreementId: this.id }) as BillingAgreementCommand);
    const result = decideAll(billingAgreementDecider, this.state, full);
    this.state = result.state;
    return result.events;
  }

  signUp(at: string): BillingAgreementEvent[] {
    return this.run([
      { type: 'CreateBillingAgreement', at, sellerId: 'A1BENCHSELLER', marketplace: 'JP', releaseEnvironment: 'Live', buyer: { name: `Buyer ${this.id}`, email: `${this.id}@example.jp` } },
      { type: 'GiveBuyerConsent', at },
      { type: 'SelectAddress', at, destination: { name: 'Buyer', addressLine1: '1-2-3 Shibuya', city: 'Shibuya-ku', postalCode: '150-0002', countryCode: 'JP' } },
      { type: 'SelectPaymentMethod', at, descriptor: 'Visa ****1111' },
      { type: 'ConfirmBillingAgreement', at },
      { type: 'SelectPlan', at, planId: `plan-${this.price}`, price: jpy(this.price), anchorDay: 1 },
    ]);
  }

  /** A charge through an implicit order: the agreement's events and the order's. */
  charge(at: string, amount: number, ref: string, declined: 'InvalidPaymentMethod' | 'AmazonRejected' | undefined): StreamBatch[] {
    const orderId = `P03-${this.id.slice(4)}-${String(++this.orders).padStart(4, '0')}`;
    const authorizationId = `${orderId}-A000001`;
    const outcome = declined ? ({ state: 'Declined', reasonCode: declined, softDecline: false } as const) : ({ state: 'Open' } as const);
    const agreementEvents = this.run([
      { type: 'AuthorizeOnBillingAgreement', at, authorizationId, orderReferenceId: orderId, authorizationReferenceId: ref, amount: jpy(amount), chargeType: 'Recurring', transactionTimeout: 0, captureNow: true, outcome },
    ]);
    if (agreementEvents.length === 0) return [];
    const orderCommands: OrderReferenceCommand[] = [
      { type: 'CreateOrderReference', orderReferenceId: orderId, at, sellerId: 'A1BENCHSELLER', releaseEnvironment: 'Live', orderTotal: jpy(amount), parent: { billingAgreementId: this.id, paymentMethod: 'Visa ****1111' }, confirmNow: true },
      { type: 'Authorize', orderReferenceId: orderId, at, authorizationId, authorizationReferenceId: ref, amount: jpy(amount), transactionTimeout: 0, captureNow: true, captureId: `${orderId}-C000001`, outcome },
      { type: 'CloseOrderReference', orderReferenceId: orderId, at, reasonCode: 'MaxAuthorizationsProcessed' },
    ];
    const order = decideAll(orderReferenceDecider, orderReferenceDecider.initialState, orderCommands);
    return [
      { streamId: `BillingAgreement-${this.id}`, events: agreementEvents },
      { streamId: `OrderReference-${orderId}`, events: order.events },
    ];
  }
}

/** One month of one agreement: what happens, as batches per stream in order. */
function month(a: Agreement, monthStart: string, index: number): StreamBatch[] {
  const r = a.rand;
  const day = (d: number) => addMs(monthStart, d * MS_PER_DAY + Math.floor(r() * 3_600_000));
  const agreement = (events: BillingAgreementEvent[]): StreamBatch[] => (events.length ? [{ streamId: `BillingAgreement-${a.id}`, events }] : []);
  const batches: StreamBatch[] = [];
  const status = a.state.exists ? a.state.agreement.status.state : 'None';
  if (status === 'Suspended') {
    batches.push(...agreement(a.run([{ type: 'RecordPaymentMethodUpdate', at: day(2), lastUpdateTimestamp: day(2) }])));
  }
  const roll = r();
  const declined = roll < 0.03 ? 'InvalidPaymentMethod' : roll < 0.05 ? 'AmazonRejected' : undefined;
  batches.push(...a.charge(day(3), a.price, `m${index}`, declined));
  if (r() < 0.08) {
    const next = PRICES[Math.floor(r() * PRICES.length)] ?? 980;
    const changed = a.run([{ type: 'ChangePlan', at: day(14), planId: `plan-${next}`, price: jpy(next), policy: r() < 0.5 ? 'days' : 'seconds' }]);
    batches.push(...agreement(changed));
    a.price = next;
    const net = changed.find((e) => e.type === 'PlanChanged');
    if (net?.type === 'PlanChanged' && net.net.amount > 0) batches.push(...a.charge(day(14), net.net.amount, `p${index}`, undefined));
  }
  if (r() < 0.04) batches.push(...a.charge(day(20), 500 + Math.floor(r() * 5_000), `o${index}`, undefined));
  if (r() < 0.02) batches.push(...agreement(a.run([{ type: 'PauseRecurringCharges', at: day(22) }, { type: 'ResumeRecurringCharges', at: day(26) }])));
  if (r() < 0.015) {
    batches.push(...agreement(a.run([{ type: 'CloseBillingAgreement', at: day(27), closureReason: 'Customer cancelled' }])));
    a.closed = true;
  }
  return batches;
}

/**
 * Yields batches in global order until about `targetEvents` events: agreements sign up over the
 * first months, then every open agreement lives one more month, month after month.
 */
export function* generateHistory(targetEvents: number, seed: number): Generator<StreamBatch> {
  const r = random(seed);
  const agreements: Agreement[] = [];
  const perAgreement = 100;
  const total = Math.max(1, Math.ceil(targetEvents / perAgreement));
  let produced = 0;
  for (let m = 0; produced < targetEvents; m++) {
    const monthStart = new Date(Date.UTC(2024, m, 1)).toISOString();
    const joining = Math.min(total - agreements.length, Math.ceil(total / 6));
    for (let i = 0; i < joining; i++) {
      const a = new Agreement(`B03-${String(agreements.length + 1).padStart(7, '0')}-${String(seed).padStart(7, '0').slice(-7)}`, random(seed * 7919 + agreements.length));
      agreements.push(a);
      const events = a.signUp(addMs(monthStart, Math.floor(r() * 20) * MS_PER_DAY));
      produced += events.length;
      yield { streamId: `BillingAgreement-${a.id}`, events };
    }
    for (const a of agreements) {
      if (a.closed) continue;
      for (const batch of month(a, monthStart, m)) {
        produced += batch.events.length;
        yield batch;
        if (produced >= targetEvents) return;
      }
    }
  }
}
