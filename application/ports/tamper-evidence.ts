/** Whether the stored history is still as it was written: the SQLite store's global hash chain, or the per-stream chain of the others. */
import type { GlobalPosition } from './event-store.js';

export type ChainVerification =
  /** The store keeps no hash chain (one opened without tamper evidence): nothing was verified. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  | {
      readonly kind: 'intact';
      readonly events: number;
      /** The newest event and its hash: note it, so that a later cut-off of the newest rows shows. */
      readonly head?: { readonly position: GlobalPosition; readonly hash: string };
    }
  | {
      readonly kind: 'broken';
      /** Events verified before the break. */
      readonly events: number;
      /** The first position whose stored hash does not match the chain recomputed from the start. */
      readonly position: GlobalPosition;
      readonly streamId: string;
      readonly reason: string;
    };

export interface TamperEvidence {
  verify(onProgress?: (checked: number) => void): Promise<ChainVerification>;
}
