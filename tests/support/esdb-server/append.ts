/**
 * `Streams.Append` (one client stream per append: options, then the proposed messages) and
 * `Streams.BatchAppend` (one long-lived duplex stream; requests grouped by correlation id, each
 * group ended by `is_final`), answered in the shapes the client unpacks.
 */
import { status, type ServerDuplexStream, type ServerReadableStream, type sendUnaryData } from '@grpc/grpc-js';
import { anyPb, codePb, emptyPb, sharedPb, statusPb, streamsPb, type AppendOptions, type AppendReq, type AppendResp, type BatchAppendOptions, type BatchAppendReq, type BatchAppendResp } from './generated.js';
import { expectedOf, proposedEvent, streamIdentifier, streamNameOf, uuidMessage, uuidText } from './codec.js';
import type { AppendOutcome, EventLog, Expected, ProposedEvent } from './log.js';

export function appendHandler(log: EventLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let options: AppendOptions | undefined;
    const events: ProposedEvent[] = [];
    let refusal: string | undefined;
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      if (!request.hasProposedMessage()) return;
      const event = proposedEvent(request.getProposedMessage());
      if (typeof event === 'string') refusal ??= event;
      else events.push(event);
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (options === undefined || refusal !== undefined) {
        callback({ code: status.INVALID_ARGUMENT, details: refusal ?? 'append without options' });
        return;
      }
      const expected = expectedOf(options);
      const outcome = log.append(streamNameOf(options.getStreamIdentifier()), expected, events);
      callback(null, appendResp(outcome, expected));
    });
  };
}

function appendResp(outcome: AppendOutcome, expected: Expected): AppendResp {
  const resp = new streamsPb.AppendResp();
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
    if (outcome.currentRevision === undefined) wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(outcome.currentRevision.toString(10));
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString(10));
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
    else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
    else wrong.setExpectedAny(new sharedPb.Empty());
    return resp.setWrongExpectedVersion(wrong);
  }
  const success = new streamsPb.AppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(new sharedPb.Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString(10));
  if (outcome.position === undefined) success.setNoPosition(new sharedPb.Empty());
  else {
    const position = new streamsPb.AppendResp.Position();
    position.setCommitPosition(outcome.position.commit.toString(10));
    position.setPreparePosition(outcome.position.prepare.toString(10));
    success.setPosition(position);
  }
  return resp.setSuccess(success);
}

interface PendingBatch {
  readonly options: BatchAppendOptions | undefined;
  readonly events: ProposedEvent[];
  refusal: string | undefined;
}

export function batchAppendHandler(log: EventLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = uuidText(request.getCorrelationId()) ?? '';
      const batch = pending.get(correlationId) ?? { options: request.getOptions(), events: [], refusal: undefined };
      pending.set(correlationId, batch);
      for (const message of request.getProposedMessagesList()) {
        const event = proposedEvent(message);
        if (typeof event === 'string') batch.refusal ??= event;
        else batch.events.push(event);
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlationId);
      call.write(batchAppendResp(log, correlationId, batch));
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  };
}

function batchAppendResp(log: EventLog, correlationId: string, batch: PendingBatch): BatchAppendResp {
  const resp = new streamsPb.BatchAppendResp().setCorrelationId(uuidMessage(correlationId, false));
  const options = batch.options;
  if (options === undefined || batch.refusal !== undefined) {
    const message = batch.refusal ?? 'batch without options';
    const details = new anyPb.Any();
    details.pack(new sharedPb.BadRequest().setMessage(message).serializeBinary(), 'event_store.client.BadRequest');
    return resp.setError(errorStatus(codePb.Code.INVALID_ARGUMENT, message).setDetails(details));
  }
  const streamName = streamNameOf(options.getStreamIdentifier());
  resp.setStreamIdentifier(streamIdentifier(streamName));
  const expected = expectedOf(options);
  if (expected.kind === 'revision') resp.setStreamPosition(expected.revision.toString(10));
  else if (expected.kind === 'no_stream') resp.setNoStream(new emptyPb.Empty());
  else if (expected.kind === 'stream_exists') resp.setStreamExists(new emptyPb.Empty());
  else resp.setAny(new emptyPb.Empty());
  const outcome = log.append(streamName, expected, batch.events);
  if (outcome.kind === 'wrong_expected_version') return resp.setError(wrongExpectedVersionStatus(outcome, expected));
  const success = new streamsPb.BatchAppendResp.Success();
  if (outcome.currentRevision === undefined) success.setNoStream(new emptyPb.Empty());
  else success.setCurrentRevision(outcome.currentRevision.toString(10));
  if (outcome.position === undefined) success.setNoPosition(new emptyPb.Empty());
  else {
    const position = new sharedPb.AllStreamPosition();
    position.setCommitPosition(outcome.position.commit.toString(10));
    position.setPreparePosition(outcome.position.prepare.toString(10));
    success.setPosition(position);
  }
  return resp.setSuccess(success);
}

function wrongExpectedVersionStatus(outcome: AppendOutcome & { kind: 'wrong_expected_version' }, expected: Expected): InstanceType<typeof statusPb.Status> {
  const details = new sharedPb.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) details.setCurrentNoStream(new emptyPb.Empty());
  else details.setCurrentStreamRevision(outcome.currentRevision.toString(10));
  if (expected.kind === 'revision') details.setExpectedStreamPosition(expected.revision.toString(10));
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new emptyPb.Empty());
  else details.setExpectedAny(new emptyPb.Empty());
  const packed = new anyPb.Any();
  packed.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return errorStatus(codePb.Code.FAILED_PRECONDITION, 'wrong expected version').setDetails(packed);
}

function errorStatus(code: number, message: string): InstanceType<typeof statusPb.Status> {
  return new statusPb.Status().setCode(code).setMessage(message);
}
