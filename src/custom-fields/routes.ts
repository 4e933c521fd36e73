// /incidents/types (list, create, show, edit), the custom fields of a type, of the base type and of
// services, and the values of incidents and services. Writes to types and fields: owners and admins.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { BASE_FAMILY, SERVICE_FAMILY, TYPE_FAMILY, registerFieldRoutes } from './field-routes.js';
import { toApiType, toApiValue } from './present.js';
import { TypeBody, TypeFilterQuery, TypeParams, ValuesBody, tags } from './schemas.js';
import { createIncidentType, listIncidentTypes, loadType, updateIncidentType } from './types.js';
import { incidentValues, setIncidentValues } from './values.js';
import { serviceValues, setServiceValues } from './service-values.js';

const IdParams = Type.Object({ id: Type.String() });

export function registerCustomFieldRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();

  rest.get('/incidents/types', { schema: { tags, querystring: TypeFilterQuery } }, async (request) => ({
    incident_types: (await listIncidentTypes(ctx.db, request.query.filter ?? 'enabled')).map((t) => toApiType(ctx.urls, t)),
  }));
  rest.post('/incidents/types', { schema: { tags, body: TypeBody } }, async (request, reply) => {
    const t = await ctx.db.transaction().execute((tx) => createIncidentType(tx, ctx, request.actor, request.body.incident_type));
    return reply.status(201).send({ incident_type: toApiType(ctx.urls, t) });
  });
  rest.get('/incidents/types/:type_id_or_name', { schema: { tags, params: TypeParams } }, async (request) => ({
    incident_type: toApiType(ctx.urls, await loadType(ctx.db, request.params.type_id_or_name)),
  }));
  rest.put('/incidents/types/:type_id_or_name', { schema: { tags, params: TypeParams, body: TypeBody } }, async (request) => {
    const t = await ctx.db.transaction().execute((tx) => updateIncidentType(tx, ctx, request.actor, request.params.type_id_or_name, request.body.incident_type));
    return { incident_type: toApiType(ctx.urls, t) };
  });

  registerFieldRoutes(rest, ctx, TYPE_FAMILY, { optionGet: true });
  // PagerDuty's deprecated base-type paths have no GET of one option.
  registerFieldRoutes(rest, ctx, BASE_FAMILY, { optionGet: false });
  registerFieldRoutes(rest, ctx, SERVICE_FAMILY, { optionGet: true });

  rest.get('/incidents/:id/custom_fields/values', { schema: { tags, params: IdParams } }, async (request) => ({
    custom_fields: (await incidentValues(ctx.db, request.params.id)).map(toApiValue),
  }));
  // PagerDuty answers 201 to this PUT (its reference says so).
  rest.put('/incidents/:id/custom_fields/values', { schema: { tags, params: IdParams, body: ValuesBody } }, async (request, reply) => {
    const { userId, principal } = request.actor;
    const agent = userId ? { type: 'user' as const, id: userId } : null;
    const channel = { type: principal.startsWith('session:') ? 'website' : 'api' };
    const list = await ctx.db.transaction().execute((tx) => setIncidentValues(tx, ctx, request.actor, agent, channel, request.params.id, request.body.custom_fields));
    return reply.status(201).send({ custom_fields: list.map(toApiValue) });
  });

  rest.get('/services/:id/custom_fields/values', { schema: { tags, params: IdParams } }, async (request) => ({
    custom_fields: (await serviceValues(ctx.db, request.params.id)).map(toApiValue),
  }));
  rest.put('/services/:id/custom_fields/values', { schema: { tags, params: IdParams, body: ValuesBody } }, async (request, reply) => {
    const list = await ctx.db.transaction().execute((tx) => setServiceValues(tx, ctx.clock.now(), request.actor, request.params.id, request.body.custom_fields));
    return reply.status(201).send({ custom_fields: list.map(toApiValue) });
  });
}
