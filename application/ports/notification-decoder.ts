import type { DecodeResult } from '../ipn/notification.js';

/**
 * Turns an SNS body (already verified) into a typed notification. Refuses (`ok: false`) only
 * what is malformed or hostile (not JSON, XML that is not well-formed or declares a DOCTYPE or
 * entities); well-formed content it does not understand decodes as `Unsupported`, to be kept.
 */
export interface NotificationDecoder {
  decode(body: string): DecodeResult;
}
