/**
 * An in-process stand-in for an EventStoreDB node, for tests where no server can run: a real
 * gRPC server on a loopback port, speaking the protocol of @eventstore/db-client from the
 * service definitions that package ships, over an in-memory log with the server's semantics.
 * Implements Streams.Read/Append/BatchAppend and ServerFeatures; anything else is UNIMPLEMENTED.
 */
import { randomUUID } from 'node:crypto';
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { appendHandler, batchAppendHandler } from './append.js';
import { featuresPb, featuresGrpc, streamsGrpc } from './generated.js';
import { EventLog, type LoggedEvent } from './log.js';
import { readHandler } from './read.js';

export interface EsdbStandInOptions {
  /**
   * `batch-append` (default): advertises BatchAppend, as servers since 21.10 do, so the client
   * appends through it; `append-only`: advertises nothing (server features UNIMPLEMENTED, as
   * a 20.x server), so the client falls back to one Append call per append.
   */
  readonly features?: 'batch-append' | 'append-only';
}

export interface EsdbStandIn {
  readonly connectionString: string;
  /** Writes an event outside the client, e.g. a system event (`$`-type) between ours. */
  appendDirectly(streamId: string, type: string, data?: unknown): void;
  /** Replaces a stored event's data in place, as an intruder with the server's files could. */
  rewrite(streamId: string, revision: number, data: unknown): void;
  /** Every event in `$all` order as the server holds it, metadata parsed from its JSON. */
  recorded(): readonly RecordedByServer[];
  stop(): Promise<void>;
}

export interface RecordedByServer {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly metadata: unknown;
}

export async function startEsdbStandIn(options: EsdbStandInOptions = {}): Promise<EsdbStandIn> {
  const log = new EventLog();
  seedSystemEvents(log);
  const open = new Set<AbortController>();
  const server = new Server();
  server.addService(streamsGrpc.StreamsService, {
    read: readHandler(log, open),
    append: appendHandler(log),
    batchAppend: batchAppendHandler(log),
  });
  server.addService(featuresGrpc.ServerFeaturesService, { getSupportedMethods: featuresHandler(options.features ?? 'batch-append') });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    appendDirectly: (streamId, type, data = {}) => appendDirectly(log, streamId, type, data),
    rewrite: (streamId, revision, data) => log.rewrite(streamId, revision, Uint8Array.from(Buffer.from(JSON.stringify(data), 'utf8'))),
    recorded: () => log.readAll('start', 'forwards', Number.MAX_SAFE_INTEGER).map(recordedByServer),
    stop: async () => {
      for (const controller of open) controller.abort();
      server.forceShutdown();
    },
  };
}

function featuresHandler(features: 'batch-append' | 'append-only') {
  return (
    _call: unknown,
    callback: (error: { code: status; details: string } | null, value?: InstanceType<typeof featuresPb.SupportedMethods>) => void,
  ): void => {
    if (features === 'append-only') return callback({ code: status.UNIMPLEMENTED, details: 'server features' });
    const methods = new featuresPb.SupportedMethods().setEventStoreServerVersion('23.10.0-stand-in');
    for (const name of ['read', 'append', 'batchappend']) {
      methods.addMethods(new featuresPb.SupportedMethod().setServiceName('event_store.client.streams.streams').setMethodName(name));
    }
    callback(null, methods);
  };
}

function recordedByServer(event: LoggedEvent): RecordedByServer {
  const text = Buffer.from(event.customMetadata).toString('utf8');
  return { streamId: event.streamId, id: event.id, type: event.type, metadata: text === '' ? undefined : JSON.parse(text) };
}

function appendDirectly(log: EventLog, streamId: string, type: string, data: unknown): void {
  const bytes = (value: unknown): Uint8Array => Uint8Array.from(Buffer.from(JSON.stringify(value), 'utf8'));
  const id = randomUUID();
  log.append(streamId, { kind: 'any' }, [{ id, type, contentType: 'application/json', data: bytes(data), customMetadata: new Uint8Array() }]);
}

/** A fresh node's `$all` does not start empty: the server writes its own events first. */
function seedSystemEvents(log: EventLog): void {
  appendDirectly(log, '$epoch-information', '$epoch', { epochNumber: 0 });
  appendDirectly(log, '$projections-$all', '$ProjectionsInitialized', {});
  appendDirectly(log, '$$$settings', '$metadata', { $acl: {} });
}
