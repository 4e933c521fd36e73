// REST side of change events (in the authenticated REST scope): GET /change_events,
// GET /change_events/{id}, GET /services/{id}/change_events, GET /incidents/{id}/related_change_events;
// POST /change_events and PUT /change_events/{id} are in change-write-routes.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import type { Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { AnyJson, Nullable, PageFields, PaginationQuery, QueryArray, ReferenceSchema } from '../http/schemas.js';
import { reference, type Reference } from '../http/urls.js';
import { findIncidentById, findIncidentByNumber } from '../incidents/index.js';
import { findIntegrationById, integrationReference } from '../integrations/index.js';
import { findServiceById, serviceReference } from '../services/index.js';
import type { Db } from '../store/db.js';
import { registerEventLogRoutes } from './event-log-routes.js';
import { registerChangeWriteRoutes, type ChangeIngest } from './change-write-routes.js';
import { findChangeEventById, listChangeEvents, type ChangeEvent } from './store.js';

export const ChangeEventSchema = Type.Object({
  id: Type.String(),
  type: Type.Literal('change_event'),
  summary: Type.String(),
  self: Type.String(),
  html_url: Nullable(Type.String()),
  timestamp: Type.String(),
  services: Type.Array(ReferenceSchema),
  integration: Nullable(ReferenceSchema),
  routing_key: Type.String(),
  source: Nullable(Type.String()),
  links: Type.Array(AnyJson),
  images: Type.Array(AnyJson),
  custom_details: AnyJson,
});

const ListQuery = Type.Object({
  ...PaginationQuery,
  'team_ids[]': QueryArray(Type.String()),
  team_ids: QueryArray(Type.String()),
  'integration_ids[]': QueryArray(Type.String()),
  integration_ids: QueryArray(Type.String()),
  since: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
});
const List = Type.Object({ change_events: Type.Array(ChangeEventSchema), ...PageFields });

/** How far before an incident a change counts as related to it. */
const RELATED_WINDOW_MS = 86_400_000;

function time(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${name} is not a valid date and time`);
  return ms;
}

async function render(db: Db, ctx: Context, rows: ChangeEvent[]) {
  const services = new Map<string, Reference>();
  const integrations = new Map<string, Reference | null>();
  for (const r of rows) {
    if (!services.has(r.serviceId)) {
      const s = await findServiceById(db, r.serviceId);
      services.set(r.serviceId, serviceReference(ctx.urls, s ?? { id: r.serviceId, name: r.serviceId }));
    }
    if (!integrations.has(r.integrationId)) {
      const i = await findIntegrationById(db, r.integrationId);
      integrations.set(r.integrationId, i ? integrationReference(ctx.urls, i) : null);
    }
  }
  return rows.map((r) => {
    const ref = reference(ctx.urls, 'change_event', r.id, r.summary, `/change_events/${r.id}`, null);
    return {
      id: r.id,
      type: 'change_event' as const,
      summary: r.summary,
      self: ref.self!,
      html_url: null,
      timestamp: iso(r.timestamp)!,
      services: [services.get(r.serviceId)!],
      integration: integrations.get(r.integrationId) ?? null,
      routing_key: r.routingKey,
      source: r.source,
      links: r.links,
      images: r.images,
      custom_details: r.customDetails ?? {},
    };
  });
}

/** The REST side of the event path: change events, and each integration's event log (Tocsin extension). */
export function registerChangeEventRoutes(scope: FastifyInstance, ctx: Context, _auth: Authenticator, ingest: ChangeIngest): void {
  registerEventLogRoutes(scope, ctx);
  registerChangeWriteRoutes(scope, ctx, ingest, async (e) => (await render(ctx.db, ctx, [e]))[0]);
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const list = async (q: Record<string, unknown> & { since?: string; until?: string }, serviceId?: string) => {
    const page = readPage(q as { limit?: number; offset?: number; total?: boolean });
    const teamIds = [...((q['team_ids[]'] as string[]) ?? []), ...((q.team_ids as string[]) ?? [])];
    const integrationIds = [...((q['integration_ids[]'] as string[]) ?? []), ...((q.integration_ids as string[]) ?? [])];
    const { rows, total } = await listChangeEvents(
      ctx.db,
      { serviceId, teamIds, integrationIds, since: time(q.since, 'since'), until: time(q.until, 'until') },
      page,
    );
    return pageEnvelope('change_events', await render(ctx.db, ctx, rows), page, total);
  };
  rest.get('/change_events', { schema: { tags: ['Change Events'], querystring: ListQuery, response: { 200: List } } }, async (request) =>
    list(request.query),
  );
  rest.get(
    '/services/:id/change_events',
    { schema: { tags: ['Change Events'], params: Type.Object({ id: Type.String() }), querystring: ListQuery, response: { 200: List } } },
    async (request) => {
      const s = await findServiceById(ctx.db, request.params.id);
      if (!s || s.deletedAt !== null) throw new NotFoundError('Service', request.params.id);
      return list(request.query, s.id);
    },
  );
  // Change correlation by time only: the changes on the incident's service in the day before it
  // opened, newest first (PagerDuty's reason `most_recent`; no related-service or learned reasons).
  rest.get(
    '/incidents/:id/related_change_events',
    { schema: { tags: ['Incidents'], params: Type.Object({ id: Type.String() }), querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1 })) }) } },
    async (request) => {
      const { id } = request.params;
      const i = /^\d+$/.test(id) ? await findIncidentByNumber(ctx.db, Number(id)) : await findIncidentById(ctx.db, id);
      if (!i) throw new NotFoundError('Incident', id);
      const page = { limit: Math.min(request.query.limit ?? 25, 100), offset: 0 };
      const { rows } = await listChangeEvents(ctx.db, { serviceId: i.serviceId, since: i.createdAt - RELATED_WINDOW_MS, until: i.createdAt + 1 }, page);
      return { change_events: (await render(ctx.db, ctx, rows)).map((e) => ({ ...e, correlation_reason: { reason: 'most_recent' } })) };
    },
  );
  rest.get(
    '/change_events/:id',
    {
      schema: {
        tags: ['Change Events'],
        params: Type.Object({ id: Type.String() }),
        response: { 200: Type.Object({ change_event: ChangeEventSchema }) },
      },
    },
    async (request) => {
      const e = await findChangeEventById(ctx.db, request.params.id);
      if (!e) throw new NotFoundError('Change event', request.params.id);
      return { change_event: (await render(ctx.db, ctx, [e]))[0] };
    },
  );
}
