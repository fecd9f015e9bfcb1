/**
 * Failed authentications per client address: after `maxFailures` within `windowMs`, every call
 * from that address is refused until the oldest of those failures leaves the window, whatever
 * credential it carries (a guesser learns nothing by trying on). Bounded: at most `maxAddresses`
 * addresses are tracked, the least recently failing forgotten first.
 */
export interface FailedAuthLimiterOptions {
  /** Default 10. */
  readonly maxFailures?: number;
  /** Default 60,000 ms. */
  readonly windowMs?: number;
  /** Default 10,000. */
  readonly maxAddresses?: number;
  /** Milliseconds; default Date.now. */
  readonly now?: () => number;
}

export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: FailedAuthLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until `address` may try again; 0 when it may now. */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.maxFailures) return 0;
    const oldest = recent[recent.length - this.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  fail(address: string): void {
    const recent = [...this.recent(address), this.now()].slice(-this.maxFailures);
    this.failures.delete(address);
    this.failures.set(address, recent);
    if (this.failures.size > this.maxAddresses) this.failures.delete(this.failures.keys().next().value as string);
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(address) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(address);
    return kept;
  }
}
