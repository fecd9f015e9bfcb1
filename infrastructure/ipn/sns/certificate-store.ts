/**
 * Where signing certificates come from: a directory of PEM files named like the URL's last
 * path segment (closed networks, archives, tests), or an HTTPS fetch with a cache (live).
 * Neither checks a chain: the URL rules (an Amazon SNS host over https) and the directory's
 * owner decide which certificates are trusted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface CertificateStore {
  /** The PEM text of the certificate at `url` (already checked by `checkCertificateUrl`). */
  get(url: URL, fileName: string): Promise<string>;
}

/** The certificate could not be had now: not the sender's fault, so worth a retry. */
export class CertificateUnavailableError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'CertificateUnavailableError';
  }
}

export class DirectoryCertificateStore implements CertificateStore {
  constructor(readonly directory: string) {}

  async get(_url: URL, fileName: string): Promise<string> {
    const path = join(this.directory, fileName);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw new CertificateUnavailableError(`certificate '${fileName}' is not in the certificate directory '${this.directory}' (IPN_CERT_DIR)`, { cause: error });
    }
  }
}

export interface HttpsCertificateStoreOptions {
  readonly fetch?: typeof globalThis.fetch;
  readonly timeoutMs?: number;
  /** A certificate is a few KiB; anything much larger is refused. */
  readonly maxBytes?: number;
}

export class HttpsCertificateStore implements CertificateStore {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly fetch: typeof globalThis.fetch;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: HttpsCertificateStoreOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
  }

  get(url: URL): Promise<string> {
    const key = url.href;
    let pending = this.cache.get(key);
    if (pending === undefined) {
      pending = this.download(url);
      // A failed download is not cached: the next notification tries again.
      pending.catch(() => this.cache.delete(key));
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async download(url: URL): Promise<string> {
    let text: string;
    try {
      const response = await this.fetch(url, { redirect: 'error', signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      throw new CertificateUnavailableError(`cannot fetch certificate ${url.href}: ${(error as Error).message}`, { cause: error });
    }
    if (Buffer.byteLength(text) > this.maxBytes) throw new CertificateUnavailableError(`certificate ${url.href} is larger than ${this.maxBytes} bytes`);
    return text;
  }
}
