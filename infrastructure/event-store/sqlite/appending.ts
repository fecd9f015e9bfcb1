/**
 * Appending: one BEGIN IMMEDIATE transaction per call takes the file's write lock first, then
 * checks the expected revision and writes every event, so that of two processes appending to the
 * same stream exactly one wins and an append is all or nothing. Each row gets its link of the
 * hash chain (hash-chain.ts) in the same transaction: under the write lock the chain's tip cannot
 * move.
 */
import type Database from 'better-sqlite3';
import type { AppendResult, ExpectedRevision, NewEvent } from '../../../application/ports/event-store.js';
import { checkAppendable, checkExpectedRevision, DuplicateEventIdError, formatPosition } from '../shared/append-rules.js';
import { eventHash, GENESIS_HASH } from './hash-chain.js';
import { SELECT_CHAIN_TIP } from './sql-hash-chain.js';
import { INSERT_EVENT, SELECT_EVENT_ID_OWNER, SELECT_STREAM_REVISION, UPSERT_STREAM_REVISION } from './sql.js';

interface SerializedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recordedAt: string;
}

export type Appender = (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendResult;

function serialize(event: NewEvent): SerializedEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
    recordedAt: event.metadata.recordedAt,
  };
}

export function prepareAppender(database: Database.Database): Appender {
  const streamRevision = database.prepare<[string], number>(SELECT_STREAM_REVISION).pluck();
  const eventIdOwner = database.prepare<[string], string>(SELECT_EVENT_ID_OWNER).pluck();
  const insertEvent = database.prepare<[number, string, number, string, string, string, string, string, string]>(INSERT_EVENT);
  const chainTip = database.prepare<[], { hash: string | null; seq: number }>(SELECT_CHAIN_TIP);
  const upsertStream = database.prepare<[string, number]>(UPSERT_STREAM_REVISION);

  const write = database.transaction((streamId: string, events: readonly SerializedEvent[], expected: ExpectedRevision) => {
    const current = streamRevision.get(streamId);
    checkExpectedRevision(streamId, expected, current);
    for (const { eventId } of events) {
      const owner = eventIdOwner.get(eventId);
      if (owner !== undefined) throw new DuplicateEventIdError(eventId, owner);
    }
    let revision = current ?? -1;
    const tip = chainTip.get();
    let previous = tip?.hash ?? GENESIS_HASH;
    let position = tip?.seq ?? 0;
    for (const event of events) {
      revision += 1;
      position += 1;
      const { eventId, type, data, metadata, recordedAt } = event;
      previous = eventHash({ position, streamId, revision, eventId, type, data, metadata, recordedAt }, previous);
      insertEvent.run(position, streamId, revision, eventId, type, data, metadata, recordedAt, previous);
    }
    upsertStream.run(streamId, revision);
    return { nextExpectedRevision: revision, position: formatPosition(position) };
  });

  return (streamId, events, expected) => {
    checkAppendable(streamId, events, expected);
    return write.immediate(streamId, events.map(serialize), expected);
  };
}
