import fs from 'node:fs';
import tls from 'node:tls';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config.js';
import { InvalidInputError } from '../errors.js';
import { renderFrameworkError } from './errors.js';
import { nestsDeeperThan, TOO_DEEP_MESSAGE } from './json-depth.js';
import { bodyHoldsNul, holdsNul, NUL_MESSAGE } from './nul.js';

/** Reads and checks the PEM files named by TOCSIN_TLS_CERT / TOCSIN_TLS_KEY; a ConfigError names the variable. */
export function readTls(files: { cert: string; key: string }): { cert: Buffer; key: Buffer } {
  const read = (name: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new ConfigError(`${name} names a file that cannot be read: "${file}" (${(err as Error).message})`);
    }
  };
  const pem = { cert: read('TOCSIN_TLS_CERT', files.cert), key: read('TOCSIN_TLS_KEY', files.key) };
  try {
    tls.createSecureContext(pem);
  } catch (err) {
    throw new ConfigError(`TOCSIN_TLS_CERT and TOCSIN_TLS_KEY must be a matching PEM certificate and private key (${(err as Error).message})`);
  }
  return pem;
}

/** A Fastify instance with Tocsin's settings: pino, one log line per request, Ajv coercion, TLS. */
export function createHttpServer(config: Config, log: Logger): FastifyInstance {
  const app = Fastify({
    loggerInstance: log,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    https: config.tls ? readTls(config.tls) : null,
    ajv: { customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: true } },
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
  // Path and query parameters: a NUL there reaches SQL as well (DELETE /escalation_policies/%00 was a 500).
  app.addHook('preValidation', async (request) => {
    if (holdsNul(request.params) || holdsNul(request.query)) throw new InvalidInputError(NUL_MESSAGE);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  return app;
}
