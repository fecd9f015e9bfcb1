import type { ReleaseEnvironment } from '../../domain/shared/amazon.js';

/** Amazon's region digits in ids: 01 NA, 02 EU, 03 JP. */
export type RegionCode = '01' | '02' | '03';

/**
 * Issues identifiers in Amazon's formats: billing agreements `C01-1234567-1234567` (sandbox C,
 * live B), order references `S01-…` (sandbox S, live P); and unique ids for commands and
 * correlations. Authorization, capture and refund ids derive from their order reference
 * (`…-A000001`), see `transactionId`.
 */
export interface IdGenerator {
  billingAgreementId(region: RegionCode, environment: ReleaseEnvironment): string;
  orderReferenceId(region: RegionCode, environment: ReleaseEnvironment): string;
  /** A fresh unique id (UUID) for commands, correlations and requests. */
  uniqueId(): string;
}

/** `S01-6910968-3348607-A000001`: the n-th authorization (A), capture (C) or refund (R) of an order. */
export function transactionId(orderReferenceId: string, kind: 'A' | 'C' | 'R', n: number): string {
  return `${orderReferenceId}-${kind}${String(n).padStart(6, '0')}`;
}
