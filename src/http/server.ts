import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { readTls, type Config } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { renderFrameworkError } from './errors.js';
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from './json-depth.js';
import { bodyHoldsNul, holdsNul, NUL_MESSAGE } from './nul.js';

/** Routes whose requests are logged at debug, not info. */
const QUIET_PATHS = new Set(['/healthz', '/favicon.ico']);

/** A Fastify instance with Tocsin's settings: pino, one log line per request, Ajv coercion, TLS.
 * Ajv is `verbose` so each validation error carries its schema, from which errors.ts writes the sentence. */
export function createHttpServer(config: Config, log: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: log,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // Fastify's 10 s default for a plugin to start is reached on a starved host (a loaded CI machine:
    // swagger-ui reads its static files at start); a start that slow is still a start, not a hang.
    pluginTimeout: 60_000,
    https: config.tls ? readTls(config.tls) : null,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: true, verbose: true } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // Bad percent-encoding and over-long path parameters, in the body of the API the path belongs to.
    frameworkErrors: renderFrameworkError,
  }) as unknown as FastifyInstance;
  // PagerDuty clients (pdjs, go-pagerduty) send `Content-Type: application/json` on every request,
  // DELETE included, with no body; Fastify would refuse that empty JSON body with a 400.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    return parseJson(request, text, (err, body) => {
      if (err) return done(err, undefined);
      if (nestsDeeperThan(body)) return done(new InvalidInputError(TOO_DEEP_MESSAGE), undefined);
      if (bodyHoldsNul(text, body)) return done(new InvalidInputError(NUL_MESSAGE), undefined);
      done(null, body);
    });
  });
  // Cookies (the UI session) are parsed by @fastify/cookie: a value that is not valid percent-encoding
  // is kept as written instead of throwing. Not signed: the session id is 256 random bits checked
  // against the sessions table, and a signing secret would be one more setting every node must share.
  app.register(fastifyCookie);
  // Path and query parameters: a NUL there reaches SQL as well (DELETE /escalation_policies/%00 was a 500).
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.params) || holdsNul(request.query)) throw new InvalidInputError(NUL_MESSAGE);
  });
  app.addHook('onResponse', async (request, reply) => {
    // Probes (a load balancer's health check every few seconds, a browser's icon) would drown the log.
    const level = QUIET_PATHS.has(request.routeOptions.url ?? '') ? 'debug' : 'info';
    request.log[level](
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  return app;
}
