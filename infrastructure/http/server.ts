/**
 * The HTTP service: the MWS endpoint, the JSON API, GET /health, and any extra plugins (the IPN
 * endpoint mounts itself this way), each in its own fastify context. One log line per request:
 * method, path, status, duration, and the action, ids and outcome the route noted.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { BillingEngine } from '../../application/engine.js';
import { BillingOperations } from '../../application/operations/index.js';
import type { CredentialStore } from '../mws/credentials.js';
import { dashboardRoutes } from './dashboard.js';
import type { JsonAccess } from './json-access.js';
import { MwsError } from '../mws/errors.js';
import { mwsPlugin } from '../mws/plugin.js';
import { Throttle } from '../mws/throttle.js';
import { errorDocument } from '../mws/xml/document.js';
import { jsonApi } from './json-api.js';
import { readViewsFor, type ReadViews } from './read-views.js';
import { logsDebug, noteOf } from './request-notes.js';

export interface HttpServerOptions {
  readonly engine: BillingEngine;
  readonly credentials: CredentialStore;
  /** API keys for the JSON API, and the lockout of addresses that fail to authenticate (JSON API and MWS alike). */
  readonly access: JsonAccess;
  /** Amazon's per-seller, per-operation quotas (MWS_THROTTLE=amazon); off by default. */
  readonly throttle?: boolean;
  /** A pino logger for the request lines; none when absent. */
  readonly logger?: Logger;
  /** Mounted after the built-in routes, each in its own context (its own parsers and hooks). */
  readonly plugins?: readonly FastifyPluginAsync[];
  /** Spending and proration views; from the projections (or the state) unless given. */
  readonly views?: ReadViews;
}

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { engine } = options;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // Our own line per request (onResponse) replaces fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => engine.deps.ids.uniqueId(),
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  app.addHook('onRequest', async (request) => {
    if (logsDebug(request)) request.log.debug({ request: { method: request.method, path: request.url.split('?')[0], address: request.ip, headers: request.headers } }, 'incoming request');
  });
  app.addHook('onResponse', async (request, reply) => {
    const note = noteOf(request);
    request.log.info({ method: request.method, path: request.url.split('?')[0], status: reply.statusCode, durationMs: Math.round(reply.elapsedTime), ...note }, 'request');
  });
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'internal error');
    return reply.code(status).send(status === 500 ? { error: 'InternalError', message: 'internal error' } : { error: 'BadRequest', message: error.message ?? 'bad request' });
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/OffAmazonPayments')) {
      const error = new MwsError('InvalidAddress', `There is no MWS section or version at ${request.url.split('?')[0]}.`);
      return reply.code(error.status).header('Content-Type', 'text/xml').send(errorDocument(error, engine.deps.ids.uniqueId()));
    }
    return reply.code(404).send({ error: 'NotFound', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  // `followers`: running here, or standing by while another engine process holds the lease.
  app.get('/health', async () => ({ status: engine.backgroundError === undefined ? 'ok' : 'degraded', followers: engine.followersRunning ? 'running' : 'standby' }));
  await app.register(
    mwsPlugin({
      engine,
      operations: new BillingOperations(engine),
      credentials: options.credentials,
      clock: engine.deps.clock,
      ids: engine.deps.ids,
      ...(options.throttle ? { throttle: new Throttle(engine.deps.clock) } : {}),
      failedAuth: options.access.limiter,
      onInternalError: (error) => app.log.error({ err: error }, 'internal error in an MWS operation'),
    }),
  );
  await app.register(jsonApi(engine, options.views ?? readViewsFor(engine), options.access));
  await app.register(dashboardRoutes);
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}
