// PagerDuty's business service impact endpoints: /business_services/impacts, /impactors,
// /{id}/supporting_services/impacts, /priority_thresholds, an incident's impacts (GET, and PUT of a
// manual one), /{id}/account_subscription, and the read-only /status_dashboards (one built in).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { findIncidentByIdOrNumber } from '../incidents/index.js';
import { QueryArray } from '../http/schemas.js';
import type { BusinessImpact } from './impact.js';
import { clearThreshold, impactedBy, loadImpacts, loadThreshold, setAccountSubscription, setManualImpact, setThreshold, type Impacts } from './impacts.js';
import { listAccountSubscriptions } from './impact-store.js';
import { loadBusinessService } from './write.js';

const tags = ['Business Services'];
const LIMIT = 200;
const ImpactQuery = Type.Object({ 'additional_fields[]': QueryArray(Type.Union([Type.Literal('services.highest_impacting_priority'), Type.Literal('total_impacted_count')])), 'ids[]': QueryArray(Type.String()) });
type ImpactQueryT = { 'additional_fields[]'?: string[]; 'ids[]'?: string[] };
/** Tocsin's one status dashboard: the business services the account subscribes to (docs/compatibility.md). */
export const STATUS_DASHBOARD = { id: 'PSTATUS', url_slug: 'business-services', name: 'Business services' };

const impacted = (x: BusinessImpact | undefined) => (x?.incidents.length ?? 0) > 0;

/** PagerDuty's Impact list: impacted first, then the most recently impacted, then by name; at most 200. */
function impactList(all: Impacts, ids: string[], q: ImpactQueryT) {
  const fields = new Set(q['additional_fields[]'] ?? []);
  const wanted = new Set(ids);
  const rows = all.services
    .filter((b) => wanted.has(b.id))
    .map((b) => ({ b, x: all.byService.get(b.id) }))
    .sort((p, r) => Number(impacted(r.x)) - Number(impacted(p.x)) || (r.x?.incidents[0]?.createdAt ?? 0) - (p.x?.incidents[0]?.createdAt ?? 0) || (p.b.name < r.b.name ? -1 : p.b.name > r.b.name ? 1 : 0));
  const services = rows.slice(0, LIMIT).map(({ b, x }) => ({
    id: b.id,
    name: b.name,
    type: 'business_service' as const,
    status: impacted(x) ? ('impacted' as const) : ('not_impacted' as const),
    ...(fields.has('services.highest_impacting_priority') ? { additional_fields: { highest_impacting_priority: x?.highestPriority ? { id: x.highestPriority.id, order: x.highestPriority.rank } : null } } : {}),
  }));
  return {
    services,
    limit: LIMIT,
    more: rows.length > LIMIT,
    ...(fields.has('total_impacted_count') ? { additional_fields: { total_impacted_count: rows.filter((r) => impacted(r.x)).length } } : {}),
  };
}

/** Business services no other business service depends on (PagerDuty's "top-level" ones). */
function topLevel(all: Impacts): string[] {
  const supporting = new Set([...all.supportingBusiness.values()].flat());
  return all.services.filter((b) => !supporting.has(b.id)).map((b) => b.id);
}

