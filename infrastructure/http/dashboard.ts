/**
 * The read-only dashboard page (`GET /dashboard`) and its script. The page holds no data: it reads
 * the seller's own from `/v1/dashboard` and `/v1/billing-agreements/{id}/timeline` with the API key
 * the user gives it, so it is as open as a static file. A strict Content-Security-Policy keeps
 * anything but the page's own script and the service's API out.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const PAGE = readFileSync(new URL('./dashboard/dashboard.html', import.meta.url), 'utf8');
const SCRIPT = readFileSync(new URL('./dashboard/app.js', import.meta.url), 'utf8');
const POLICY = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  const headers = { 'content-security-policy': POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' };
  app.get('/dashboard', async (_request, reply) => reply.headers(headers).type('text/html; charset=utf-8').send(PAGE));
  // Browsers ask for it with every page: answered, so their consoles stay free of 404s.
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  app.get('/dashboard/app.js', async (_request, reply) => reply.headers(headers).type('text/javascript; charset=utf-8').send(SCRIPT));
}
