// /tags, /tags/{id}/{entity_type}, /{entity_type}/{id}/tags and /{entity_type}/{id}/change_tags for
// users, teams and escalation policies (PagerDuty's Tags API).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { findTeamsByIds, findUsersByIds, teamReference, userReference } from '../accounts/index.js';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { escalationPolicyReference, findEscalationPoliciesByIds } from '../escalation/index.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import type { Reference } from '../http/urls.js';
import type { Db } from '../store/db.js';
import { ENTITY_TYPES, type EntityType } from './model.js';
import { toApiTag } from './present.js';
import { ChangeTagsBody, EntityRefList, IdParams, TagBody, TagEnvelope, TagList, TagListQuery, TagPageQuery } from './schemas.js';
import { findTagById, listEntityIdsWithTag, listTags, listTagsOf } from './store.js';
import { changeTags, createTag, entityAccess, removeTag } from './write.js';

const tags = ['Tags'];

/** References of the live entities among `ids`, in the order of `ids`. */
async function liveReferences(db: Db, ctx: Context, type: EntityType, ids: string[]): Promise<Reference[]> {
  const refs = new Map<string, Reference>();
  if (type === 'users') for (const u of await findUsersByIds(db, ids)) if (u.deletedAt === null) refs.set(u.id, userReference(ctx.urls, u));
  if (type === 'teams') for (const team of await findTeamsByIds(db, ids)) refs.set(team.id, teamReference(ctx.urls, team));
  if (type === 'escalation_policies') for (const p of await findEscalationPoliciesByIds(db, ids)) refs.set(p.id, escalationPolicyReference(ctx.urls, p));
  return ids.flatMap((id) => refs.get(id) ?? []);
}

export function registerTagRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();

  rest.get('/tags', { schema: { tags, querystring: TagListQuery, response: { 200: TagList } } }, async (request) => {
    const page = readPage(request.query);
    const { items, count } = await listTags(ctx.db, { query: request.query.query, ...page });
    return pageEnvelope('tags', items.map((x) => toApiTag(ctx.urls, x)), page, count);
  });

  rest.post('/tags', { schema: { tags, body: TagBody, response: { 201: TagEnvelope } } }, async (request, reply) => {
    const tag = await ctx.db.transaction().execute((tx) => createTag(tx, ctx, request.actor, request.body.tag.label));
    return reply.status(201).send({ tag: toApiTag(ctx.urls, tag) });
  });

  rest.get('/tags/:id', { schema: { tags, params: IdParams, response: { 200: TagEnvelope } } }, async (request) => {
    const tag = await findTagById(ctx.db, request.params.id);
    if (!tag) throw new NotFoundError('Tag', request.params.id);
    return { tag: toApiTag(ctx.urls, tag) };
  });

  rest.delete('/tags/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => removeTag(tx, request.actor, request.params.id));
    return reply.status(204).send(null);
  });

  for (const type of ENTITY_TYPES) {
    rest.get(`/tags/:id/${type}`, { schema: { tags, params: IdParams, querystring: TagPageQuery, response: { 200: EntityRefList(type) } } }, async (request) => {
      const page = readPage(request.query);
      if (!(await findTagById(ctx.db, request.params.id))) throw new NotFoundError('Tag', request.params.id);
      const refs = await liveReferences(ctx.db, ctx, type, await listEntityIdsWithTag(ctx.db, request.params.id, type));
      return pageEnvelope(type, refs.slice(page.offset, page.offset + page.limit), page, refs.length);
    });

    rest.get(`/${type}/:id/tags`, { schema: { tags, params: IdParams, querystring: TagPageQuery, response: { 200: TagList } } }, async (request) => {
      const page = readPage(request.query);
      await entityAccess(ctx.db, request.actor, type, request.params.id);
      const all = await listTagsOf(ctx.db, type, request.params.id);
      return pageEnvelope('tags', all.slice(page.offset, page.offset + page.limit).map((x) => toApiTag(ctx.urls, x)), page, all.length);
    });

    rest.post(`/${type}/:id/change_tags`, { schema: { tags, params: IdParams, body: ChangeTagsBody, response: { 200: Type.Object({}) } } }, async (request) => {
      await ctx.db.transaction().execute((tx) => changeTags(tx, ctx, request.actor, type, request.params.id, request.body));
      return {};
    });
  }
}
