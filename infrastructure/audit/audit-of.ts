/** The audit of an opened store: its history, its hash chain, its stored projections. */
import { Audit } from '../../application/audit/audit.js';
import { PROJECTIONS } from '../../application/projections/index.js';
import type { OpenedStore } from '../event-store/open-store.js';
import { compareNumericPositions } from '../event-store/shared/append-rules.js';
import { NoTamperEvidence } from '../event-store/shared/no-tamper-evidence.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteComparer } from '../projections/sqlite/compare-tables.js';
import { buildByPartition } from '../projections/sqlite/partitioned-build.js';
import { openScratchProjections } from '../projections/sqlite/scratch-projections.js';
import { SqliteProjectionStore } from '../projections/sqlite/sqlite-projection-store.js';

export function auditOf(opened: OpenedStore): Audit {
  return new Audit({
    store: opened.store,
    comparePositions: opened.comparePositions ?? compareNumericPositions,
    tamperEvidence: opened.tamperEvidence ?? new NoTamperEvidence('this store keeps no hash chain'),
    projections: PROJECTIONS,
    // Kept in the SQLite file or where --projections put them; otherwise only in an engine's memory.
    ...(opened.projectionsKept === true && opened.projections !== undefined ? { storedProjections: opened.projections } : {}),
    // The fresh replay goes to a scratch file (beside a SQLite store, else in the temp directory): bounded memory at any size.
    // From a SQLite store's file it is built partition by partition (partitioned-build.ts); tables
    // stored in SQLite are compared with it inside SQLite (compare-tables.ts).
    freshProjections: () => {
      const file = opened.sqlite?.file;
      if (file === undefined) return openScratchProjections(join(tmpdir(), 'billing-engine-verify.db'), 'verify');
      const scratch = openScratchProjections(file, 'verify', 'unkeyed');
      const stored = opened.projections instanceof SqliteProjectionStore ? sqliteComparer(opened.projections.database, scratch) : undefined;
      return {
        ...scratch,
        build: (options) => buildByPartition(file, scratch, options),
        ...(stored === undefined ? {} : { compare: stored.compare }),
        dispose: () => {
          try {
            stored?.detach();
          } finally {
            scratch.dispose();
          }
        },
      };
    },
  });
}
