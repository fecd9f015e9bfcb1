/**
 * A lease over the engine's followers (process manager, settlements, projections): among the
 * engine processes that share one history, the one holding it runs them; the others only answer
 * commands and queries. Correctness never depends on it (expected revisions, derived command ids
 * and the projection checkpoint keep every effect single); it saves the work being done several
 * times. A lease is lost when its holder dies (its connection ends), so another takes it.
 */
export interface Lease {
  /** Takes the lease if nobody holds it; true when this process holds it now. */
  tryAcquire(): Promise<boolean>;
  /** Whether this process still holds it (false once its connection was lost). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}
