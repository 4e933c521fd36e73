// /priorities: PagerDuty's GET (the ordered list), and Tocsin's own writes for admins (PagerDuty edits
// priorities only in its web app; see docs/response.md).
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, PageFields, PaginationQuery } from '../http/schemas.js';
import { createPriority, editPriority, removePriority } from './manage.js';
import { toApiPriority } from './present.js';
import { listPriorities } from './store.js';

const PrioritySchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  summary: Type.String(),
  self: Type.String(),
  html_url: Type.Null(),
  name: Type.String(),
  description: Type.String(),
  position: Type.Integer(),
});
const Envelope = Type.Object({ priority: PrioritySchema });
const Fields = Type.Object({
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  position: Type.Optional(Type.Integer({ minimum: 1 })),
});
const Body = Type.Object({ priority: Fields });
const IdParams = Type.Object({ id: Type.String() });
const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Priorities'];

export function registerPriorityRoutes(rest: FastifyInstance, ctx: Context): void {
  rest.get(
    '/priorities',
    { schema: { tags, querystring: Type.Object(PaginationQuery), response: { 200: Type.Object({ priorities: Type.Array(PrioritySchema), ...PageFields }), ...errors } } },
    async (request) => {
      const page = readPage(request.query as { limit?: number; offset?: number; total?: boolean });
      const all = await listPriorities(ctx.db);
      return pageEnvelope('priorities', all.slice(page.offset, page.offset + page.limit).map((p) => toApiPriority(ctx.urls, p)), page, all.length);
    },
  );

  rest.get('/priorities/:id', { schema: { tags, params: IdParams, response: { 200: Envelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const p = (await listPriorities(ctx.db)).find((x) => x.id === id);
    if (!p) throw new NotFoundError('Priority', id);
    return { priority: toApiPriority(ctx.urls, p) };
  });

  rest.post('/priorities', { schema: { tags, body: Body, response: { 201: Envelope, ...errors } } }, async (request, reply) => {
    const f = (request.body as Static<typeof Body>).priority;
    const p = await ctx.db.transaction().execute((tx) => createPriority(tx, ctx, request.actor, f));
    return reply.status(201).send({ priority: toApiPriority(ctx.urls, p) });
  });

  rest.put('/priorities/:id', { schema: { tags, params: IdParams, body: Body, response: { 200: Envelope, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof IdParams>;
    const f = (request.body as Static<typeof Body>).priority;
    const p = await ctx.db.transaction().execute((tx) => editPriority(tx, ctx, request.actor, id, f));
    return { priority: toApiPriority(ctx.urls, p) };
  });

  rest.delete('/priorities/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    const { id } = request.params as Static<typeof IdParams>;
    await ctx.db.transaction().execute((tx) => removePriority(tx, ctx, request.actor, id));
    return reply.status(204).send();
  });
}
