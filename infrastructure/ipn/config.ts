/**
 * The IPN adapter's settings, from the environment:
 *   IPN_CERT_DIR          directory of SNS signing certificates (PEM files named like the last
 *                         segment of SigningCertURL); when set, nothing is fetched (closed networks)
 *   IPN_MAX_AGE_SECONDS   how far a notification's Timestamp may be from the clock; 0 = no limit.
 *                         Default 15 days: Amazon retries a notification for up to 14 days.
 *   IPN_PATH              where `billing-engine serve` receives them; default /ipn
 *   IPN_SANDBOX           on: also trust the local sandbox signer (`billing-engine ipn trigger`);
 *                         off: Amazon's certificates only. Default: on when serving on loopback.
 */
import { ConfigurationError } from '../config/store-url.js';
import { DirectoryCertificateStore, HttpsCertificateStore, type CertificateStore } from './sns/certificate-store.js';

export interface IpnConfig {
  readonly certDir?: string;
  readonly maxAgeSeconds: number;
  readonly path: string;
  /** Absent: decided by where the service listens (on on loopback). */
  readonly sandbox?: boolean;
}

export const DEFAULT_IPN_MAX_AGE_SECONDS = 15 * 24 * 3600;
/** Larger bodies are refused with 413; Amazon's are a few KiB. */
export const DEFAULT_IPN_BODY_LIMIT = 256 * 1024;

export function parseMaxAgeSeconds(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new ConfigurationError(`IPN_MAX_AGE_SECONDS '${text}' is not a whole number of seconds (0 turns the window off)`);
  return Number(text.trim());
}

export function ipnConfigFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): IpnConfig {
  const certDir = env['IPN_CERT_DIR'];
  const maxAge = env['IPN_MAX_AGE_SECONDS'];
  const path = env['IPN_PATH'] ?? '';
  if (path !== '' && !path.startsWith('/')) throw new ConfigurationError(`IPN_PATH '${path}' must start with '/'`);
  const sandbox = env['IPN_SANDBOX'] ?? '';
  if (sandbox !== '' && sandbox !== 'on' && sandbox !== 'off') throw new ConfigurationError(`IPN_SANDBOX '${sandbox}' must be 'on' or 'off'`);
  return {
    ...(sandbox === '' ? {} : { sandbox: sandbox === 'on' }),
    ...(certDir === undefined || certDir === '' ? {} : { certDir }),
    maxAgeSeconds: maxAge === undefined || maxAge === '' ? DEFAULT_IPN_MAX_AGE_SECONDS : parseMaxAgeSeconds(maxAge),
    path: path === '' ? '/ipn' : path,
  };
}

export function certificateStoreFor(config: Pick<IpnConfig, 'certDir'>): CertificateStore {
  return config.certDir === undefined ? new HttpsCertificateStore() : new DirectoryCertificateStore(config.certDir);
}
