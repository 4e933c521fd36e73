// Tocsin extension (PagerDuty has no such endpoint): an integration's event log, every event it
// accepted with what the processor did with it (opened an alert, deduplicated, dropped because
// the service was disabled or in maintenance, …). GET /services/{id}/integrations/{integration_id}/events.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { AnyJson, Nullable, PageFields, PaginationQuery } from '../http/schemas.js';
import { findIntegrationById } from '../integrations/index.js';
import { countIntegrationEvents, listIntegrationEvents } from './store.js';

const EventLogEntry = Type.Object({
  id: Type.String(),
  type: Type.Literal('integration_event'),
  received_at: Type.String(),
  processed_at: Nullable(Type.String()),
  api: Type.String(),
  event_action: Type.String(),
  dedup_key: Type.String(),
  summary: Type.String(),
  severity: Type.String(),
  outcome: Nullable(Type.String()),
  alert_id: Nullable(Type.String()),
  incident_id: Nullable(Type.String()),
  channel: Type.String(),
  custom_details: AnyJson,
});

export function registerEventLogRoutes(scope: FastifyInstance, ctx: Context): void {
  scope.withTypeProvider<TypeBoxTypeProvider>().get(
    '/services/:id/integrations/:integration_id/events',
    {
      schema: {
        tags: ['Integrations'],
        params: Type.Object({ id: Type.String(), integration_id: Type.String() }),
        querystring: Type.Object(PaginationQuery),
        response: { 200: Type.Object({ events: Type.Array(EventLogEntry), ...PageFields }) },
      },
    },
    async (request) => {
      const integ = await findIntegrationById(ctx.db, request.params.integration_id);
      if (!integ || integ.serviceId !== request.params.id) throw new NotFoundError('Integration', request.params.integration_id);
      const page = readPage(request.query);
      const rows = await listIntegrationEvents(ctx.db, integ.id, page);
      const total = await countIntegrationEvents(ctx.db, integ.id);
      return pageEnvelope(
        'events',
        rows.map((r) => ({
          id: r.id,
          type: 'integration_event' as const,
          received_at: iso(r.receivedAt)!,
          processed_at: iso(r.processedAt),
          api: r.event.api,
          event_action: r.event.action,
          dedup_key: r.event.dedupKey,
          summary: r.event.summary,
          severity: r.event.severity,
          outcome: r.outcome,
          alert_id: r.alertId,
          incident_id: r.incidentId,
          channel: r.event.channel,
          custom_details: r.event.customDetails ?? null,
        })),
        page,
        total,
      );
    },
  );
}
