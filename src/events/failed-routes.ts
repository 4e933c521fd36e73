// Tocsin extension (PagerDuty has no such endpoint; its promise is that an accepted event is never
// dropped): the inbox events the processor gave up on, for admins and the account owner, and
// their replay. GET /failed_events, POST /failed_events/replay. `tocsin events replay` does the same.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { ForbiddenError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { Nullable, PageFields, PaginationQuery } from '../http/schemas.js';
import { countFailedEvents, listFailedEvents, requeueFailedEvents } from './store.js';

const FailedEvent = Type.Object({
  id: Type.String(),
  type: Type.Literal('failed_event'),
  integration_id: Type.String(),
  service_id: Type.String(),
  received_at: Type.String(),
  failed_at: Nullable(Type.String()),
  api: Type.String(),
  event_action: Type.String(),
  dedup_key: Type.String(),
  summary: Type.String(),
  error: Nullable(Type.String()),
});

function adminOnly(request: FastifyRequest): void {
  const role = request.actor.role;
  if (role !== 'owner' && role !== 'admin') throw new ForbiddenError('Only an admin or the account owner may see or replay failed events.');
}

export function registerFailedEventRoutes(scope: FastifyInstance, ctx: Context): void {
  const s = scope.withTypeProvider<TypeBoxTypeProvider>();
  s.get(
    '/failed_events',
    {
      schema: {
        tags: ['Events'],
        querystring: Type.Object(PaginationQuery),
        response: { 200: Type.Object({ failed_events: Type.Array(FailedEvent), ...PageFields }) },
      },
    },
    async (request) => {
      adminOnly(request);
      const page = readPage(request.query);
      const rows = await listFailedEvents(ctx.db, page);
      const total = await countFailedEvents(ctx.db);
      const items = rows.map((r) => ({
        id: r.id,
        type: 'failed_event' as const,
        integration_id: r.integrationId,
        service_id: r.serviceId,
        received_at: iso(r.receivedAt)!,
        failed_at: iso(r.processedAt),
        api: r.event.api,
        event_action: r.event.action,
        dedup_key: r.event.dedupKey,
        summary: r.event.summary,
        error: r.error,
      }));
      return pageEnvelope('failed_events', items, page, total);
    },
  );
  s.post(
    '/failed_events/replay',
    {
      schema: {
        tags: ['Events'],
        body: Type.Object({ ids: Type.Optional(Type.Array(Type.String(), { maxItems: 1000 })), all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ replayed: Type.Integer() }) },
      },
    },
    async (request) => {
      adminOnly(request);
      const { ids, all } = request.body;
      const replayed = await requeueFailedEvents(ctx.db, all ? 'all' : (ids ?? []));
      return { replayed };
    },
  );
}
