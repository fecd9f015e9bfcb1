import type { StreamingRead } from '@eventstore/db-client';

/**
 * The items of one read of the client. A reader that stops early (a `break`, an error in its own
 * code) cancels the gRPC call too: destroying the client's stream alone leaves the call open.
 */
export async function* drain<Item>(reading: StreamingRead<Item>): AsyncGenerator<Item> {
  let complete = false;
  try {
    for await (const item of reading as AsyncIterable<Item>) yield item;
    complete = true;
  } finally {
    if (!complete) await reading.cancel();
  }
}