export function registerBusinessImpactRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();

  rest.get('/business_services/impacts', { schema: { tags, querystring: ImpactQuery } }, async (request) => {
    const all = await loadImpacts(ctx.db);
    return impactList(all, request.query['ids[]'] ?? topLevel(all), request.query);
  });
  rest.get('/business_services/impactors', { schema: { tags, querystring: Type.Object({ 'ids[]': QueryArray(Type.String()) }) } }, async (request) => {
    const all = await loadImpacts(ctx.db);
    const ids = new Set(request.query['ids[]'] ?? all.services.map((b) => b.id));
    const incidents = [...new Map(all.services.filter((b) => ids.has(b.id)).flatMap((b) => all.byService.get(b.id)!.incidents.map((i) => [i.id, i] as const))).values()].sort((x, y) => y.createdAt - x.createdAt);
    return { impactors: incidents.slice(0, LIMIT).map((i) => ({ id: i.id, type: 'incident' as const })), limit: LIMIT, more: incidents.length > LIMIT };
  });
  rest.get('/business_services/:id/supporting_services/impacts', { schema: { tags, params: Type.Object({ id: Type.String() }), querystring: ImpactQuery } }, async (request) => {
    const b = await loadBusinessService(ctx.db, request.params.id);
    const all = await loadImpacts(ctx.db);
    const supporting = all.supportingBusiness.get(b.id) ?? [];
    const ids = request.query['ids[]'] ? supporting.filter((id) => request.query['ids[]']!.includes(id)) : supporting;
    return impactList(all, ids, request.query);
  });

  const Threshold = Type.Object({ global_threshold: Type.Object({ id: Type.String({ minLength: 1 }), order: Type.Optional(Type.Number()) }) });
  rest.get('/business_services/priority_thresholds', { schema: { tags } }, async () => {
    const p = await loadThreshold(ctx.db);
    return { global_threshold: p ? { id: p.id, order: p.position } : null };
  });
  rest.put('/business_services/priority_thresholds', { schema: { tags, body: Threshold } }, async (request) => {
    const p = await ctx.db.transaction().execute((tx) => setThreshold(tx, ctx.clock, request.actor, request.body.global_threshold.id));
    return { global_threshold: { id: p.id, order: p.position } };
  });
  rest.delete('/business_services/priority_thresholds', { schema: { tags, response: { 204: Type.Null() } } }, async (request, reply) => {
    await clearThreshold(ctx.db, request.actor);
    return reply.status(204).send(null);
  });

  rest.get('/incidents/:id/business_services/impacts', { schema: { tags: ['Incidents'], params: Type.Object({ id: Type.String() }) } }, async (request) => {
    const i = await findIncidentByIdOrNumber(ctx.db, request.params.id);
    const all = await loadImpacts(ctx.db);
    const ids = impactedBy(all, i.id);
    const { services } = impactList(all, ids, { 'additional_fields[]': ['services.highest_impacting_priority'] });
    return { services, limit: LIMIT, next_cursor: null };
  });
  const Relation = Type.Union([Type.Literal('impacted'), Type.Literal('not_impacted')]);
  rest.put(
    '/incidents/:id/business_services/:business_service_id/impacts',
    { schema: { tags: ['Incidents'], params: Type.Object({ id: Type.String(), business_service_id: Type.String() }), body: Type.Object({ relation: Relation }) } },
    async (request) => {
      await ctx.db.transaction().execute((tx) => setManualImpact(tx, ctx.clock, request.actor, request.params.id, request.params.business_service_id, request.body.relation));
      return { relation: request.body.relation };
    },
  );

  rest.post('/business_services/:id/account_subscription', { schema: { tags, params: Type.Object({ id: Type.String() }) } }, async (request) => {
    await ctx.db.transaction().execute((tx) => setAccountSubscription(tx, ctx.clock, request.actor, request.params.id, true));
    return { account_is_subscribed: true };
  });
  rest.delete('/business_services/:id/account_subscription', { schema: { tags, params: Type.Object({ id: Type.String() }), response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => setAccountSubscription(tx, ctx.clock, request.actor, request.params.id, false));
    return reply.status(204).send(null);
  });

  const dashboard = (found: boolean, what: string) => {
    if (!found) throw new NotFoundError('Status Dashboard', what);
    return STATUS_DASHBOARD;
  };
  const dashboardImpacts = async (q: ImpactQueryT) => impactList(await loadImpacts(ctx.db), await listAccountSubscriptions(ctx.db), q);
  rest.get('/status_dashboards', { schema: { tags: ['Status Dashboards'] } }, async () => ({ status_dashboards: [STATUS_DASHBOARD], limit: 100, next_cursor: null }));
  rest.get('/status_dashboards/:id', { schema: { tags: ['Status Dashboards'], params: Type.Object({ id: Type.String() }) } }, async (request) => ({
    status_dashboard: dashboard(request.params.id === STATUS_DASHBOARD.id, request.params.id),
  }));
  rest.get('/status_dashboards/url_slugs/:url_slug', { schema: { tags: ['Status Dashboards'], params: Type.Object({ url_slug: Type.String() }) } }, async (request) => ({
    status_dashboard: dashboard(request.params.url_slug === STATUS_DASHBOARD.url_slug, request.params.url_slug),
  }));
  const ImpactsQ = Type.Omit(ImpactQuery, ['ids[]']);
  rest.get('/status_dashboards/:id/service_impacts', { schema: { tags: ['Status Dashboards'], params: Type.Object({ id: Type.String() }), querystring: ImpactsQ } }, async (request) => {
    dashboard(request.params.id === STATUS_DASHBOARD.id, request.params.id);
    return dashboardImpacts(request.query);
  });
  rest.get('/status_dashboards/url_slugs/:url_slug/service_impacts', { schema: { tags: ['Status Dashboards'], params: Type.Object({ url_slug: Type.String() }), querystring: ImpactsQ } }, async (request) => {
    dashboard(request.params.url_slug === STATUS_DASHBOARD.url_slug, request.params.url_slug);
    return dashboardImpacts(request.query);
  });
}
