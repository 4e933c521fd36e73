import fs from 'node:fs';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

/** A Fastify instance with Tocsin's settings: pino, one log line per request, Ajv coercion, TLS. */
export function createHttpServer(config: Config, log: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: log,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    https: config.tls ? { cert: fs.readFileSync(config.tls.cert), key: fs.readFileSync(config.tls.key) } : null,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: true } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  }) as unknown as FastifyInstance;
  // PagerDuty clients (pdjs, go-pagerduty) send `Content-Type: application/json` on every request,
  // DELETE included, with no body; Fastify would refuse that empty JSON body with a 400.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, done);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  return app;
}
