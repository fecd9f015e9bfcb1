/** An engine with IPN ingestion below the signature layer (the decoder, an inbox, the fact commands). */
import { IpnIngestion } from '../../application/ipn/ingestion.js';
import type { BillingEngine } from '../../application/engine.js';
import type { IpnInbox } from '../../application/ports/ipn-inbox.js';
import { MemoryIpnInbox } from '../../infrastructure/ipn/memory-ipn-inbox.js';
import { AmazonNotificationDecoder } from '../../infrastructure/ipn/notification/decoder.js';
import type { ManualClock } from '../../infrastructure/runtime/clock.js';
import { openTestEngine, type TestEngine } from '../engine/support.js';

export interface Ingesting {
  readonly t: TestEngine;
  readonly inbox: IpnInbox;
  readonly ingestion: IpnIngestion;
}

export const ingestionFor = (engine: Pick<BillingEngine, 'execute'>, inbox: IpnInbox, clock: ManualClock): IpnIngestion =>
  new IpnIngestion({ engine, inbox, decoder: new AmazonNotificationDecoder(), clock });

export async function withIngestion(body: (i: Ingesting) => Promise<void>): Promise<void> {
  const t = await openTestEngine('memory');
  const inbox = new MemoryIpnInbox();
  try {
    await body({ t, inbox, ingestion: ingestionFor(t.engine, inbox, t.clock) });
  } finally {
    await t.cleanup();
  }
}

/** Amazon's time, some minutes after the engine's start (the two clocks are never compared). */
export const amazonAt = (minutes: number): string => new Date(Date.UTC(2014, 11, 2, 21, 0) + minutes * 60_000).toISOString();
