/**
 * The MWS endpoint as a fastify plugin: POST (form body) and GET (query string) on
 * /OffAmazonPayments_Sandbox/<version> and /OffAmazonPayments/<version>. Bodies are read as raw
 * bytes whatever their content type; errors fastify itself raises (a body over the limit, a bad
 * Content-Length) are answered as ErrorResponse too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReleaseEnvironment } from '../../domain/shared/amazon.js';
import { logsDebug, noteRequest } from '../http/request-notes.js';
import { MwsError } from './errors.js';
import { handleMws, type MwsDependencies } from './handle.js';
import { errorDocument } from './xml/document.js';

export const MWS_SECTIONS: Readonly<Record<string, ReleaseEnvironment>> = {
  OffAmazonPayments_Sandbox: 'Sandbox',
  OffAmazonPayments: 'Live',
};

/** Amazon's notes are at most 1,024 characters: 64 KiB is plenty for any real request. */
export const MWS_BODY_LIMIT = 64 * 1024;

const XML = 'text/xml';

function send(reply: FastifyReply, status: number, xml: string): FastifyReply {
  return reply.code(status).header('Content-Type', XML).send(xml);
}

export function mwsPlugin(deps: MwsDependencies) {
  return async function mws(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MWS_BODY_LIMIT }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
      const status = error.statusCode ?? 500;
      const mwsError = status < 500 ? new MwsError('InvalidParameterValue', `The request could not be read: ${error.message ?? 'malformed'}.`) : new MwsError('InternalError', 'We encountered an internal error. Please try again.');
      if (status >= 500) deps.onInternalError?.(error);
      noteRequest(request, { outcome: mwsError.code });
      return send(reply, mwsError.status, errorDocument(mwsError, deps.ids.uniqueId()));
    });
    for (const [section, environment] of Object.entries(MWS_SECTIONS)) {
      app.route({
        method: ['GET', 'POST'],
        url: `/${section}/:version`,
        bodyLimit: MWS_BODY_LIMIT,
        handler: (request, reply) => respond(deps, environment, request, reply),
      });
    }
  };
}

async function respond(deps: MwsDependencies, environment: ReleaseEnvironment, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const url = request.raw.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  // Node reads the request line as latin1: this gives the query string's bytes back.
  const query = Buffer.from(queryAt < 0 ? '' : url.slice(queryAt + 1), 'latin1');
  const body = request.method === 'POST' && Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const { version } = request.params as { version: string };
  const answer = await handleMws(deps, {
    environment,
    version,
    method: request.method,
    host: request.headers.host ?? '',
    path,
    defaultPort: request.protocol === 'https' ? 443 : 80,
    sources: [body, query],
    address: request.ip,
    ...(logsDebug(request) ? { onParams: (params: ReadonlyMap<string, string>) => request.log.debug({ mws: { params: Object.fromEntries(params) } }, 'MWS parameters') } : {}),
  });
  noteRequest(request, answer.note);
  if (answer.refusal !== undefined) request.log.warn({ auth: { refused: answer.refusal, address: request.ip } }, 'MWS request refused');
  return send(reply, answer.status, answer.xml);
}
