/** The audit of an opened store: its history, its hash chain, its stored projections. */
import { Audit } from '../../application/audit/audit.js';
import { PROJECTIONS } from '../../application/projections/index.js';
import type { OpenedStore } from '../event-store/open-store.js';
import { compareNumericPositions } from '../event-store/shared/append-rules.js';
import { NoTamperEvidence } from '../event-store/shared/no-tamper-evidence.js';
import { MemoryProjectionStore } from '../projections/memory/memory-projection-store.js';
import { openScratchProjections } from '../projections/sqlite/scratch-projections.js';

export function auditOf(opened: OpenedStore): Audit {
  return new Audit({
    store: opened.store,
    comparePositions: opened.comparePositions ?? compareNumericPositions,
    tamperEvidence: opened.tamperEvidence ?? new NoTamperEvidence('this store keeps no hash chain'),
    projections: PROJECTIONS,
    // Only the SQLite store keeps its projections; elsewhere they live in the memory of the engine's process.
    ...(opened.sqlite !== undefined && opened.projections !== undefined ? { storedProjections: opened.projections } : {}),
    // The fresh replay of a SQLite file goes to a scratch file beside it: bounded memory at any size.
    freshProjections: () => (opened.sqlite === undefined ? { store: new MemoryProjectionStore(), dispose: () => undefined } : openScratchProjections(opened.sqlite.file, 'verify')),
  });
}
