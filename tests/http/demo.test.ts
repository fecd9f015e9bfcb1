import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runDemo } from '../../infrastructure/demo/run-demo.js';

const test = suite('billing-engine demo');

test('the demo drives every seed scenario through the HTTP service and prints the spending and proration views', async () => {
  let output = '';
  await runDemo({ store: 'memory:', out: { write: (text) => void (output += text) } });
  const expectations: RegExp[] = [
    /ConfirmBillingAgreement +→ 200/,
    /AuthorizeOnBillingAgreement +→ 200 Closed 1980 JPY MaxCapturesProcessed/,
    /net \d+ JPY \(ChargeNow\)/,
    /net -\d+ JPY \(CarryCredit\)/,
    /→ 400 RecurringChargesPaused/,
    /→ 200 Declined 1980 JPY InvalidPaymentMethod/,
    /→ 200 Suspended, /,
    /→ 400 PaymentMethodNotUpdated/,
    /address now Shibuya-ku/,
    /CreateOrderReferenceForId +→ 200 S03-\d{7}-\d{7} Open/,
    /→ 400 OrderReferenceCountExceeded/,
    /→ 400 PeriodicAmountExceeded/,
    /→ 200 Open, 0 JPY left this month/,
    /→ 200 Closed \/ SellerClosed/,
    /Spending in \d{4}-\d{2}/,
    /basic → pro +0\.\d{9}/,
  ];
  for (const expected of expectations) assert.match(output, expected);
  assert.not.match(output, /InternalError/);
});

test.run();
