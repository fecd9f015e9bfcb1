/** The IPN plugin on a fastify instance of its own, listening on an ephemeral loopback port; the fixtures' agreement. */
import Fastify from 'fastify';
import * as assert from 'uvu/assert';
import type { BillingEngine } from '../../application/engine.js';
import { ipnPlugin } from '../../infrastructure/ipn/ipn-plugin.js';
import { createIpnReceiver, type IpnReceiver } from '../../infrastructure/ipn/receiver.js';
import { START, withEngine, type Kind, type TestEngine } from '../engine/support.js';
import { testCertificates } from './certificates.js';

export interface TestServer {
  readonly url: string;
  /** Every log line, parsed. */
  readonly logs: Record<string, unknown>[];
  post(body: string, contentType?: string): Promise<{ readonly status: number; readonly text: string }>;
  close(): Promise<void>;
}

export async function startIpnServer(receiver: IpnReceiver, options: { readonly path?: string; readonly bodyLimit?: number } = {}): Promise<TestServer> {
  const logs: Record<string, unknown>[] = [];
  const app = Fastify({ logger: { level: 'info', stream: { write: (line: string) => logs.push(JSON.parse(line) as Record<string, unknown>) } } });
  await app.register(ipnPlugin({ receiver, ...options }));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `${address}${options.path ?? '/ipn'}`;
  return {
    url,
    logs,
    async post(body, contentType = 'text/plain; charset=UTF-8') {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, 'x-amz-sns-message-type': 'Notification' }, body });
      return { status: response.status, text: await response.text() };
    },
    close: () => app.close(),
  };
}

/** The reasons the plugin logged for refusals. */
export const refusals = (logs: readonly Record<string, unknown>[]): string[] =>
  logs.flatMap((line) => {
    const ipn = line['ipn'] as { reason?: unknown } | undefined;
    return line['level'] === 40 && typeof ipn?.reason === 'string' ? [ipn.reason] : [];
  });

export const FIXTURE_BA = 'C01-1132127-4529483';

/** Mirrors the fixture's agreement (US marketplace, the fixture's seller) and confirms it: Open. */
export async function mirrorFixtureAgreement(engine: BillingEngine): Promise<void> {
  const base = { billingAgreementId: FIXTURE_BA, at: START };
  const steps = [
    { ...base, type: 'CreateBillingAgreement', sellerId: 'A0677458196RUTCRWHDJQ', marketplace: 'US', releaseEnvironment: 'Sandbox', buyer: { name: 'Sam', email: 'sam@example.com' }, requiresShipping: false },
    { ...base, type: 'GiveBuyerConsent' },
    { ...base, type: 'SelectPaymentMethod', descriptor: 'Visa ****1111' },
    { ...base, type: 'ConfirmBillingAgreement' },
  ] as const;
  for (const step of steps) assert.is((await engine.execute(step)).kind, 'accepted', step.type);
}

/** A test engine of `kind` with the plugin mounted (certificates of the fixtures and the tests, no freshness window). */
export async function withIpnServer(kind: Kind, body: (t: TestEngine, server: TestServer, receiver: IpnReceiver) => Promise<void>): Promise<void> {
  await withEngine(kind, async (t) => {
    const receiver = createIpnReceiver({ engine: t.engine, certDir: testCertificates().dir, maxAgeSeconds: 0 });
    const server = await startIpnServer(receiver);
    try {
      await body(t, server, receiver);
    } finally {
      await server.close();
    }
  });
}
