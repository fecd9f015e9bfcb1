/**
 * The real service on an ephemeral port, a signing client, and helpers for the HTTP tests.
 * Pending requests settle 100 ms after they are asked, so an answer can still show Pending.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import type { FailedAuthLimiterOptions } from '../../infrastructure/auth/failed-auth-limiter.js';
import { resolveServiceConfig } from '../../infrastructure/config/service-config.js';
import { startService, type RunningService } from '../../infrastructure/http/service.js';
import { MwsClient, type MwsAnswer } from '../../infrastructure/mws/client.js';
import type { Credential } from '../../infrastructure/mws/credentials.js';
import { SandboxPaymentProcessor } from '../../infrastructure/payments/sandbox-simulator.js';
import { ManualClock } from '../../infrastructure/runtime/clock.js';
import { SequentialIdGenerator } from '../../infrastructure/runtime/ids.js';
import { allEvents } from '../engine/support.js';

export const START = '2026-11-10T00:00:00.000Z';
export const SANDBOX_PATH = '/OffAmazonPayments_Sandbox/2013-01-01';

export interface TestService {
  readonly service: RunningService;
  readonly url: string;
  /** The store the service runs on (`memory:` or `sqlite:<file>`). */
  readonly store: string;
  readonly clock: ManualClock;
  /** Signs as the generated sandbox credential, at the service's clock. */
  readonly client: MwsClient;
  clientFor(path: string, overrides?: Partial<ConstructorParameters<typeof MwsClient>[0]>): MwsClient;
  /** A JSON API call with the sandbox seller's API key, or `apiKey` (null: no Authorization header). */
  json(method: 'GET' | 'POST', path: string, body?: unknown, apiKey?: string | null): Promise<{ readonly status: number; readonly body: Record<string, unknown> }>;
  eventCount(): Promise<number>;
  cleanup(): Promise<void>;
}

export interface TestServiceOptions {
  readonly store?: 'memory' | 'sqlite';
  readonly throttle?: boolean;
  readonly credentials?: readonly Credential[];
  /** The lockout after failed authentications (default: the service's). */
  readonly failedAuth?: FailedAuthLimiterOptions;
  /** Where the log goes, at `logLevel` (default: no log). */
  readonly log?: { readonly stream: DestinationStream; readonly level: 'trace' | 'debug' | 'info' };
}

export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const dir = mkdtempSync(join(tmpdir(), 'http-'));
  const store = options.store === 'sqlite' ? `sqlite:${join(dir, 'billing.db')}` : 'memory:';
  const config = resolveServiceConfig({ host: '127.0.0.1', port: 0, store, dataDir: join(dir, 'data'), throttle: options.throttle ? 'amazon' : 'off', logLevel: options.log?.level ?? 'silent', credentials: options.credentials ?? [] });
  const clock = new ManualClock(START);
  const service = await startService(config, { clock, ids: new SequentialIdGenerator(7), payments: new SandboxPaymentProcessor({ settleAfterMs: 100 }), log: options.log?.stream ?? false, plugins: [], ...(options.failedAuth === undefined ? {} : { failedAuth: options.failedAuth }) });
  const clientFor = (path: string, overrides = {}) =>
    new MwsClient({ endpoint: `${service.url}${path}`, credential: service.sandbox.credential, now: () => clock.now(), ...overrides });
  return {
    service,
    url: service.url,
    store,
    clock,
    client: clientFor(SANDBOX_PATH),
    clientFor,
    async json(method, path, body, apiKey = service.sandbox.apiKey) {
      const headers: Record<string, string> = { ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      const response = await fetch(`${service.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    eventCount: async () => (await allEvents(service.engine.deps.store)).length,
    async cleanup() {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function withService(body: (t: TestService) => Promise<void>, options: TestServiceOptions = {}): Promise<void> {
  const t = await startTestService(options);
  try {
    await body(t);
  } finally {
    await t.cleanup();
  }
}

/** A Draft agreement of the sandbox seller, through the JSON API (as the widgets would). */
export async function draftAgreement(t: TestService, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await t.json('POST', '/v1/billing-agreements', {
    sellerId: t.service.sandbox.credential.sellerId,
    marketplace: 'JP',
    buyer: { name: 'Hanako Yamada', email: 'hanako@example.jp' },
    requiresShipping: false,
    ...extra,
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body['amazonBillingAgreementId'] as string;
}

/** Consent and a payment method, then ConfirmBillingAgreement over MWS: Open. */
export async function openAgreement(t: TestService, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await draftAgreement(t, extra);
  await t.json('POST', `/v1/billing-agreements/${id}/consent`);
  await t.json('POST', `/v1/billing-agreements/${id}/payment-method`, { descriptor: 'Visa ****1111' });
  const confirmed = await t.client.call('ConfirmBillingAgreement', { AmazonBillingAgreementId: id });
  if (!confirmed.ok) throw new Error(`confirm: ${confirmed.code}`);
  return id;
}

export function expectError(answer: MwsAnswer, code: string, status: number): void {
  if (answer.ok) throw new Error(`expected ${code} (${status}), got success: ${answer.body}`);
  if (answer.code !== code || answer.status !== status) throw new Error(`expected ${code} (${status}), got ${answer.code} (${answer.status}): ${answer.message}`);
}

export function expectOk(answer: MwsAnswer): Record<string, unknown> {
  if (!answer.ok) throw new Error(`expected success, got ${answer.code} (${answer.status}): ${answer.message}`);
  return answer.result;
}

/** A nested element of a parsed result: path('A.B.C'). */
export function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), value);
}

export async function eventually(check: () => Promise<boolean>, ms = 3_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A request exactly as given (Host header included), for what fetch would normalise. */
export function rawRequest(url: string, init: { readonly method?: string; readonly headers?: Record<string, string>; readonly body?: string | Buffer }): Promise<{ readonly status: number; readonly contentType: string; readonly body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: init.method ?? 'POST', headers: init.headers ?? {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

/** A log stream kept in memory, one parsed line per entry. */
export function memoryLog(): { readonly stream: Writable; readonly lines: () => Record<string, unknown>[]; readonly text: () => string } {
  let text = '';
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) });
  return { stream, text: () => text, lines: () => text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>) };
}
