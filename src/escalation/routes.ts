import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { requesterId, type Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import type { Db } from '../store/db.js';
import type { EscalationPolicy } from './model.js';
import { renderPolicies, type ServiceRefsOf } from './render.js';
import { IdParams, ListQuery, PolicyBody, PolicyEnvelope, PolicyList, ShowQuery, TeamPolicyParams } from './schemas.js';
import { findEscalationPolicyById, listEscalationPolicies } from './store.js';
import {
  addPolicyToTeam,
  createEscalationPolicy,
  deleteEscalationPolicyById,
  removePolicyFromTeam,
  updateEscalationPolicyById,
} from './write.js';

/** /escalation_policies and /teams/{id}/escalation_policies/{ep_id}; `serviceRefs` comes from services. */
export function registerEscalationRoutes(scope: FastifyInstance, ctx: Context, auth: Authenticator, serviceRefs: ServiceRefsOf): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const refsOnly = (db: Db, ids: string[]) => serviceRefs(db, ctx.urls, ids);
  const show = async (db: Db, p: EscalationPolicy, include: readonly string[] = []) => ({
    escalation_policy: (await renderPolicies(db, ctx.urls, [p], include, serviceRefs))[0],
  });

  rest.get(
    '/escalation_policies',
    { schema: { tags: ['Escalation Policies'], querystring: ListQuery, response: { 200: PolicyList } } },
    async (request) => {
      const q = request.query;
      const page = readPage(q);
      const { items, count } = await listEscalationPolicies(ctx.db, {
        query: q.query,
        userIds: q['user_ids[]'],
        teamIds: q['team_ids[]'],
        sortDesc: q.sort_by === 'name:desc',
        ...page,
      });
      const rendered = await renderPolicies(ctx.db, ctx.urls, items, q['include[]'] ?? [], serviceRefs);
      return pageEnvelope('escalation_policies', rendered, page, count);
    },
  );

  rest.post(
    '/escalation_policies',
    { schema: { tags: ['Escalation Policies'], body: PolicyBody, response: { 201: PolicyEnvelope } } },
    async (request, reply) => {
      // From is optional here (change tracking only); when sent it must name a user.
      if (request.headers.from) await requesterId(request, auth);
      const out = await ctx.db.transaction().execute(async (tx) => {
        const p = await createEscalationPolicy(tx, ctx, request.actor, request.body.escalation_policy);
        return show(tx, p);
      });
      return reply.status(201).send(out);
    },
  );

  rest.get(
    '/escalation_policies/:id',
    { schema: { tags: ['Escalation Policies'], params: IdParams, querystring: ShowQuery, response: { 200: PolicyEnvelope } } },
    async (request) => {
      const p = await findEscalationPolicyById(ctx.db, request.params.id);
      if (!p) throw new NotFoundError('Escalation Policy', request.params.id);
      return show(ctx.db, p, request.query['include[]'] ?? []);
    },
  );

  rest.put(
    '/escalation_policies/:id',
    { schema: { tags: ['Escalation Policies'], params: IdParams, body: PolicyBody, response: { 200: PolicyEnvelope } } },
    async (request) =>
      ctx.db.transaction().execute(async (tx) => {
        const p = await updateEscalationPolicyById(tx, ctx, request.actor, request.params.id, request.body.escalation_policy);
        return show(tx, p);
      }),
  );

  rest.delete(
    '/escalation_policies/:id',
    { schema: { tags: ['Escalation Policies'], params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await ctx.db.transaction().execute((tx) => deleteEscalationPolicyById(tx, ctx, request.actor, request.params.id, refsOnly));
      return reply.status(204).send(null);
    },
  );

  rest.put(
    '/teams/:id/escalation_policies/:ep_id',
    { schema: { tags: ['Teams'], params: TeamPolicyParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await ctx.db.transaction().execute((tx) => addPolicyToTeam(tx, request.actor, request.params.id, request.params.ep_id));
      return reply.status(204).send(null);
    },
  );

  rest.delete(
    '/teams/:id/escalation_policies/:ep_id',
    { schema: { tags: ['Teams'], params: TeamPolicyParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await ctx.db.transaction().execute((tx) => removePolicyFromTeam(tx, request.actor, request.params.id, request.params.ep_id));
      return reply.status(204).send(null);
    },
  );
}
