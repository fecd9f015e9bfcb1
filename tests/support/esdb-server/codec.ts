/** Between the gRPC messages of EventStoreDB's protocol and the stand-in's log records. */
import { sharedPb, streamsPb, type ReadResp, type Uuid } from './generated.js';
import type { Expected, LoggedEvent, Position, ProposedEvent } from './log.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical lower-case text of a UUID message, or undefined if it is not a valid UUID. */
export function uuidText(uuid: Uuid | undefined): string | undefined {
  if (uuid === undefined) return undefined;
  if (uuid.hasString()) return UUID_PATTERN.test(uuid.getString()) ? uuid.getString().toLowerCase() : undefined;
  const structured = uuid.getStructured();
  if (structured === undefined) return undefined;
  const bits = (value: string): string => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');
  const hex = bits(structured.getMostSignificantBits()) + bits(structured.getLeastSignificantBits());
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidMessage(id: string, structured: boolean): Uuid {
  const uuid = new sharedPb.UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replaceAll('-', '');
  const signed = (part: string): string => BigInt.asIntN(64, BigInt(`0x${part}`)).toString(10);
  const bits = new sharedPb.UUID.Structured();
  bits.setMostSignificantBits(signed(hex.slice(0, 16)));
  bits.setLeastSignificantBits(signed(hex.slice(16)));
  return uuid.setStructured(bits);
}

export function streamNameOf(identifier: { getStreamName_asU8(): Uint8Array } | undefined): string {
  return identifier === undefined ? '' : Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(name: string): InstanceType<typeof sharedPb.StreamIdentifier> {
  return new sharedPb.StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(name, 'utf8')));
}

interface ProposedMessageLike {
  getId(): Uuid | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** A proposed message as the log keeps it, or the reason the server refuses it. */
export function proposedEvent(message: ProposedMessageLike | undefined): ProposedEvent | string {
  if (message === undefined) return 'empty proposed message';
  const id = uuidText(message.getId());
  const type = message.getMetadataMap().get('type');
  const contentType = message.getMetadataMap().get('content-type');
  if (id === undefined) return 'event id is not a valid UUID';
  if (type === undefined || contentType === undefined) return 'required metadata properties missing: type, content-type';
  return { id, type, contentType, data: message.getData_asU8(), customMetadata: message.getCustomMetadata_asU8() };
}

interface ExpectedOptions {
  hasRevision?(): boolean;
  getRevision?(): string;
  hasStreamPosition?(): boolean;
  getStreamPosition?(): string;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export function expectedOf(options: ExpectedOptions): Expected {
  if (options.hasRevision?.()) return { kind: 'revision', revision: BigInt(options.getRevision?.() ?? '0') };
  if (options.hasStreamPosition?.()) return { kind: 'revision', revision: BigInt(options.getStreamPosition?.() ?? '0') };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

export function readEventResp(event: LoggedEvent, structuredUuids: boolean): ReadResp {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent();
  recorded.setId(uuidMessage(event.id, structuredUuids));
  recorded.setStreamIdentifier(streamIdentifier(event.streamId));
  recorded.setStreamRevision(event.revision.toString(10));
  recorded.setCommitPosition(event.commit.toString(10));
  recorded.setPreparePosition(event.prepare.toString(10));
  recorded.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.created.toString(10));
  recorded.setData(event.data);
  recorded.setCustomMetadata(event.customMetadata);
  const read = new streamsPb.ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(event.commit.toString(10));
  return new streamsPb.ReadResp().setEvent(read);
}

export function positionFromRequest(position: { getCommitPosition(): string; getPreparePosition(): string }): Position {
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()) };
}
