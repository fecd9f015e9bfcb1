/** The client's failures as the port names them; anything else is passed on as it is. */
import { CancelledError, convertToCommandError, DeadlineExceededError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError, type ExpectedRevision } from '../../../application/ports/event-store.js';

export function translateError(error: unknown, append?: { readonly streamId: string; readonly expected: ExpectedRevision }): unknown {
  if (!(error instanceof Error)) return error;
  // Some calls (server-feature discovery) reject with the raw gRPC error: convert it first.
  const converted = convertToCommandError(error);
  if (converted instanceof WrongExpectedVersionError && append !== undefined) {
    const actual = converted.actualVersion;
    return new WrongExpectedRevisionError(append.streamId, append.expected, typeof actual === 'bigint' ? Number(actual) : 'no_stream');
  }
  // Cancelled by the server (a client's own cancellation never reaches here): it went away.
  if (converted instanceof UnavailableError || converted instanceof CancelledError || converted instanceof DeadlineExceededError) {
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${converted.message}`, { cause: error });
  }
  return converted;
}
