// /business_services (CRUD) and /service_dependencies (associate, disassociate, and the
// dependencies of a technical or business service), with PagerDuty's bodies.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { Nullable, PaginationQuery } from '../http/schemas.js';
import { reference } from '../http/urls.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import type { BusinessService, Dependency, NodeType } from './model.js';
import { findBusinessServicesByIds, listBusinessServices, listDependenciesOf } from './store.js';
import { registerBusinessImpactRoutes } from './impact-routes.js';
import { associate, createBusinessService, disassociate, loadBusinessService, removeBusinessService, teamsOfNode, updateBusinessServiceById } from './write.js';

const tags = ['Business Services'];
const IdParams = Type.Object({ id: Type.String() });
const Input = Type.Object({
  name: Type.Optional(Type.String()),
  description: Type.Optional(Nullable(Type.String())),
  point_of_contact: Type.Optional(Nullable(Type.String())),
  team: Type.Optional(Nullable(Type.Object({ id: Type.String(), type: Type.Optional(Type.String()) }))),
});
const Node = Type.Object({ id: Type.String(), type: Type.String() });
const Relationships = Type.Object({ relationships: Type.Array(Type.Object({ supporting_service: Node, dependent_service: Node })) });

function toApiBusinessService(ctx: Context, b: BusinessService) {
  return {
    ...reference(ctx.urls, 'business_service', b.id, b.name, `/business_services/${b.id}`, `/service-directory/business-services/${b.id}`),
    type: 'business_service',
    name: b.name,
    description: b.description,
    point_of_contact: b.pointOfContact,
    team: b.teamId ? { id: b.teamId, type: 'team_reference', self: ctx.urls.api(`/teams/${b.teamId}`) } : null,
  };
}

/** The dependencies as PagerDuty shows them; one whose other end is gone (a deleted service) is left out. */
async function renderDependencies(db: Db, list: Dependency[]) {
  const ids = (type: NodeType) => [...new Set(list.flatMap((d) => [d.supporting, d.dependent]).filter((n) => n.type === type).map((n) => n.id))];
  const live = new Set([...(await findServicesByIds(db, ids('service'))).map((s) => `service:${s.id}`), ...(await findBusinessServicesByIds(db, ids('business_service'))).map((b) => `business_service:${b.id}`)]);
  const ref = (n: Dependency['supporting']) => ({ id: n.id, type: n.type === 'service' ? 'technical_service_reference' : 'business_service_reference' });
  return list
    .filter((d) => live.has(`${d.supporting.type}:${d.supporting.id}`) && live.has(`${d.dependent.type}:${d.dependent.id}`))
    .map((d) => ({ id: d.id, type: 'service_dependency', supporting_service: ref(d.supporting), dependent_service: ref(d.dependent) }));
}

export function registerBusinessRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  registerBusinessImpactRoutes(scope, ctx);

  rest.get('/business_services', { schema: { tags, querystring: Type.Object(PaginationQuery) } }, async (request) => {
    const page = readPage(request.query);
    const { items, count } = await listBusinessServices(ctx.db, page);
    return pageEnvelope('business_services', items.map((b) => toApiBusinessService(ctx, b)), page, count);
  });
  // PagerDuty answers a created business service with 200 (its reference says so).
  rest.post('/business_services', { schema: { tags, body: Type.Object({ business_service: Input }) } }, async (request) => {
    const b = await ctx.db.transaction().execute((tx) => createBusinessService(tx, ctx, request.actor, request.body.business_service));
    return { business_service: toApiBusinessService(ctx, b) };
  });
  rest.get('/business_services/:id', { schema: { tags, params: IdParams } }, async (request) => ({
    business_service: toApiBusinessService(ctx, await loadBusinessService(ctx.db, request.params.id)),
  }));
  rest.put('/business_services/:id', { schema: { tags, params: IdParams, body: Type.Object({ business_service: Input }) } }, async (request) => {
    const b = await ctx.db.transaction().execute((tx) => updateBusinessServiceById(tx, request.actor, request.params.id, request.body.business_service));
    return { business_service: toApiBusinessService(ctx, b) };
  });
  rest.delete('/business_services/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => removeBusinessService(tx, request.actor, request.params.id));
    return reply.status(204).send(null);
  });

  rest.post('/service_dependencies/associate', { schema: { tags: ['Service Dependencies'], body: Relationships } }, async (request) => {
    const list = await ctx.db.transaction().execute((tx) => associate(tx, ctx, request.actor, request.body.relationships));
    return { relationships: await renderDependencies(ctx.db, list) };
  });
  rest.post('/service_dependencies/disassociate', { schema: { tags: ['Service Dependencies'], body: Relationships } }, async (request) => {
    const list = await ctx.db.transaction().execute((tx) => disassociate(tx, request.actor, request.body.relationships));
    return { relationships: list.map((d) => ({ id: d.id, type: 'service_dependency', supporting_service: { id: d.supporting.id, type: d.supporting.type }, dependent_service: { id: d.dependent.id, type: d.dependent.type } })) };
  });
  for (const [path, type] of [['technical_services', 'service'], ['business_services', 'business_service']] as const) {
    rest.get(`/service_dependencies/${path}/:id`, { schema: { tags: ['Service Dependencies'], params: IdParams } }, async (request) => {
      await teamsOfNode(ctx.db, type, request.params.id);
      return { relationships: await renderDependencies(ctx.db, await listDependenciesOf(ctx.db, type, request.params.id)) };
    });
  }
}
