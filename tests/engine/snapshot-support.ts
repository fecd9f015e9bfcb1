/** A long agreement recorded with known command ids, and every answer the engine gives about it. */
import type { BillingEngine, EngineCommand } from '../../application/engine.js';
import type { SnapshotStore } from '../../application/ports/snapshot-store.js';
import { addMs, MS_PER_DAY } from '../../domain/shared/time.js';
import type { ManualClock } from '../../infrastructure/runtime/clock.js';
import { BA, jpy } from './support.js';

export interface Sent {
  readonly command: EngineCommand;
  readonly commandId: string;
}

const agreementSteps = (at: string): EngineCommand[] => [
  { type: 'CreateBillingAgreement', billingAgreementId: BA, at, sellerId: 'A1SELLER', marketplace: 'JP', releaseEnvironment: 'Sandbox', buyer: { name: 'H', email: 'h@example.jp' }, requiresShipping: false },
  { type: 'GiveBuyerConsent', billingAgreementId: BA, at },
  { type: 'SelectPaymentMethod', billingAgreementId: BA, at, descriptor: 'Visa ****1111' },
  { type: 'ConfirmBillingAgreement', billingAgreementId: BA, at },
  { type: 'SelectPlan', billingAgreementId: BA, at, planId: 'basic', price: jpy(1_980), anchorDay: 1 },
];

function charge(i: number, at: string, referenceId = `charge-${i}`): EngineCommand {
  const orderReferenceId = `S03-0000000-${String(1000 + i)}`;
  const outcome = i % 4 === 3 ? ({ state: 'Declined', reasonCode: 'AmazonRejected', softDecline: false } as const) : ({ state: 'Open' } as const);
  return {
    type: 'AuthorizeOnBillingAgreement',
    billingAgreementId: BA,
    at,
    authorizationId: `${orderReferenceId}-A000001`,
    orderReferenceId,
    authorizationReferenceId: referenceId,
    amount: jpy(6_000 + i),
    chargeType: 'OneOff',
    transactionTimeout: 0,
    captureNow: i % 2 === 0,
    outcome,
  };
}

/** Sign-up, a plan, charges (some over the monthly limit, some declined), plan and limit changes. */
export async function recordLongAgreement(engine: BillingEngine, clock: ManualClock, charges = 14, referenceIds: readonly string[] = []): Promise<Sent[]> {
  const sent: Sent[] = [];
  const send = async (command: EngineCommand) => {
    const commandId = `cmd-${sent.length + 1}`;
    const result = await engine.execute(command, { commandId });
    if (result.kind === 'accepted' && result.events.length > 0) sent.push({ command, commandId });
  };
  for (const command of agreementSteps(clock.now())) await send(command);
  for (let i = 0; i < charges; i++) {
    clock.set(addMs(clock.now(), 4 * MS_PER_DAY));
    await send(charge(i, clock.now(), referenceIds[i]));
    if (i === 5) await send({ type: 'ChangePlan', billingAgreementId: BA, at: clock.now(), planId: 'plus', price: jpy(2_980), policy: 'days' });
    if (i === 9) await send({ type: 'ChangeMonthlyLimit', billingAgreementId: BA, at: clock.now(), monthlyLimit: jpy(60_000) });
  }
  return sent;
}

/** Every answer: the agreement, its orders, each accepted command resent by its id, a rejected one. */
export async function answers(engine: BillingEngine, sent: readonly Sent[]): Promise<unknown[]> {
  const agreement = await engine.billingAgreement(BA);
  const orders = Object.values(agreement?.authorizations ?? {}).map((a) => a.orderReferenceId);
  const out: unknown[] = [agreement];
  for (const id of orders) out.push(await engine.orderReference(id));
  for (const { command, commandId } of sent) out.push(await engine.execute(command, { commandId }));
  const [create] = agreementSteps(engine.deps.clock.now());
  if (create !== undefined) out.push(await engine.execute(create, { commandId: 'create-again' }));
  return out;
}

export function snapshotsOf(engine: BillingEngine): SnapshotStore {
  const store = engine.deps.snapshots?.store;
  if (store === undefined) throw new Error('this engine keeps no snapshots');
  return store;
}
