// 405 for a known REST path asked with a method it lacks (PagerDuty answers 405, not 404). Collects
// the scope's routes as they are registered, then gives each path the missing methods, each throwing
// MethodNotAllowedError so the scope's one error renderer writes PagerDuty's REST body. Only the REST
// scope uses it: the events scope's wrong methods are http/errors.ts's business.
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { MethodNotAllowedError } from '../errors.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** A path's shape with parameter names erased: `/incidents/:id` and `/incidents/:x` are one path. */
const shape = (url: string) => url.replace(/:[^/]+/g, ':');

/**
 * Call before the scope's routes are registered; call the function it returns after them, and the
 * missing methods of every path registered meanwhile answer 405 (with an `Allow` header).
 */
export function trackMethods(scope: FastifyInstance): () => void {
  const paths = new Map<string, { url: string; methods: Set<string> }>();
  scope.addHook('onRoute', (route) => {
    const key = shape(route.url);
    const entry = paths.get(key) ?? { url: route.url, methods: new Set<string>() };
    for (const m of [route.method].flat()) entry.methods.add(String(m).toUpperCase());
    paths.set(key, entry);
  });
  return () => answerMissing(scope, paths);
}

function answerMissing(scope: FastifyInstance, paths: Map<string, { url: string; methods: Set<string> }>): void {
  for (const { url, methods } of [...paths.values()]) {
    const allowed = METHODS.filter((m) => methods.has(m));
    const missing = METHODS.filter((m) => !methods.has(m));
    if (allowed.length === 0 || missing.length === 0) continue;
    scope.route({
      method: missing as HTTPMethods[],
      url,
      schema: { hide: true },
      handler: async (request, reply) => {
        reply.header('allow', allowed.join(', '));
        throw new MethodNotAllowedError(`${request.method} is not allowed on ${request.url.split('?')[0]}; allowed: ${allowed.join(', ')}.`);
      },
    });
  }
}
