import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { PaginationQuery } from '../http/schemas.js';
import { NotFoundError } from '../errors.js';
import { toApiTeam, userReference } from './present.js';
import { IdParams, MemberList, TeamEnvelope, TeamInputSchema, TeamList, TeamListQuery, TeamRoleSchema } from './schemas.js';
import { findTeamById, listTeamMembers, listTeams } from './team-store.js';
import { createTeam, removeTeam, removeTeamMember, setTeamMember, updateTeamDetails, type TeamInput } from './teams.js';
import type { InUseCheck } from './users.js';

type WireTeam = { name?: string; description?: string | null; default_role?: 'manager' | 'none' };
const fromApiTeam = (t: WireTeam): TeamInput => ({ name: t.name, description: t.description, defaultRole: t.default_role });
const MemberParams = Type.Object({ id: Type.String(), user_id: Type.String() });

/** /teams, their members and (through escalation/) their escalation policies. */
export function registerTeamRoutes(scope: FastifyInstance, ctx: Context, teamInUse: InUseCheck[]): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  rest.get('/teams', { schema: { tags: ['Teams'], querystring: TeamListQuery, response: { 200: TeamList } } }, async (request) => {
    const page = readPage(request.query);
    const { items, count } = await listTeams(ctx.db, { query: request.query.query, ...page });
    return pageEnvelope('teams', items.map((t) => toApiTeam(ctx.urls, t)), page, count);
  });

  rest.post(
    '/teams',
    { schema: { tags: ['Teams'], body: Type.Object({ team: TeamInputSchema }), response: { 201: TeamEnvelope } } },
    async (request, reply) => {
      const team = await ctx.db.transaction().execute((tx) => createTeam(tx, ctx, request.actor, fromApiTeam(request.body.team)));
      return reply.status(201).send({ team: toApiTeam(ctx.urls, team) });
    },
  );

  rest.get('/teams/:id', { schema: { tags: ['Teams'], params: IdParams, response: { 200: TeamEnvelope } } }, async (request) => {
    const team = await findTeamById(ctx.db, request.params.id);
    if (!team) throw new NotFoundError('Team', request.params.id);
    return { team: toApiTeam(ctx.urls, team) };
  });

  rest.put(
    '/teams/:id',
    { schema: { tags: ['Teams'], params: IdParams, body: Type.Object({ team: TeamInputSchema }), response: { 200: TeamEnvelope } } },
    async (request) => {
      const team = await ctx.db
        .transaction()
        .execute((tx) => updateTeamDetails(tx, request.actor, request.params.id, fromApiTeam(request.body.team)));
      return { team: toApiTeam(ctx.urls, team) };
    },
  );

  rest.delete('/teams/:id', { schema: { tags: ['Teams'], params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => removeTeam(tx, request.actor, request.params.id, teamInUse));
    return reply.status(204).send(null);
  });

  rest.get(
    '/teams/:id/members',
    { schema: { tags: ['Teams'], params: IdParams, querystring: Type.Object(PaginationQuery), response: { 200: MemberList } } },
    async (request) => {
      if (!(await findTeamById(ctx.db, request.params.id))) throw new NotFoundError('Team', request.params.id);
      const page = readPage(request.query);
      const { items, count } = await listTeamMembers(ctx.db, request.params.id, page);
      const members = items.map((m) => ({ user: userReference(ctx.urls, { id: m.userId, name: m.userName }), role: m.role }));
      return pageEnvelope('members', members, page, count);
    },
  );

  rest.put(
    '/teams/:id/users/:user_id',
    {
      schema: {
        tags: ['Teams'],
        params: MemberParams,
        body: Type.Optional(Type.Object({ role: Type.Optional(TeamRoleSchema) })),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      // PagerDuty's default team role for a new member is manager when the body names none.
      const role = request.body?.role ?? 'manager';
      await ctx.db.transaction().execute((tx) => setTeamMember(tx, request.actor, request.params.id, request.params.user_id, role));
      return reply.status(204).send(null);
    },
  );

  rest.delete(
    '/teams/:id/users/:user_id',
    { schema: { tags: ['Teams'], params: MemberParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await ctx.db.transaction().execute((tx) => removeTeamMember(tx, request.actor, request.params.id, request.params.user_id));
      return reply.status(204).send(null);
    },
  );
}
