/**
 * The local sandbox's own SNS signer, for test notifications (`billing-engine ipn trigger`): an
 * RSA key and a self-signed certificate the service makes in its data directory
 * (`ipn-sandbox/`, the key readable by its owner only) and trusts only in sandbox IPN mode, and
 * only for notifications whose SigningCertURL is SANDBOX_SIGNING_CERT_URL (a reserved `.invalid`
 * host, never fetched). Amazon's certificates keep every rule of MWS-AND-IPN.md §3.1.
 */
import { createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { ConfigurationError } from '../config/store-url.js';
import { SANDBOX_SIGNING_CERT_URL } from './sns/certificate-url.js';
import { stringToSign, type SnsEnvelope } from './sns/envelope.js';

export const SANDBOX_SIGNER_DIR = 'ipn-sandbox';
const CERTIFICATE_FILE = 'certificate.pem';
const KEY_FILE = 'private-key.pem';

export interface SandboxSigner {
  readonly certificate: X509Certificate;
  readonly directory: string;
}

export interface SandboxSigningKey extends SandboxSigner {
  readonly privateKey: KeyObject;
}

function selfSigned(privateKey: KeyObject, publicKey: KeyObject): string {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  certificate.serialNumber = `01${Date.now().toString(16)}`;
  certificate.validity.notBefore = new Date('2000-01-01T00:00:00Z');
  certificate.validity.notAfter = new Date('2099-12-31T23:59:59Z');
  const name = [{ name: 'commonName', value: 'billing-engine local sandbox SNS (not Amazon)' }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), forge.md.sha256.create());
  return forge.pki.certificateToPem(certificate);
}

function read(directory: string): SandboxSigningKey {
  try {
    const certificate = new X509Certificate(readFileSync(join(directory, CERTIFICATE_FILE)));
    const privateKey = createPrivateKey(readFileSync(join(directory, KEY_FILE)));
    if (!certificate.checkPrivateKey(privateKey)) throw new Error('the key is not the certificate’s');
    return { certificate, privateKey, directory };
  } catch (error) {
    throw new ConfigurationError(`the sandbox IPN signer in '${directory}' cannot be read: ${(error as Error).message} (delete the directory to make a new one)`);
  }
}

/** The data directory's sandbox signer, made there if it is missing. */
export function sandboxSigner(dataDir: string): SandboxSigningKey {
  const directory = join(dataDir, SANDBOX_SIGNER_DIR);
  if (existsSync(join(directory, KEY_FILE))) return read(directory);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(join(directory, KEY_FILE), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process made one at the same moment: theirs stands.
    if ((error as { code?: string }).code === 'EEXIST') return read(directory);
    throw new ConfigurationError(`cannot keep the sandbox IPN signer in '${directory}': ${(error as Error).message}`);
  }
  writeFileSync(join(directory, CERTIFICATE_FILE), selfSigned(privateKey, publicKey), { mode: 0o644 });
  return read(directory);
}

/** The signer `serve` made in `dataDir`, for signing; a clear error when there is none. */
export function existingSandboxSigner(dataDir: string): SandboxSigningKey {
  const directory = join(dataDir, SANDBOX_SIGNER_DIR);
  if (!existsSync(join(directory, KEY_FILE))) {
    throw new ConfigurationError(`no sandbox IPN signer in '${directory}': start the service once with sandbox IPNs on (the default on 127.0.0.1; IPN_SANDBOX=on), or give --data-dir`);
  }
  return read(directory);
}

export type UnsignedEnvelope = Omit<SnsEnvelope, 'Signature' | 'SignatureVersion' | 'SigningCertURL'>;

/** The SNS body of `fields`, signed (SignatureVersion 2, RSA-SHA256) by the sandbox key. */
export function signWithSandbox(fields: UnsignedEnvelope, key: SandboxSigningKey): string {
  const envelope: SnsEnvelope = { ...fields, SignatureVersion: '2', Signature: '', SigningCertURL: SANDBOX_SIGNING_CERT_URL };
  const signature = sign('RSA-SHA256', Buffer.from(stringToSign(envelope), 'utf8'), key.privateKey).toString('base64');
  return JSON.stringify({ ...envelope, Signature: signature });
}
