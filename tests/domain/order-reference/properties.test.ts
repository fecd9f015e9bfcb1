import fc from 'fast-check';
import { suite } from 'uvu';
import { check } from '../../support/properties.js';
import { initialState } from '../../../domain/order-reference/index.js';
import { money } from '../../../domain/shared/money.js';
import { fromEpochMs } from '../../../domain/shared/time.js';
import { ORDER_ID } from './arbitraries.js';
import { emptyModel, step, type Model, type Real } from './model.js';
import { steps } from './steps.js';

const test = suite('order reference: properties over random command sequences');

/** How the order begins: mostly confirmed at once from a billing agreement, sometimes a Draft from a widget session. */
const opening = fc.oneof(
  { weight: 3, arbitrary: fc.record({ fromAgreement: fc.constant(true), confirmNow: fc.constant(true), total: fc.constantFrom(100_00, 1_000_00) }) },
  { weight: 1, arbitrary: fc.record({ fromAgreement: fc.boolean(), confirmNow: fc.boolean(), total: fc.option(fc.constantFrom(10_00, 100_00), { nil: undefined }) }) },
);
type Opening = { readonly fromAgreement: boolean; readonly confirmNow: boolean; readonly total: number | undefined };

const START = Date.UTC(2026, 0, 10, 9);

function setup(o: Opening): { model: Model; real: Real } {
  const model = emptyModel(START);
  const real: Real = { state: initialState, events: [] };
  step(model, real, {
    type: 'CreateOrderReference',
    orderReferenceId: ORDER_ID,
    at: fromEpochMs(START),
    sellerId: 'A1SELLER',
    releaseEnvironment: 'Sandbox',
    confirmNow: o.confirmNow,
    ...(o.total === undefined ? {} : { orderTotal: money(o.total, 'USD') }),
    ...(o.fromAgreement ? { parent: { billingAgreementId: 'C01-1111111-2222222', paymentMethod: 'Visa' } } : {}),
  });
  return { model, real };
}

test('random command sequences keep every invariant, replay reproduces the state, and repeats add nothing', () => {
  check(
    fc.property(opening, fc.commands([steps], { maxCommands: 120, size: 'max' }), (o, commands) => {
      fc.modelRun(() => setup(o), commands);
    }),
  );
});

test.run();
