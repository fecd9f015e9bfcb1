/**
 * `Streams.Read`: a stream's events, `$all` from a position with a count, or a subscription to
 * `$all` (confirmation, catch-up, `caughtUp`, then live events until the client cancels).
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { streamsPb, type ReadOptions, type ReadReq, type ReadResp } from './generated.js';
import { positionFromRequest, readEventResp, streamNameOf } from './codec.js';
import type { EventLog, LoggedEvent, Position } from './log.js';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Options = ReadOptions;

/** How many events a subscription takes from the log between two checks for cancellation. */
const SUBSCRIPTION_CHUNK = 256;

export function readHandler(log: EventLog, open: Set<AbortController>) {
  return (call: ReadCall): void => {
    const options = call.request.getOptions();
    const stop = new AbortController();
    open.add(stop);
    call.on('cancelled', () => stop.abort());
    call.on('error', () => stop.abort());
    void serve(log, call, options, stop.signal)
      .catch((error: unknown) => fail(call, status.INTERNAL, String(error)))
      .finally(() => open.delete(stop));
  };
}

async function serve(log: EventLog, call: ReadCall, options: Options | undefined, signal: AbortSignal): Promise<void> {
  if (options === undefined) return fail(call, status.INVALID_ARGUMENT, 'read without options');
  const structured = options.getUuidOption()?.hasStructured() ?? false;
  const send = (resp: ReadResp): Promise<void> => write(call, resp, signal);
  if (options.hasSubscription()) {
    if (!options.hasAll()) return fail(call, status.UNIMPLEMENTED, 'the stand-in subscribes to $all only');
    return subscribe(log, options, signal, send, structured);
  }
  if (options.hasFilter()) return fail(call, status.UNIMPLEMENTED, 'the stand-in filters subscriptions only');
  const events = options.hasAll() ? readAll(log, options) : readStream(log, options);
  if (events === undefined) {
    const notFound = new streamsPb.ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(options.getStream()?.getStreamIdentifier());
    await send(new streamsPb.ReadResp().setStreamNotFound(notFound));
  } else {
    for (const event of events) await send(readEventResp(event, structured));
  }
  if (!signal.aborted) call.end();
}

function directionOf(options: Options): 'forwards' | 'backwards' {
  return options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS ? 'backwards' : 'forwards';
}

function countOf(options: Options): number {
  return options.hasCount() ? Math.min(Number(options.getCount()), Number.MAX_SAFE_INTEGER) : Number.MAX_SAFE_INTEGER;
}

function readStream(log: EventLog, options: Options): LoggedEvent[] | undefined {
  const stream = options.getStream();
  const name = streamNameOf(stream?.getStreamIdentifier());
  const from = stream?.hasRevision() ? BigInt(stream.getRevision()) : stream?.hasEnd() ? 'end' : 'start';
  return log.readStream(name, from, directionOf(options), countOf(options));
}

function readAll(log: EventLog, options: Options): LoggedEvent[] {
  const all = options.getAll();
  const position = all?.getPosition();
  const from = position !== undefined ? positionFromRequest(position) : all?.hasEnd() ? 'end' : 'start';
  return log.readAll(from, directionOf(options), countOf(options));
}

async function subscribe(log: EventLog, options: Options, signal: AbortSignal, send: (resp: ReadResp) => Promise<void>, structured: boolean): Promise<void> {
  const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  await send(new streamsPb.ReadResp().setConfirmation(confirmation));
  const keep = filterOf(options);
  let after = startOfSubscription(log, options);
  let caughtUp = false;
  while (!signal.aborted) {
    const appended = log.nextAppend(signal);
    const events = log.readAllAfter(after, SUBSCRIPTION_CHUNK, keep);
    for (const event of events) {
      await send(readEventResp(event, structured));
      after = event;
    }
    if (events.length > 0) continue;
    if (!caughtUp) await send(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
    caughtUp = true;
    await appended;
  }
}

function startOfSubscription(log: EventLog, options: Options): Position | 'start' {
  const all = options.getAll();
  const position = all?.getPosition();
  if (position !== undefined) return positionFromRequest(position);
  if (all?.hasEnd()) return log.lastPosition() ?? 'start';
  return 'start';
}

function filterOf(options: Options): (event: LoggedEvent) => boolean {
  const filter = options.getFilter();
  if (filter === undefined) return () => true;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType() : filter.getStreamIdentifier();
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression?.getPrefixList() ?? [];
  return (event) => {
    const subject = onType ? event.type : event.streamId;
    if (regex !== undefined) return regex.test(subject);
    return prefixes.length === 0 || prefixes.some((prefix: string) => subject.startsWith(prefix));
  };
}

async function write(call: ReadCall, resp: ReadResp, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  if (call.write(resp)) return;
  await once(call, 'drain', { signal }).catch(() => undefined);
}

function fail(call: ReadCall, code: status, details: string): void {
  call.emit('error', { code, details });
}
