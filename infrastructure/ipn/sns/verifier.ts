/**
 * SNS signature verification (MWS-AND-IPN.md §3.1), before anything else is done with a body:
 * the certificate URL rules, subject CN `sns.amazonaws.com`, validity at the notification's own
 * Timestamp (so an archive verifies years later), RSA-SHA1 (SignatureVersion 1) or RSA-SHA256
 * (2) over the string to sign, and a freshness window against the clock (0 turns it off).
 */
import { X509Certificate, verify } from 'node:crypto';
import type { Clock } from '../../../application/ports/clock.js';
import { toEpochMs } from '../../../domain/shared/time.js';
import { normalizeInstant } from '../instant.js';
import { checkCertificateUrl, SANDBOX_SIGNING_CERT_URL } from './certificate-url.js';
import { CertificateUnavailableError, type CertificateStore } from './certificate-store.js';
import { stringToSign, type SnsEnvelope } from './envelope.js';

export type Verification = { readonly ok: true } | { readonly ok: false; readonly status: 400 | 403 | 503; readonly reason: string };

export interface SnsVerifierOptions {
  readonly certificates: CertificateStore;
  readonly clock: Clock;
  /** How far the envelope's Timestamp may be from the clock, in seconds; 0 = no window. */
  readonly maxAgeSeconds: number;
  /**
   * The local sandbox signer's certificate (sandbox IPN mode only): notifications whose
   * SigningCertURL is SANDBOX_SIGNING_CERT_URL are verified with it, pinned. Absent, that URL is
   * refused like any other that is not Amazon's.
   */
  readonly sandbox?: X509Certificate;
}

const ALGORITHMS: Readonly<Record<string, string>> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SUBJECT_CN = 'sns.amazonaws.com';

const refuse = (status: 400 | 403 | 503, reason: string): Verification => ({ ok: false, status, reason });

function commonNames(certificate: X509Certificate): string[] {
  return certificate.subject
    .split('\n')
    .filter((line) => line.startsWith('CN='))
    .map((line) => line.slice('CN='.length));
}

/** The certificate's own problem with signing at `at` (ms), if any; a pinned one needs no Amazon name. */
function certificateProblem(certificate: X509Certificate, at: number, pinned: boolean): string | undefined {
  const names = commonNames(certificate);
  if (!pinned && (names.length !== 1 || names[0] !== SUBJECT_CN)) return `the certificate's subject CN is '${names.join(', ')}', not '${SUBJECT_CN}'`;
  const from = Date.parse(certificate.validFrom);
  const to = Date.parse(certificate.validTo);
  if (!(from <= at && at <= to)) return `the certificate was not valid at the notification's Timestamp (valid ${certificate.validFrom} to ${certificate.validTo})`;
  return undefined;
}

function signatureMatches(algorithm: string, envelope: SnsEnvelope, certificate: X509Certificate): boolean {
  try {
    return verify(algorithm, Buffer.from(stringToSign(envelope), 'utf8'), certificate.publicKey, Buffer.from(envelope.Signature, 'base64'));
  } catch {
    // A key that cannot make such a signature (not RSA) verifies nothing.
    return false;
  }
}

export class SnsVerifier {
  private readonly parsed = new Map<string, X509Certificate>();

  constructor(private readonly options: SnsVerifierOptions) {}

  async verify(envelope: SnsEnvelope, { checkFreshness = true }: { readonly checkFreshness?: boolean } = {}): Promise<Verification> {
    const algorithm = ALGORITHMS[envelope.SignatureVersion];
    if (algorithm === undefined) return refuse(403, `unsupported SignatureVersion '${envelope.SignatureVersion}'`);
    const timestamp = normalizeInstant(envelope.Timestamp);
    if (timestamp === undefined) return refuse(400, `Timestamp '${envelope.Timestamp}' is not an ISO-8601 instant`);
    const at = toEpochMs(timestamp);
    const stale = checkFreshness ? this.freshnessProblem(at) : undefined;
    if (stale !== undefined) return refuse(403, stale);
    const pinned = envelope.SigningCertURL === SANDBOX_SIGNING_CERT_URL;
    if (pinned && this.options.sandbox === undefined) {
      return refuse(403, `SigningCertURL '${envelope.SigningCertURL}' is the local sandbox signer's, trusted only with sandbox IPNs on (IPN_SANDBOX=on, the default on loopback)`);
    }
    const certificate = this.options.sandbox !== undefined && pinned ? this.options.sandbox : await this.amazonCertificate(envelope.SigningCertURL);
    if (!(certificate instanceof X509Certificate)) return certificate;
    const problem = certificateProblem(certificate, at, pinned);
    if (problem !== undefined) return refuse(403, problem);
    if (!BASE64.test(envelope.Signature)) return refuse(403, 'the Signature is not base64');
    return signatureMatches(algorithm, envelope, certificate) ? { ok: true } : refuse(403, 'the signature does not match the signed fields');
  }

  /** The certificate at an Amazon SigningCertURL (§3.1's rules), or why it is refused. */
  private async amazonCertificate(url: string): Promise<X509Certificate | Verification> {
    const location = checkCertificateUrl(url);
    if (!location.ok) return refuse(403, location.reason);
    try {
      return await this.certificate(location.url, location.fileName);
    } catch (error) {
      if (error instanceof CertificateUnavailableError) return refuse(503, error.message);
      return refuse(403, `the certificate at ${location.url.href} cannot be read: ${(error as Error).message}`);
    }
  }

  private freshnessProblem(at: number): string | undefined {
    const { maxAgeSeconds, clock } = this.options;
    if (maxAgeSeconds <= 0) return undefined;
    const age = (toEpochMs(clock.now()) - at) / 1000;
    if (Math.abs(age) <= maxAgeSeconds) return undefined;
    return `the notification's Timestamp is ${Math.round(Math.abs(age))} s ${age > 0 ? 'old' : 'in the future'}, outside the window of ${maxAgeSeconds} s (IPN_MAX_AGE_SECONDS)`;
  }

  private async certificate(url: URL, fileName: string): Promise<X509Certificate> {
    const pem = await this.options.certificates.get(url, fileName);
    let certificate = this.parsed.get(pem);
    if (certificate === undefined) {
      certificate = new X509Certificate(pem);
      this.parsed.set(pem, certificate);
    }
    return certificate;
  }
}
