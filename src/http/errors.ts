import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  InvalidInputError,
  MethodNotAllowedError,
  NotFoundError,
  RateLimitedError,
  TooLargeError,
  UnrecognizedEventError,
  type ErrorCode,
} from '../errors.js';
import { mapConstraintError } from '../store/constraint.js';
import { mapStorageError } from '../store/failure.js';
import { describeSchemaErrors, type SchemaError } from './validation-text.js';

/** The only place that knows HTTP status codes and PagerDuty's REST error body. */
const rest: Record<ErrorCode, { status: number; code: number }> = {
  invalid_input: { status: 400, code: 2001 },
  arguments_caused_error: { status: 400, code: 2002 },
  unauthorized: { status: 401, code: 2006 },
  forbidden: { status: 403, code: 2010 },
  missing_from: { status: 400, code: 2011 },
  not_found: { status: 404, code: 2100 },
  conflict: { status: 409, code: 2001 },
  rate_limited: { status: 429, code: 2020 },
  too_large: { status: 413, code: 2001 },
  method_not_allowed: { status: 405, code: 5003 },
  missing_ability: { status: 402, code: 2014 },
  unavailable: { status: 503, code: 2000 },
};

export interface RestErrorBody {
  error: { message: string; code: number; errors: string[] };
}

function validationDetails(err: FastifyError): string[] {
  const list = (err.validation ?? []) as unknown as SchemaError[];
  if (list.length === 0) return [err.message];
  return describeSchemaErrors(list, err.validationContext ?? 'body');
}

/** Maps any thrown value to a status and PagerDuty REST error body; unknown errors become a masked 500. */
export function toRestError(err: unknown): { status: number; body: RestErrorBody; unexpected: boolean } {
  const domain = err instanceof DomainError ? err : (mapConstraintError(err) ?? mapStorageError(err));
  if (domain) {
    const m = rest[domain.code];
    return { status: m.status, body: { error: { message: domain.message, code: m.code, errors: domain.details } }, unexpected: false };
  }
  const fe = err as FastifyError;
  if (fe && fe.validation) {
    return { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: validationDetails(fe) } }, unexpected: false };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 404 ? 2100 : 2001;
    const message = fe.statusCode === 404 ? 'Not Found' : 'Invalid Input Provided';
    return { status: fe.statusCode, body: { error: { message, code, errors: [fe.message] } }, unexpected: false };
  }
  return {
    status: 500,
    body: { error: { message: 'An internal error has occurred. The error has been logged.', code: 2000, errors: [] } },
    unexpected: true,
  };
}

function sendRestError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body, unexpected } = toRestError(err);
  if (unexpected) request.log.error({ err }, 'unhandled error');
  if (status === 503) reply.header('retry-after', '5');
  if (status === 429 && err instanceof DomainError && 'resetSeconds' in err) {
    reply.header('retry-after', String((err as { resetSeconds: number }).resetSeconds));
  }
  return reply.status(status).send(body);
}

/**
 * Installs the REST error renderer and the PagerDuty-shaped 404 on a Fastify scope. A path of the
 * Events APIs that matches no route (a wrong method, an unknown path under /v2/) is answered in the
 * Events API body instead: 405 with `Allow: POST` when POST would have matched, else 404.
 */
export function useRestErrors(app: FastifyInstance): void {
  app.setErrorHandler(sendRestError);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const api = eventsApiOfPath(path);
    if (api) {
      const posts = request.method !== 'POST' && app.findRoute({ method: 'POST', url: path }) !== null;
      const err = posts ? new MethodNotAllowedError(`${request.method} is not allowed on ${path}; send events with POST.`) : new NotFoundError('Endpoint', `${request.method} ${path}`);
      if (posts) reply.header('allow', 'POST');
      return sendEventsError(err, api, request, reply);
    }
    return reply.status(404).send({ error: { message: 'Not Found', code: 2100, errors: [`${request.method} ${path} is not a known endpoint.`] } });
  });
}

/**
 * Fastify's `frameworkErrors`: a path that is not valid percent-encoding, or a path parameter over
 * the router's 500 characters, is refused before any route (and so any scope's handler) is chosen.
 * Both are a 400 in the body of the API the path belongs to, never Fastify's own `FST_ERR_…` body.
 */
