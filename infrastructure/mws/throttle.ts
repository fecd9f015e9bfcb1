/**
 * Amazon's throttling: per seller and operation, a bucket of `burst` requests that refills at
 * `restorePerSecond`. Off by default; on with MWS_THROTTLE=amazon. Time comes from the clock port.
 */
import type { Clock } from '../../application/ports/clock.js';
import { toEpochMs } from '../../domain/shared/time.js';

export interface Quota {
  readonly burst: number;
  readonly restorePerSecond: number;
}

const CHANGE: Quota = { burst: 10, restorePerSecond: 1 };
const READ: Quota = { burst: 20, restorePerSecond: 0.5 };

/** As Amazon documents them: 10 and one a second for calls that change something, 20 and one every two seconds for Get…Details. */
export const AMAZON_QUOTAS: Readonly<Record<string, Quota>> = {
  GetBillingAgreementDetails: READ,
  GetOrderReferenceDetails: READ,
  GetAuthorizationDetails: READ,
  GetCaptureDetails: READ,
  GetRefundDetails: READ,
};

interface Bucket {
  tokens: number;
  at: number;
}

export class Throttle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly quotas: Readonly<Record<string, Quota>> = AMAZON_QUOTAS,
    private readonly fallback: Quota = CHANGE,
  ) {}

  /** Takes one request from the bucket; false when it is empty (RequestThrottled). */
  take(sellerId: string, action: string): boolean {
    const quota = this.quotas[action] ?? this.fallback;
    const now = toEpochMs(this.clock.now());
    const key = `${sellerId}\u0000${action}`;
    const bucket = this.buckets.get(key) ?? { tokens: quota.burst, at: now };
    bucket.tokens = Math.min(quota.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * quota.restorePerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
