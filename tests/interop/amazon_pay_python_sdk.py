"""A billing-agreement scenario with Amazon's own Python SDK (amzn/amazon-pay-sdk-python), run
against billing-engine unchanged but for its endpoint. Run by run-python-sdk.sh, which starts the
service and prepares the Draft agreement (the buyer's widget steps are not MWS calls).

    python3 amazon_pay_python_sdk.py <sdk dir> <endpoint> <access key> <secret key> <seller id> <agreement id>

Prints each call and what it answered; exits 1 at the first call that answers otherwise than an
Amazon sandbox would.
"""
import sys
import time

sdk, endpoint, access_key, secret_key, seller_id, agreement_id = sys.argv[1:7]
sys.path.insert(0, sdk)
from amazon_pay.client import AmazonPayClient  # noqa: E402

client = AmazonPayClient(mws_access_key=access_key, mws_secret_key=secret_key, merchant_id=seller_id, region='jp', currency_code='JPY', sandbox=True)
# The only change: the SDK's endpoint (it speaks https to Amazon's host, always).
client._mws_endpoint = endpoint
failures = []


def find(node, path):
    """A nested value of the SDK's to_dict(): find(d, 'A.B.C'), None when absent."""
    for key in path.split('.'):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def call(name, response, result, expect):
    """Prints `name → what`, and records a failure unless expect(result dict) holds."""
    answer = response.to_dict()
    body = find(answer, f'{response._response_type}.{response._response_type.replace("Response", "Result")}') or {}
    ok = response.success and expect(body)
    shown = ', '.join(f'{label}={find(body, path)}' for label, path in result) if response.success else f"ErrorResponse {find(answer, 'ErrorResponse.Error.Code')}: {find(answer, 'ErrorResponse.Error.Message')}"
    print(f"{'ok  ' if ok else 'FAIL'} {name:<36} {shown}")
    if not ok:
        failures.append(name)
    return body


ba = 'BillingAgreementDetails'
call('get_billing_agreement_details', client.get_billing_agreement_details(amazon_billing_agreement_id=agreement_id),
     [('state', f'{ba}.BillingAgreementStatus.State'), ('limit', f'{ba}.BillingAgreementLimits.AmountLimitPerTimePeriod.Amount')],
     lambda r: find(r, f'{ba}.BillingAgreementStatus.State') == 'Draft')
call('set_billing_agreement_details', client.set_billing_agreement_details(amazon_billing_agreement_id=agreement_id, seller_note='Monthly coffee beans', seller_billing_agreement_id='sub-0001', store_name='Kissa Beans'),
     [('sellerNote', f'{ba}.SellerNote'), ('store', f'{ba}.SellerBillingAgreementAttributes.StoreName')],
     lambda r: find(r, f'{ba}.SellerNote') == 'Monthly coffee beans')
call('confirm_billing_agreement', client.confirm_billing_agreement(amazon_billing_agreement_id=agreement_id), [], lambda r: True)
call('validate_billing_agreement', client.validate_billing_agreement(amazon_billing_agreement_id=agreement_id),
     [('result', 'ValidationResult'), ('state', 'BillingAgreementStatus.State')], lambda r: find(r, 'ValidationResult') == 'Success')

auth = call('authorize_on_billing_agreement (capture now)',
            client.authorize_on_billing_agreement(amazon_billing_agreement_id=agreement_id, authorization_reference_id=f'sdk-first-{int(time.time())}', authorization_amount='1980', seller_authorization_note='first month', transaction_timeout=0, capture_now=True, soft_descriptor='KISSA'),
            [('authorization', 'AuthorizationDetails.AmazonAuthorizationId'), ('state', 'AuthorizationDetails.AuthorizationStatus.State'), ('captured', 'AuthorizationDetails.CapturedAmount.Amount'), ('order', 'AmazonOrderReferenceId')],
            lambda r: find(r, 'AuthorizationDetails.CapturedAmount.Amount') == '1980')
