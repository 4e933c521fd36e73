// GET /readyz (can this node store events now?) and GET /metrics (Prometheus text). Both outside
// the REST scope, without a token, like /healthz: a load balancer and a scraper call them.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { countFailedEvents, countPendingEvents, type Events } from '../events/index.js';
import { checkReadiness } from './check.js';

function metric(lines: string[], name: string, type: 'gauge' | 'counter', help: string, value: number): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
}

/** `more`: other modules' metrics, already in Prometheus text (notify's delivery counters). */
export function registerReadinessRoutes(http: FastifyInstance, ctx: Context, events: Events, more: () => string = () => ''): void {
  http.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const r = await checkReadiness(ctx);
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not_ready', ...r });
  });

  http.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const health = ctx.health.snapshot();
    const lines: string[] = [];
    metric(lines, 'tocsin_database_up', 'gauge', 'Whether this node can use its database (0 during an outage).', health.up ? 1 : 0);
    metric(lines, 'tocsin_database_outages_total', 'counter', 'Database outages this process has seen begin.', ctx.health.stats.outages);
    metric(lines, 'tocsin_database_failures_total', 'counter', 'Operations that failed for a storage reason (retried).', ctx.health.stats.failures);
    const s = events.processor.stats;
    metric(lines, 'tocsin_events_processed_total', 'counter', 'Inbox events this process applied.', s.events);
    metric(lines, 'tocsin_event_batches_retried_total', 'counter', 'Processor batches that failed and were retried after a pause.', s.retried);
    metric(lines, 'tocsin_events_marked_failed_total', 'counter', 'Events this process gave up on (failed alone, the same way, on every try).', s.failed);
    // Database-wide counts; left out (not zero) when the database cannot answer.
    const [pending, failed] = await Promise.all([countPendingEvents(ctx.db).catch(() => null), countFailedEvents(ctx.db).catch(() => null)]);
    if (pending !== null) metric(lines, 'tocsin_events_pending', 'gauge', 'Inbox events waiting for the processor (all nodes).', pending);
    if (failed !== null) metric(lines, 'tocsin_events_failed', 'gauge', 'Inbox events marked failed and not replayed (all nodes; GET /failed_events).', failed);
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n' + more());
  });
}
