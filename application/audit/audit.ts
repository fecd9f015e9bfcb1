/**
 * What auditors ask of the engine's history: the history of one agreement, its state as of an
 * instant or position, and whether the history and the projections are as they should be.
 */
import type { EventStore } from '../ports/event-store.js';
import type { ComparePositions } from '../ports/position-order.js';
import type { ProjectionStore } from '../ports/projection-store.js';
import type { ChainVerification, TamperEvidence } from '../ports/tamper-evidence.js';
import type { Projection } from '../projections/projection.js';
import type { Progress } from '../projections/runner.js';
import { history, type History } from './history.js';
import { stateAsOf, type Cutoff, type StateAsOf } from './state-as-of.js';
import { verifyProjections, type FreshBuild, type ProjectionVerification, type TableComparer } from './verify-projections.js';

export interface AuditDependencies {
  readonly store: EventStore;
  readonly comparePositions: ComparePositions;
  readonly tamperEvidence: TamperEvidence;
  readonly projections: readonly Projection[];
  /** The projections as stored; absent when the store keeps none (they live in memory only). */
  readonly storedProjections?: ProjectionStore;
  /**
   * An empty projection store for the fresh replay of `verify`, and how to let it go after; with
   * `build`, the store's own way to fill it from the history (else the runner replays into it);
   * with `compare`, the stores' own way to compare a table of it with the stored one (else both
   * are scanned in key order and merged).
   */
  readonly freshProjections: () => { readonly store: ProjectionStore; readonly build?: FreshBuild; readonly compare?: TableComparer; dispose(): void };
}

export interface VerifyReport {
  readonly chain: ChainVerification;
  readonly projections: ProjectionVerification;
  /** True only when the chain was verified intact and the projections match. */
  readonly ok: boolean;
}

export interface VerifyOptions {
  readonly onChainProgress?: (checked: number) => void;
  readonly onReplayProgress?: (progress: Progress) => void;
  /** After each table compared with the replay: its name, how many are done, of how many. */
  readonly onTableCompared?: (table: string, done: number, of: number) => void;
}

export class Audit {
  constructor(private readonly deps: AuditDependencies) {}

  /** Undefined when neither an agreement nor an order reference has this id. */
  history(id: string): Promise<History | undefined> {
    return history(this.deps.store, this.deps.comparePositions, id);
  }

  stateAsOf(id: string, cutoff: Cutoff): Promise<StateAsOf | undefined> {
    return stateAsOf(this.deps.store, this.deps.comparePositions, id, cutoff);
  }

  /** The chain and the projections at once: where the chain check has a thread of its own (SQLite), they run side by side. */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const { storedProjections } = this.deps;
    // Both end before a failure of either is thrown: nothing goes on reading after verify returns.
    const [chain, projections] = await Promise.allSettled([
      this.deps.tamperEvidence.verify(options.onChainProgress),
      storedProjections === undefined
        ? ({ kind: 'not-stored', reason: 'this store keeps its projections in memory only: there is nothing stored to compare' } as const)
        : this.verifyStored(storedProjections, options),
    ]);
    if (chain.status === 'rejected') throw chain.reason;
    if (projections.status === 'rejected') throw projections.reason;
    return { chain: chain.value, projections: projections.value, ok: chain.value.kind === 'intact' && projections.value.kind === 'match' };
  }

  private async verifyStored(stored: ProjectionStore, options: VerifyOptions): Promise<ProjectionVerification> {
    const fresh = this.deps.freshProjections();
    try {
      const tables = this.deps.projections.flatMap((p) => p.tables).length;
      let compared = 0;
      return await verifyProjections(this.deps.store, stored, fresh.store, this.deps.projections, {
        ...(options.onReplayProgress ? { onProgress: options.onReplayProgress } : {}),
        onTable: (table) => options.onTableCompared?.(table, ++compared, tables),
        ...(fresh.build ? { build: fresh.build } : {}),
        ...(fresh.compare ? { compare: fresh.compare } : {}),
      });
    } finally {
      fresh.dispose();
    }
  }
}