authorization_id = find(auth, 'AuthorizationDetails.AmazonAuthorizationId')
capture_id = (find(auth, 'AuthorizationDetails.IdList.member') or [None])
capture_id = capture_id[0] if isinstance(capture_id, list) else capture_id
call('get_authorization_details', client.get_authorization_details(amazon_authorization_id=authorization_id),
     [('state', 'AuthorizationDetails.AuthorizationStatus.State'), ('reason', 'AuthorizationDetails.AuthorizationStatus.ReasonCode')],
     lambda r: find(r, 'AuthorizationDetails.AuthorizationStatus.State') == 'Closed')
call('get_capture_details', client.get_capture_details(amazon_capture_id=capture_id),
     [('capture', 'CaptureDetails.AmazonCaptureId'), ('state', 'CaptureDetails.CaptureStatus.State'), ('amount', 'CaptureDetails.CaptureAmount.Amount')],
     lambda r: find(r, 'CaptureDetails.CaptureStatus.State') == 'Completed')
refund = call('refund', client.refund(amazon_capture_id=capture_id, refund_reference_id=f'sdk-refund-{int(time.time())}', refund_amount='500', seller_refund_note='chipped cup'),
              [('refund', 'RefundDetails.AmazonRefundId'), ('state', 'RefundDetails.RefundStatus.State'), ('amount', 'RefundDetails.RefundAmount.Amount')],
              lambda r: find(r, 'RefundDetails.RefundStatus.State') in ('Pending', 'Completed'))
refund_id = find(refund, 'RefundDetails.AmazonRefundId')
for _ in range(50):
    details = client.get_refund_details(amazon_refund_id=refund_id)
    if find(details.to_dict(), 'GetRefundDetailsResponse.GetRefundDetailsResult.RefundDetails.RefundStatus.State') == 'Completed':
        break
    time.sleep(0.1)
call('get_refund_details', details, [('state', 'RefundDetails.RefundStatus.State'), ('amount', 'RefundDetails.RefundAmount.Amount')],
     lambda r: find(r, 'RefundDetails.RefundStatus.State') == 'Completed')

later = call('authorize_on_billing_agreement (capture later)',
             client.authorize_on_billing_agreement(amazon_billing_agreement_id=agreement_id, authorization_reference_id=f'sdk-second-{int(time.time())}', authorization_amount='980', transaction_timeout=0),
             [('authorization', 'AuthorizationDetails.AmazonAuthorizationId'), ('state', 'AuthorizationDetails.AuthorizationStatus.State')],
             lambda r: find(r, 'AuthorizationDetails.AuthorizationStatus.State') == 'Open')
call('capture', client.capture(amazon_authorization_id=find(later, 'AuthorizationDetails.AmazonAuthorizationId'), capture_reference_id=f'sdk-capture-{int(time.time())}', capture_amount='980', seller_capture_note='shipped'),
     [('capture', 'CaptureDetails.AmazonCaptureId'), ('state', 'CaptureDetails.CaptureStatus.State')],
     lambda r: find(r, 'CaptureDetails.CaptureStatus.State') == 'Completed')
over = client.authorize_on_billing_agreement(amazon_billing_agreement_id=agreement_id, authorization_reference_id=f'sdk-over-{int(time.time())}', authorization_amount='60000', transaction_timeout=0)
code = find(over.to_dict(), 'ErrorResponse.Error.Code')
print(f"{'ok  ' if code == 'PeriodicAmountExceeded' else 'FAIL'} {'authorize over the monthly limit':<36} ErrorResponse {code}")
if code != 'PeriodicAmountExceeded':
    failures.append('over the limit')
call('close_billing_agreement', client.close_billing_agreement(amazon_billing_agreement_id=agreement_id, closure_reason='moved away'), [], lambda r: True)
call('get_billing_agreement_details', client.get_billing_agreement_details(amazon_billing_agreement_id=agreement_id),
     [('state', f'{ba}.BillingAgreementStatus.State'), ('reason', f'{ba}.BillingAgreementStatus.ReasonCode')],
     lambda r: find(r, f'{ba}.BillingAgreementStatus.State') == 'Closed')

print(f"{len(failures)} failed" + (f": {', '.join(failures)}" if failures else ''))
sys.exit(1 if failures else 0)
