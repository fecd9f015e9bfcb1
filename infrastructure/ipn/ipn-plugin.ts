/**
 * `POST /ipn` (path configurable) as a self-contained fastify plugin, encapsulated so that its
 * body handling (any content type read as text, 256 KiB limit) stays its own. Answers 200 once
 * the notification is stored, whatever became of it; refusals are 4xx with a logged reason;
 * only a failure to store answers 5xx (Amazon then retries). At registration it applies what a
 * crash left pending in the inbox.
 */
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_IPN_BODY_LIMIT } from './config.js';
import type { IpnReceiver } from './receiver.js';

export interface IpnPluginOptions {
  readonly receiver: IpnReceiver;
  readonly path?: string;
  readonly bodyLimit?: number;
}

function refuse(request: FastifyRequest, reply: FastifyReply, status: number, reason: string): FastifyReply {
  request.log.warn({ ipn: { status, reason } }, `IPN refused: ${reason}`);
  return reply.code(status).type('text/plain; charset=utf-8').send(reason);
}

export function ipnPlugin(options: IpnPluginOptions): FastifyPluginAsync {
  const { receiver } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_IPN_BODY_LIMIT;
  return async function ipn(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return refuse(request, reply, status, error.message);
      request.log.error({ err: error }, 'IPN not stored');
      return reply.code(status >= 500 ? status : 500).type('text/plain; charset=utf-8').send('the notification was not stored; retry later');
    });
    const { settled, failed } = await receiver.resume();
    if (settled.length > 0) app.log.info({ ipn: { resumed: settled.length } }, `IPN: applied ${settled.length} notification(s) left pending`);
    for (const { key, reason } of failed) app.log.error({ ipn: { key, failure: reason } }, `IPN ${key}: still pending, applying failed again`);

    app.post(options.path ?? '/ipn', { bodyLimit }, async (request, reply) => {
      const body = typeof request.body === 'string' ? request.body : '';
      const outcome = await receiver.accept(body);
      if (outcome.kind === 'refused') return refuse(request, reply, outcome.status, outcome.reason);
      const { key, status, detail } = outcome.entry;
      if (outcome.failure !== undefined) request.log.error({ ipn: { key, failure: outcome.failure } }, 'IPN stored, applying failed: applied at the next start');
      else request.log.info({ ipn: { key, status, detail, duplicate: outcome.duplicate } }, `IPN ${key}: ${status}`);
      return reply.code(200).send();
    });
  };
}
