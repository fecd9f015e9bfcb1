/**
 * Writes a generated history into a SQLite file through the engine's own store (hash chain
 * included), then runs an engine on it as a service would have: every follower caught up (the
 * process manager, the settlement follower, the projections, their checkpoints saved) and every
 * agreement served once, which leaves the snapshots the engine writes (one per agreement with at
 * least DEFAULT_SNAPSHOT_EVERY events). The command figures then measure a running service's
 * file, not the first start on a history no engine has seen.
 */
import { billingAgreements } from '../../application/aggregates/billing-agreement.js';
import { PROCESS_CHECKPOINT } from '../../application/engine.js';
import { readEventPages, type NewEvent } from '../../application/ports/event-store.js';
import { SETTLEMENT_CHECKPOINT } from '../../application/settlement.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { createBillingEngine } from '../../infrastructure/composition/create-billing-engine.js';
import { openSqliteEventStore } from '../../infrastructure/event-store/sqlite/sqlite-event-store.js';
import { generateHistory } from '../history.js';

export async function generate(file: string, events: number, seed: number, progress: (written: number) => void): Promise<number> {
  const store = await openSqliteEventStore(file);
  // Generation only: durability per append is what the benchmarks measure, not what they set up.
  store.database.pragma('synchronous = OFF');
  const revisions = new Map<string, number>();
  let written = 0;
  let command = 0;
  try {
    for (const batch of generateHistory(events, seed)) {
      const commandId = `gen-${seed}-${++command}`;
      const at = batch.events[0]?.at ?? '2024-01-01T00:00:00.000Z';
      const metadata = { commandId, correlationId: commandId, causationId: commandId, actor: 'seller', source: 'library', recordedAt: at } as const;
      const records: NewEvent[] = batch.events.map((event, index) => ({
        eventId: `${commandId}/${batch.streamId}/${index}`,
        type: event.type,
        data: event as unknown as JsonValue,
        metadata: { ...metadata, recordedAt: event.at },
      }));
      const expected = revisions.get(batch.streamId) ?? -1;
      const result = await store.append(batch.streamId, records, expected < 0 ? 'no_stream' : expected);
      revisions.set(batch.streamId, result.nextExpectedRevision);
      written += records.length;
      if (command % 2000 === 0) progress(written);
    }
    store.database.pragma('synchronous = FULL');
    store.database.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    await store.close();
  }
  await runAsAService(file);
  return written;
}

const FOLLOWERS_TIMEOUT_MS = 30 * 60_000;

async function runAsAService(file: string): Promise<void> {
  const engine = await createBillingEngine({ store: `sqlite:${file}`, follow: true, projections: true });
  try {
    const prefix = billingAgreements.streamId('');
    const ids = new Set<string>();
    for await (const page of readEventPages(engine.deps.store)) for (const e of page) if (e.streamId.startsWith(prefix)) ids.add(e.streamId.slice(prefix.length));
    for (const id of ids) await engine.billingAgreement(id);
    // The process manager caught up before start() returned; the settlement follower catches up on its own
    // (and may settle requests the generator left pending, which the process manager then follows).
    const { checkpoints } = engine.deps;
    const at = async (name: string): Promise<number> => Number((await checkpoints.get(name)) ?? 0);
    const deadline = Date.now() + FOLLOWERS_TIMEOUT_MS;
    while ((await at(SETTLEMENT_CHECKPOINT)) < (await at(PROCESS_CHECKPOINT))) {
      if (Date.now() > deadline) throw new Error('the settlement follower did not catch up with the generated history');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await engine.close();
  }
}
