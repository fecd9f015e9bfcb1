/** MWS errors: Amazon's codes with their HTTP statuses (DOMAIN.md §6); Type Sender for the caller's fault. */
const STATUS: Readonly<Record<string, number>> = {
  InvalidBillingAgreementId: 404,
  InvalidOrderReferenceId: 404,
  InvalidTransactionId: 404,
  InvalidAddress: 404,
  BillingAgreementNotModifiable: 405,
  OrderReferenceNotModifiable: 405,
  InvalidAuthorizationStatus: 405,
  CaptureNotRefundable: 405,
  InvalidAccessKeyId: 403,
  SignatureDoesNotMatch: 403,
  RequestThrottled: 503,
  InternalError: 500,
};

export class MwsError {
  readonly status: number;
  readonly type: 'Sender' | 'Receiver';

  constructor(
    readonly code: string,
    readonly message: string,
  ) {
    // Every other code of §6 (and the engine's own rejections) is the caller's 400.
    this.status = STATUS[code] ?? 400;
    this.type = this.status >= 500 && code !== 'RequestThrottled' ? 'Receiver' : 'Sender';
  }
}

export const missingParameter = (name: string): MwsError => new MwsError('MissingParameter', `The request must contain the parameter ${name}.`);

export const invalidParameter = (name: string, why: string): MwsError => new MwsError('InvalidParameterValue', `Invalid value for ${name}: ${why}`);
