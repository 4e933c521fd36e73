import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode } from '../errors.js';
import { mapConstraintError } from '../store/constraint.js';

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
};

export interface RestErrorBody {
  error: { message: string; code: number; errors: string[] };
}

function validationDetails(err: FastifyError): string[] {
  const list = err.validation ?? [];
  if (list.length === 0) return [err.message];
  return list.map((v) => {
    const where = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    const missing = (v.params as { missingProperty?: string } | undefined)?.missingProperty;
    const field = [err.validationContext === 'body' ? '' : err.validationContext, where, missing]
      .filter(Boolean)
      .join('.');
    return field ? `${field} ${v.message ?? 'is invalid'}` : (v.message ?? 'is invalid');
  });
}

/** Maps any thrown value to a status and PagerDuty REST error body; unknown errors become a masked 500. */
export function toRestError(err: unknown): { status: number; body: RestErrorBody; unexpected: boolean } {
  const domain = err instanceof DomainError ? err : mapConstraintError(err);
  if (domain) {
    const m = rest[domain.code];
    return { status: m.status, body: { error: { message: domain.message, code: m.code, errors: domain.details } }, unexpected: false };
  }
  const fe = err as FastifyError;
  if (fe && fe.validation) {
    return { status: 400, body: { error: { message: 'Invalid Input Provided', code: 2001, errors: validationDetails(fe) } }, unexpected: false };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 404 ? 2100 : fe.statusCode === 413 ? 2001 : 2001;
    const message = fe.statusCode === 404 ? 'Not Found' : 'Invalid Input Provided';
    return { status: fe.statusCode, body: { error: { message, code, errors: [fe.message] } }, unexpected: false };
  }
  return {
    status: 500,
    body: { error: { message: 'An internal error has occurred. The error has been logged.', code: 2000, errors: [] } },
    unexpected: true,
  };
}

/** Installs the REST error renderer and the PagerDuty-shaped 404 on a Fastify scope. */
export function useRestErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, unexpected } = toRestError(err);
    if (unexpected) request.log.error({ err }, 'unhandled error');
    if (status === 429 && err instanceof DomainError && 'resetSeconds' in err) {
      reply.header('retry-after', String((err as { resetSeconds: number }).resetSeconds));
    }
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ error: { message: 'Not Found', code: 2100, errors: [`${request.method} ${request.url.split('?')[0]} is not a known endpoint.`] } });
  });
}
