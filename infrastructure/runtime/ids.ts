/** Amazon-format identifiers: random in production, sequential (deterministic) in tests. */
import { randomInt, randomUUID } from 'node:crypto';
import type { IdGenerator, RegionCode } from '../../application/ports/id-generator.js';
import type { ReleaseEnvironment } from '../../domain/shared/amazon.js';

const digits = (n: number, width: number): string => String(n).padStart(width, '0');

/** `C03-1234567-1234567`: prefix letter (sandbox/live), region, two groups of seven digits. */
function amazonId(letter: string, region: RegionCode, a: number, b: number): string {
  return `${letter}${region}-${digits(a, 7)}-${digits(b, 7)}`;
}

const LETTERS = {
  billingAgreement: { Sandbox: 'C', Live: 'B' },
  orderReference: { Sandbox: 'S', Live: 'P' },
} as const;

export class RandomIdGenerator implements IdGenerator {
  billingAgreementId(region: RegionCode, environment: ReleaseEnvironment): string {
    return amazonId(LETTERS.billingAgreement[environment], region, randomInt(10_000_000), randomInt(10_000_000));
  }
  orderReferenceId(region: RegionCode, environment: ReleaseEnvironment): string {
    return amazonId(LETTERS.orderReference[environment], region, randomInt(10_000_000), randomInt(10_000_000));
  }
  uniqueId(): string {
    return randomUUID();
  }
}

/** Ids from a counter: the same calls give the same ids on every run. */
export class SequentialIdGenerator implements IdGenerator {
  private next = 1;

  constructor(private readonly seed = 0) {}

  billingAgreementId(region: RegionCode, environment: ReleaseEnvironment): string {
    return amazonId(LETTERS.billingAgreement[environment], region, this.seed, this.next++);
  }
  orderReferenceId(region: RegionCode, environment: ReleaseEnvironment): string {
    return amazonId(LETTERS.orderReference[environment], region, this.seed, this.next++);
  }
  uniqueId(): string {
    const n = this.next++;
    return `00000000-0000-4000-8000-${digits(this.seed, 4)}${digits(n, 8)}`;
  }
}
