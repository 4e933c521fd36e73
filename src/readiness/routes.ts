// GET /readyz (can this node store events now?) and GET /metrics (Prometheus text). Both outside
// the REST scope, without a token, like /healthz: a load balancer and a scraper call them.
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import { countFailedEvents, pendingEventsBacklog, type Events } from '../events/index.js';
import { outboxBacklog } from '../notify/index.js';
import { RateMeter } from './rate.js';
import { checkReadiness } from './check.js';

function metric(lines: string[], name: string, type: 'gauge' | 'counter', help: string, value: number): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
}

/** `more`: other modules' metrics, already in Prometheus text (notify's delivery counters). */
export function registerReadinessRoutes(http: FastifyInstance, ctx: Context, events: Events, more: () => string = () => ''): void {
  const rate = new RateMeter();
  // The UI's backlog page reads /readyz too (every 2 s): it carries the backlogs and this node's rate.
  http.get('/readyz', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const r = await checkReadiness(ctx);
    const processing = { events_per_second: rate.sample(events.processor.stats.events), events_total: events.processor.stats.events };
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not_ready', ...r, processing });
  });

  http.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    const health = ctx.health.snapshot();
    const lines: string[] = [];
    metric(lines, 'tocsin_database_up', 'gauge', 'Whether this node can use its database (0 during an outage).', health.up ? 1 : 0);
    metric(lines, 'tocsin_database_outages_total', 'counter', 'Database outages this process has seen begin.', ctx.health.stats.outages);
    metric(lines, 'tocsin_database_failures_total', 'counter', 'Operations that failed for a storage reason (retried).', ctx.health.stats.failures);
    const s = events.processor.stats;
    metric(lines, 'tocsin_events_processed_total', 'counter', 'Inbox events this process applied.', s.events);
    const perSecond = rate.sample(s.events);
    if (perSecond !== null) metric(lines, 'tocsin_events_processed_per_second', 'gauge', 'Inbox events this process applied per second, over the last minute of scrapes.', perSecond);
    metric(lines, 'tocsin_event_batches_retried_total', 'counter', 'Processor batches that failed and were retried after a pause.', s.retried);
    metric(lines, 'tocsin_events_marked_failed_total', 'counter', 'Events this process gave up on (failed alone, the same way, on every try).', s.failed);
    // Database-wide counts; left out (not zero) when the database cannot answer.
    const now = ctx.clock.now();
    const [inbox, failed, outbox] = await Promise.all([
      pendingEventsBacklog(ctx.db).catch(() => null),
      countFailedEvents(ctx.db).catch(() => null),
      outboxBacklog(ctx.db, now).catch(() => null),
    ]);
    const age = (at: number | null) => (at === null ? 0 : Math.max(0, now - at) / 1000);
    if (inbox) {
      metric(lines, 'tocsin_events_pending', 'gauge', 'Inbox events waiting for the processor (all nodes).', inbox.pending);
      metric(lines, 'tocsin_events_oldest_pending_age_seconds', 'gauge', 'Age of the oldest inbox event waiting for the processor (0 when none waits).', age(inbox.oldestReceivedAt));
    }
    if (outbox) {
      metric(lines, 'tocsin_outbox_pending', 'gauge', 'Outbox rows (webhooks, notifications) not yet delivered, retries included (all nodes).', outbox.pending);
      metric(lines, 'tocsin_outbox_due', 'gauge', 'Outbox rows due now and not yet delivered (all nodes).', outbox.due);
      metric(lines, 'tocsin_outbox_oldest_due_age_seconds', 'gauge', 'How long the oldest due outbox row has waited past its due time (0 when none).', age(outbox.oldestDueAt));
    }
    if (failed !== null) metric(lines, 'tocsin_events_failed', 'gauge', 'Inbox events marked failed and not replayed (all nodes; GET /failed_events).', failed);
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n' + more());
  });
}
