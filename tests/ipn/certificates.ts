/**
 * Signing certificates made at test time with openssl (never committed keys): a self-signed
 * certificate per case, with chosen subject CN and validity, in a temp directory named as the
 * certificate store expects. Made once per test process.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  /** The last segment of its SigningCertURL: the file in the directory. */
  readonly fileName: string;
  readonly url: string;
  readonly key: KeyObject;
}

export interface TestCertificates {
  readonly dir: string;
  /** CN sns.amazonaws.com, valid 2000–2099. */
  readonly valid: TestCertificate;
  /** CN sns.example.com. */
  readonly wrongName: TestCertificate;
  /** CN sns.amazonaws.com, valid only during 2020. */
  readonly only2020: TestCertificate;
}

/** Amazon's certificate of the real fixtures, copied into the directory too. */
export const FIXTURE_CERTIFICATE = 'SimpleNotificationService-d6d679a1d18e95c2f9ffcf11f4f9e198.pem';

const CA_CONFIG = `
[ ca ]
default_ca = test
[ test ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = any
unique_subject = no
[ any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = COMMON_NAME
`;

function makeCertificate(dir: string, name: string, commonName: string, start: string, end: string): TestCertificate {
  const work = mkdtempSync(join(dir, `${name}-`));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(work, 'key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(work, 'ca.cnf'), CA_CONFIG.replace('COMMON_NAME', commonName));
  writeFileSync(join(work, 'index.txt'), '');
  writeFileSync(join(work, 'serial'), '01\n');
  const fileName = `SimpleNotificationService-${name}.pem`;
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
  run(['req', '-new', '-key', 'key.pem', '-config', 'ca.cnf', '-out', 'req.csr']);
  run(['ca', '-config', 'ca.cnf', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-startdate', start, '-enddate', end, '-batch', '-notext', '-out', join(dir, fileName)]);
  return { fileName, url: `https://sns.us-east-1.amazonaws.com/${fileName}`, key: privateKey };
}

let made: TestCertificates | undefined;

export function testCertificates(): TestCertificates {
  if (made !== undefined) return made;
  const dir = mkdtempSync(join(tmpdir(), 'ipn-certs-'));
  copyFileSync(join(import.meta.dirname, '../fixtures/amazon-pay/ipn', FIXTURE_CERTIFICATE), join(dir, FIXTURE_CERTIFICATE));
  made = {
    dir,
    valid: makeCertificate(dir, 'test', 'sns.amazonaws.com', '20000101000000Z', '20991231235959Z'),
    wrongName: makeCertificate(dir, 'wrongname', 'sns.example.com', '20000101000000Z', '20991231235959Z'),
    only2020: makeCertificate(dir, 'only2020', 'sns.amazonaws.com', '20200101000000Z', '20201231235959Z'),
  };
  return made;
}
