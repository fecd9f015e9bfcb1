/**
 * Appending one stream's events: check the expected revision, refuse stored event ids, write
 * every row with its link of the hash chain (hash-chain.ts). The write runs inside the group's
 * BEGIN IMMEDIATE transaction (group-commit.ts), which holds the file's write lock, so the
 * revision and the chain's tip cannot move underneath it; better-sqlite3 wraps it in a SAVEPOINT
 * there, so a refused or failed append undoes its own rows only. The tip is read again for every
 * append, so appends in one group chain to each other.
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

/** An append checked and encoded before it joins a group: what can fail without the file has. */
export interface PreparedAppend {
  readonly streamId: string;
  readonly events: readonly SerializedEvent[];
  readonly expected: ExpectedRevision;
}

/** Writes one prepared append; inside a transaction it runs in its own savepoint. */
export type AppendWriter = (append: PreparedAppend) => AppendResult;

function serialize(event: NewEvent): SerializedEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
    recordedAt: event.metadata.recordedAt,
  };
}

/** Throws for appends that are bugs whatever the stored state, and for unencodable data. */
export function prepareAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): PreparedAppend {
  checkAppendable(streamId, events, expected);
  return { streamId, events: events.map(serialize), expected };
}

export function prepareWriter(database: Database.Database): AppendWriter {
  const streamRevision = database.prepare<[string], number>(SELECT_STREAM_REVISION).pluck();
  const eventIdOwner = database.prepare<[string], string>(SELECT_EVENT_ID_OWNER).pluck();
  const insertEvent = database.prepare<[number, string, number, string, string, string, string, string, string]>(INSERT_EVENT);
  const chainTip = database.prepare<[], { hash: string | null; seq: number }>(SELECT_CHAIN_TIP);
  const upsertStream = database.prepare<[string, number]>(UPSERT_STREAM_REVISION);

  return database.transaction(({ streamId, events, expected }: PreparedAppend): AppendResult => {
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
}
