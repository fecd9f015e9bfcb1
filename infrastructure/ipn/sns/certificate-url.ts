/** MWS-AND-IPN.md §3.1: where a signing certificate may come from. */

/**
 * Where notifications of the local sandbox signer (`billing-engine ipn trigger`) say their
 * certificate is: a reserved `.invalid` host (RFC 2606), never fetched, matched exactly and only
 * in sandbox IPN mode. It fails every rule below, so it can never pass as Amazon's.
 */
export const SANDBOX_SIGNING_CERT_URL = 'https://sns.sandbox.billing-engine.invalid/SimpleNotificationService-billing-engine-sandbox.pem';

const SNS_HOST = /^sns\.[a-zA-Z0-9-]{3,}\.amazonaws\.com(\.cn)?$/;
/** The last path segment names the file in a certificate directory: nothing that could leave it. */
const CERTIFICATE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.pem$/;

export type CertificateUrlResult = { readonly ok: true; readonly url: URL; readonly fileName: string } | { readonly ok: false; readonly reason: string };

export function checkCertificateUrl(text: string): CertificateUrlResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `SigningCertURL '${text}' is not a URL` };
  }
  const refuse = (why: string): CertificateUrlResult => ({ ok: false, reason: `SigningCertURL '${text}' ${why}` });
  if (url.protocol !== 'https:') return refuse('is not https');
  if (url.username !== '' || url.password !== '' || url.port !== '') return refuse('carries credentials or a port');
  if (!SNS_HOST.test(url.hostname)) return refuse('is not on an Amazon SNS host');
  if (url.search !== '' || url.hash !== '') return refuse('has a query or fragment');
  const fileName = url.pathname.split('/').pop() ?? '';
  if (!url.pathname.endsWith('.pem') || !CERTIFICATE_FILE.test(fileName)) return refuse('does not name a .pem file');
  return { ok: true, url, fileName };
}
