import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import type { Db } from '../store/db.js';
import type { Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, type TypeBoxRequests } from '../http/schemas.js';
import type { ServiceInput } from './normalize.js';
import { readTimeZone, renderServices, type IntegrationsOf } from './render.js';
import { IdParams, ServiceBody, ServiceEnvelope, ServiceGetQuery, ServiceList, ServiceListQuery } from './schemas.js';
import { listServices } from './store.js';
import { registerGroupingSettingRoutes } from './grouping-routes.js';
import { changeService, createService, deleteService, getLiveService, type IncidentsOnlyCheck } from './write.js';

export interface ServiceRouteDeps {
  /** From integrations/index.ts, injected in routes.ts so services need not import integrations. */
  integrationsOf: IntegrationsOf;
  /** Refuses alert_creation create_incidents while the service has Events API v2 integrations. */
  incidentsOnlyCheck: IncidentsOnlyCheck;
  /** The service whose live integration has this key, or null: `?query=` finds a service by key, as PagerDuty's does. */
  serviceOfIntegrationKey: (db: Db, key: string) => Promise<string | null>;
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Services'];

const includeOf = (q: { 'include[]'?: string[]; include?: string[] }) => [...(q['include[]'] ?? []), ...(q.include ?? [])];

/** /services and /services/{id}; /alert_grouping_settings (grouping-routes.ts). */
export function registerServiceRoutes(scope: FastifyInstance, ctx: Context, _auth: Authenticator, deps: ServiceRouteDeps): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  registerGroupingSettingRoutes(scope, ctx);
  const render = (db: typeof ctx.db, services: Parameters<typeof renderServices>[3], include: string[], timeZone: string | null) =>
    renderServices(db, ctx, deps.integrationsOf, services, { include, timeZone });

  rest.get('/services', { schema: { tags, querystring: ServiceListQuery, response: { 200: ServiceList, ...errors } } }, async (request) => {
    const q = request.query;
    const page = readPage(q);
    const timeZone = readTimeZone(q.time_zone);
    const teamIds = [...(q['team_ids[]'] ?? []), ...(q.team_ids ?? [])];
    // Plugins look a service up by one of its integration keys (exact, never a part of one).
    const byKey = q.query ? await deps.serviceOfIntegrationKey(ctx.db, q.query.trim()) : null;
    const { items, count } = await listServices(ctx.db, {
      query: q.query || undefined,
      queryAlsoIds: byKey ? [byKey] : [],
      name: q.name,
      teamIds,
      sort: q.sort_by === 'name:desc' ? 'desc' : 'asc',
      limit: page.limit,
      offset: page.offset,
    });
    return pageEnvelope('services', await render(ctx.db, items, includeOf(q), timeZone), page, count);
  });

  rest.post('/services', { schema: { tags, body: ServiceBody, response: { 201: ServiceEnvelope, ...errors } } }, async (request, reply) => {
    const body = request.body;
    const service = await ctx.db.transaction().execute(async (tx) => {
      const s = await createService(tx, ctx, request.actor, body.service as ServiceInput);
      return (await render(tx, [s], [], null))[0];
    });
    return reply.status(201).send({ service });
  });

  rest.get(
    '/services/:id',
    { schema: { tags, params: IdParams, querystring: ServiceGetQuery, response: { 200: ServiceEnvelope, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      const timeZone = readTimeZone(q.time_zone);
      const s = await getLiveService(ctx.db, id);
      return { service: (await render(ctx.db, [s], includeOf(q), timeZone))[0] };
    },
  );

  rest.put(
    '/services/:id',
    { schema: { tags, params: IdParams, body: ServiceBody, response: { 200: ServiceEnvelope, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const service = await ctx.db.transaction().execute(async (tx) => {
        const s = await changeService(tx, ctx, request.actor, id, body.service as ServiceInput, deps.incidentsOnlyCheck);
        return (await render(tx, [s], [], null))[0];
      });
      return { service };
    },
  );

  rest.delete('/services/:id', { schema: { tags, params: IdParams, response: { 204: { type: 'null' }, ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    await ctx.db.transaction().execute((tx) => deleteService(tx, ctx, request.actor, id));
    return reply.status(204).send();
  });
}
