import type { ChainVerification, TamperEvidence } from '../../../application/ports/tamper-evidence.js';

/** For a store opened without a hash chain: says so instead of pretending. */
export class NoTamperEvidence implements TamperEvidence {
  constructor(private readonly why: string) {}

  async verify(): Promise<ChainVerification> {
    return { kind: 'unavailable', reason: this.why };
  }
}
