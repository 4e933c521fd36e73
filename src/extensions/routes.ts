// /extension_schemas and /extensions (PagerDuty's extensions API), inside the REST scope.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { PaginationQuery } from '../http/schemas.js';
import { findServicesByIds, serviceReference } from '../services/index.js';
import type { Db } from '../store/db.js';
import { EXTENSION_SCHEMAS, findSchema, type Extension } from './model.js';
import { toApiExtension, toApiExtensionSchema } from './present.js';
import { ExtensionCreateBody, ExtensionEnvelope, ExtensionList, ExtensionListQuery, ExtensionSchemaEnvelope, ExtensionSchemaList, ExtensionShowQuery, ExtensionUpdateBody } from './schemas.js';
import { findExtensionById, listExtensions } from './store.js';
import { createExtension, editExtension, enableExtension, removeExtension, type ExtensionWire } from './write.js';

const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const tags = ['Extensions'];
type Include = { 'include[]'?: string[]; include?: string[] };
const includeOf = (q: Include) => [...(q['include[]'] ?? []), ...(q.include ?? [])];

async function render(db: Db, ctx: Context, list: Extension[], include: string[]) {
  const ids = [...new Set(list.flatMap((x) => x.serviceIds))];
  const services = await findServicesByIds(db, ids);
  const names = new Map(services.map((s) => [s.id, s.name]));
  const full = new Map<string, unknown>(
    services.map((s) => [s.id, { ...serviceReference(ctx.urls, s), type: 'service', name: s.name, description: s.description }]),
  );
  return list.map((x) => toApiExtension(ctx.urls, x, { names, include, services: full }));
}

export function registerExtensionRoutes(rest: FastifyInstance, ctx: Context): void {
  rest.get<{ Querystring: { limit?: number; offset?: number; total?: boolean } }>(
    '/extension_schemas',
    { schema: { tags, querystring: Type.Object(PaginationQuery), response: { 200: ExtensionSchemaList } } },
    async (request) => {
      const page = readPage(request.query);
      const items = EXTENSION_SCHEMAS.slice(page.offset, page.offset + page.limit).map((s) => toApiExtensionSchema(ctx.urls, s));
      return pageEnvelope('extension_schemas', items, page, EXTENSION_SCHEMAS.length);
    },
  );

  rest.get<{ Params: { id: string } }>('/extension_schemas/:id', { schema: { tags, params: IdParams, response: { 200: ExtensionSchemaEnvelope } } }, async (request) => {
    const s = findSchema(request.params.id);
    if (!s) throw new NotFoundError('Extension schema', request.params.id);
    return { extension_schema: toApiExtensionSchema(ctx.urls, s) };
  });

  rest.get<{ Querystring: { limit?: number; offset?: number; total?: boolean; query?: string; extension_object_id?: string; extension_schema_id?: string } & Include }>(
    '/extensions',
    { schema: { tags, querystring: ExtensionListQuery, response: { 200: ExtensionList } } },
    async (request) => {
      const q = request.query;
      const page = readPage(q);
      const { items, count } = await listExtensions(ctx.db, { query: q.query, serviceId: q.extension_object_id, schemaId: q.extension_schema_id }, page);
      return pageEnvelope('extensions', await render(ctx.db, ctx, items, includeOf(q)), page, count);
    },
  );

  rest.post<{ Body: { extension: ExtensionWire } }>('/extensions', { schema: { tags, body: ExtensionCreateBody, response: { 201: ExtensionEnvelope } } }, async (request, reply) => {
    const x = await ctx.db.transaction().execute((tx) => createExtension(tx, ctx, request.actor, request.body.extension));
    return reply.status(201).send({ extension: (await render(ctx.db, ctx, [x], []))[0] });
  });

  rest.get<{ Params: { id: string }; Querystring: Include }>(
    '/extensions/:id',
    { schema: { tags, params: IdParams, querystring: ExtensionShowQuery, response: { 200: ExtensionEnvelope } } },
    async (request) => {
      const x = await findExtensionById(ctx.db, request.params.id);
      if (!x) throw new NotFoundError('Extension', request.params.id);
      return { extension: (await render(ctx.db, ctx, [x], includeOf(request.query)))[0] };
    },
  );

  rest.put<{ Params: { id: string }; Body: { extension: ExtensionWire } }>(
    '/extensions/:id',
    { schema: { tags, params: IdParams, body: ExtensionUpdateBody, response: { 200: ExtensionEnvelope } } },
    async (request) => {
      const x = await ctx.db.transaction().execute((tx) => editExtension(tx, ctx, request.actor, request.params.id, request.body.extension));
      return { extension: (await render(ctx.db, ctx, [x], []))[0] };
    },
  );

  rest.delete<{ Params: { id: string } }>('/extensions/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => removeExtension(tx, request.actor, request.params.id));
    return reply.status(204).send();
  });

  rest.post<{ Params: { id: string } }>('/extensions/:id/enable', { schema: { tags, params: IdParams, response: { 200: ExtensionEnvelope } } }, async (request) => {
    const x = await ctx.db.transaction().execute((tx) => enableExtension(tx, ctx, request.actor, request.params.id));
    return { extension: (await render(ctx.db, ctx, [x], []))[0] };
  });
}
