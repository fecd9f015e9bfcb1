/**
 * The IPN flow for one body: verify the SNS signature (before anything else), then hand it to
 * the application's ingestion (decode → inbox → fact command → settle). Used by the HTTP plugin
 * and by `billing-engine ipn replay`.
 */
import type { X509Certificate } from 'node:crypto';
import { IpnIngestion, type ReceiveResult, type ResumeResult } from '../../application/ipn/ingestion.js';
import type { BillingEngine } from '../../application/engine.js';
import type { IpnInbox } from '../../application/ports/ipn-inbox.js';
import { certificateStoreFor, DEFAULT_IPN_MAX_AGE_SECONDS } from './config.js';
import { AmazonNotificationDecoder } from './notification/decoder.js';
import { openIpnInbox } from './open-inbox.js';
import type { CertificateStore } from './sns/certificate-store.js';
import { parseEnvelope } from './sns/envelope.js';
import { SnsVerifier } from './sns/verifier.js';

export interface IpnReceiverOptions {
  readonly engine: BillingEngine;
  /** Default: the inbox beside the engine's event store. */
  readonly inbox?: IpnInbox;
  /** Default: the directory `certDir`, or HTTPS with a cache when no directory is given. */
  readonly certificates?: CertificateStore;
  readonly certDir?: string;
  /** Default 15 days; 0 = no freshness window. */
  readonly maxAgeSeconds?: number;
  /** The local sandbox signer's certificate, trusted for its pinned URL (sandbox IPN mode); absent: Amazon's only. */
  readonly sandboxCertificate?: X509Certificate;
}

export type IpnOutcome = { readonly kind: 'refused'; readonly status: 400 | 403 | 503; readonly reason: string } | Extract<ReceiveResult, { kind: 'stored' }>;

export class IpnReceiver {
  constructor(
    readonly verifier: SnsVerifier,
    readonly ingestion: IpnIngestion,
    readonly inbox: IpnInbox,
  ) {}

  /** `checkFreshness: false` re-ingests archives: the signature is still verified. */
  async accept(body: string, { checkFreshness = true }: { readonly checkFreshness?: boolean } = {}): Promise<IpnOutcome> {
    const parsed = parseEnvelope(body);
    if (!parsed.ok) return { kind: 'refused', status: 400, reason: parsed.reason };
    const verification = await this.verifier.verify(parsed.envelope, { checkFreshness });
    if (!verification.ok) return { kind: 'refused', status: verification.status, reason: verification.reason };
    const received = await this.ingestion.receive(body);
    return received.kind === 'refused' ? { kind: 'refused', status: 400, reason: received.reason } : received;
  }

  /** Applies what a crash left pending; call it when the service starts. */
  resume(): Promise<ResumeResult> {
    return this.ingestion.resume();
  }

  /** Applies again what was unmatched (its object may exist by now), and what was left pending. */
  retryUnmatched(): Promise<ResumeResult> {
    return this.ingestion.resume(['pending', 'unmatched']);
  }
}

export function createIpnReceiver(options: IpnReceiverOptions): IpnReceiver {
  const { engine } = options;
  const inbox = options.inbox ?? openIpnInbox(engine.deps.store);
  const certificates = options.certificates ?? certificateStoreFor(options.certDir === undefined ? {} : { certDir: options.certDir });
  const verifier = new SnsVerifier({
    certificates,
    clock: engine.deps.clock,
    maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_IPN_MAX_AGE_SECONDS,
    ...(options.sandboxCertificate === undefined ? {} : { sandbox: options.sandboxCertificate }),
  });
  const ingestion = new IpnIngestion({ engine, inbox, decoder: new AmazonNotificationDecoder(), clock: engine.deps.clock });
  return new IpnReceiver(verifier, ingestion, inbox);
}
