/**
 * Tamper evidence without a global SQLite position: a hash chain per stream. Each event written
 * by the memory and EventStoreDB stores carries a link, the SHA-256 of its content and of its
 * stream's previous link (64 zeros for a stream's first event), computed at append time from the
 * event the append's expected revision names. Verification reads the history once in global
 * order, keeping one hash per stream, and names the first event whose link does not hold.
 * Checkpoint streams (`Checkpoint-…`, appended with any revision, operational, not history)
 * carry no link.
 */
import { hash } from 'node:crypto';
import { CorruptEventError, type EventMetadata, type GlobalPosition } from '../../../application/ports/event-store.js';
import type { ChainVerification, TamperEvidence } from '../../../application/ports/tamper-evidence.js';
import { CHECKPOINT_STREAM_PREFIX } from '../../checkpoints/stream-checkpoint-store.js';

export const FIRST_LINK = '0'.repeat(64);

export interface ChainLink {
  /** The link of the stream's previous event (FIRST_LINK for its first). */
  readonly previous: string;
  readonly hash: string;
}

export interface ChainedRecord {
  readonly position: GlobalPosition;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  /** As stored: absent, or whatever the stored metadata holds under `chain`. */
  readonly link: unknown;
}

/** Whether events of this stream carry links. */
export const chained = (streamId: string): boolean => !streamId.startsWith(CHECKPOINT_STREAM_PREFIX);

export function linkHash(previous: string, e: Omit<ChainedRecord, 'position' | 'link'>): string {
  const m = e.metadata;
  const content = [e.streamId, e.revision, e.eventId, e.type, e.data, [m.commandId, m.correlationId, m.causationId, m.actor, m.source, m.recordedAt], previous];
  return hash('sha256', JSON.stringify(content), 'hex');
}

export const linkFor = (previous: string | undefined, e: Omit<ChainedRecord, 'position' | 'link'>): ChainLink => ({ previous: previous ?? FIRST_LINK, hash: linkHash(previous ?? FIRST_LINK, e) });

const isLink = (value: unknown): value is ChainLink =>
  typeof value === 'object' && value !== null && typeof (value as ChainLink).previous === 'string' && typeof (value as ChainLink).hash === 'string';

export class StreamChainEvidence implements TamperEvidence {
  constructor(private readonly records: () => AsyncIterable<ChainedRecord>) {}

  async verify(onProgress?: (checked: number) => void): Promise<ChainVerification> {
    const last = new Map<string, string>();
    let events = 0;
    let head: { position: GlobalPosition; hash: string } | undefined;
    const broken = (r: ChainedRecord, reason: string): ChainVerification => ({ kind: 'broken', events, position: r.position, streamId: r.streamId, reason });
    try {
      for await (const r of this.records()) {
        if (!chained(r.streamId)) continue;
        if (!isLink(r.link)) return broken(r, 'the event carries no chain link (written before per-stream chains, or its link was removed)');
        const expected = last.get(r.streamId) ?? FIRST_LINK;
        if (r.link.previous !== expected) return broken(r, `its link names ${r.link.previous.slice(0, 12)}… as the previous event's, the stream's previous event has ${expected.slice(0, 12)}…`);
        if (linkHash(expected, r) !== r.link.hash) return broken(r, 'its content does not match its link (changed after it was written)');
        last.set(r.streamId, r.link.hash);
        head = { position: r.position, hash: r.link.hash };
        events += 1;
        if (events % 10_000 === 0) onProgress?.(events);
      }
    } catch (error) {
      // An event that cannot even be read as one of ours (written past the engine, damaged) breaks the chain where it is.
      if (!(error instanceof CorruptEventError)) throw error;
      return { kind: 'broken', events, position: error.position ?? 'unknown', streamId: error.streamId ?? 'unknown', reason: error.message };
    }
    onProgress?.(events);
    return { kind: 'intact', events, ...(head === undefined ? {} : { head }) };
  }
}
