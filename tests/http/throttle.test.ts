import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Throttle } from '../../infrastructure/mws/throttle.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { expectError, expectOk, openAgreement, withService } from './support.js';

const test = suite('MWS throttling per seller and operation');

test('a bucket allows its burst, then refills at its restore rate, per seller and operation', () => {
  const clock = new ManualClock('2026-11-10T00:00:00.000Z');
  const throttle = new Throttle(clock);
  for (let i = 0; i < 10; i++) assert.ok(throttle.take('A1', 'Capture'));
  assert.not.ok(throttle.take('A1', 'Capture'));
  assert.ok(throttle.take('A2', 'Capture'));
  assert.ok(throttle.take('A1', 'Refund'));
  clock.advance(1_000);
  assert.ok(throttle.take('A1', 'Capture'));
  assert.not.ok(throttle.take('A1', 'Capture'));
  for (let i = 0; i < 20; i++) assert.ok(throttle.take('A1', 'GetCaptureDetails'));
  assert.not.ok(throttle.take('A1', 'GetCaptureDetails'));
  clock.advance(1_000);
  assert.not.ok(throttle.take('A1', 'GetCaptureDetails'), 'Get…Details restore one request every two seconds');
  clock.advance(1_000);
  assert.ok(throttle.take('A1', 'GetCaptureDetails'));
});

test('with MWS_THROTTLE=amazon the 21st GetBillingAgreementDetails in a burst is RequestThrottled (503)', () =>
  withService(
    async (t) => {
      const id = await openAgreement(t);
      for (let i = 0; i < 20; i++) expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
      expectError(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }), 'RequestThrottled', 503);
      t.clock.advance(2_000);
      expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
    },
    { throttle: true },
  ));

test('throttling is off by default', () =>
  withService(async (t) => {
    const id = await openAgreement(t);
    for (let i = 0; i < 25; i++) expectOk(await t.client.call('GetBillingAgreementDetails', { AmazonBillingAgreementId: id }));
  }));

test.run();