export function renderFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0];
  const detail =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is longer than 500 characters.'
      : err.code === 'FST_ERR_BAD_URL'
        ? 'The path is not valid percent-encoded UTF-8.'
        : 'The request could not be routed.';
  const domain = new InvalidInputError(detail);
  const api = eventsApiOfPath(path);
  return api ? sendEventsError(domain, api, request, reply) : sendRestError(domain, request, reply);
}

/** The Events API a path belongs to (by its PagerDuty prefix), or null for REST, the UI and the rest. */
export function eventsApiOfPath(path: string): EventsApiKind | null {
  if (path.startsWith('/v2/change/')) return 'change';
  if (path === '/v2' || path.startsWith('/v2/')) return 'v2';
  if (path.startsWith('/generic/')) return 'v1';
  if (path.startsWith('/integration/')) return 'vendor';
  return null;
}

/** The Events APIs' error body: `{status, message, errors}` (no `error` wrapper, no numeric code). */
export interface EventsErrorBody {
  status: string;
  message: string;
  errors: string[];
  /** On a vendor payload throttled part-way: the dedup keys of the events that were accepted. */
  dedup_keys?: string[];
}

/** Which Events API a route speaks: v1 throttles with 403, the others with 429. */
export type EventsApiKind = 'v2' | 'v1' | 'change' | 'vendor';

const THROTTLED = 'Requests for this service are arriving too quickly. Please retry later.';

/** Maps any thrown value to a status and the Events API error body of PagerDuty. */
export function toEventsError(err: unknown, api: EventsApiKind): { status: number; body: EventsErrorBody; unexpected: boolean } {
  const fe = err as FastifyError;
  if (err instanceof UnrecognizedEventError || fe?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe?.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const details = err instanceof DomainError ? err.details : ['JSON parse error'];
    return {
      status: 400,
      body: { status: api === 'v1' ? 'unrecognized object' : 'Unrecognized object', message: 'Event object format is unrecognized', errors: details },
      unexpected: false,
    };
  }
  if (err instanceof RateLimitedError) {
    const body: EventsErrorBody = { status: 'throttle exceeded', message: THROTTLED, errors: [THROTTLED] };
    if (err.accepted) body.dedup_keys = err.accepted;
    return { status: api === 'v1' ? 403 : 429, body, unexpected: false };
  }
  if (err instanceof TooLargeError || fe?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe?.statusCode === 413) {
    return {
      status: 413,
      body: { status: 'invalid event', message: 'Event object is invalid', errors: ['Event object is larger than the 512 KB limit'] },
      unexpected: false,
    };
  }
  if (err instanceof DomainError && (err.code === 'invalid_input' || err.code === 'arguments_caused_error')) {
    return { status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: err.details }, unexpected: false };
  }
  if (err instanceof DomainError && err.code === 'method_not_allowed') {
    return { status: 405, body: { status: 'method not allowed', message: 'Method Not Allowed', errors: err.details }, unexpected: false };
  }
  if (err instanceof DomainError && err.code === 'not_found') {
    return { status: 404, body: { status: 'not found', message: 'Not Found', errors: err.details }, unexpected: false };
  }
  const storage = mapStorageError(err);
  if (storage) return { status: 503, body: { status: 'error', message: 'The event was not accepted; retry it.', errors: storage.details }, unexpected: false };
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { status: 'invalid event', message: 'Event object is invalid', errors: [fe.message] }, unexpected: false };
  }
  return {
    status: 500,
    body: { status: 'error', message: 'An internal error has occurred; the event was not accepted. Retry it.', errors: [] },
    unexpected: true,
  };
}

function sendEventsError(err: unknown, api: EventsApiKind, request: FastifyRequest, reply: FastifyReply) {
  const { status, body, unexpected } = toEventsError(err, api);
  if (unexpected) request.log.error({ err }, 'unhandled error on the event path');
  if (err instanceof RateLimitedError) reply.header('retry-after', String(err.resetSeconds));
  if (status === 503) reply.header('retry-after', '5');
  return reply.status(status).send(body);
}

/** Installs the Events API error renderer on the events scope; routes name their API in `config.eventsApi`. */
export function useEventsErrors(scope: FastifyInstance): void {
  scope.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const api = ((request.routeOptions.config as { eventsApi?: EventsApiKind } | undefined)?.eventsApi ?? 'v2') as EventsApiKind;
    return sendEventsError(err, api, request, reply);
  });
}
