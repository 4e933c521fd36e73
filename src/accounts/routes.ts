import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import type { Authenticator } from '../http/auth.js';
import { requesterId } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { NotFoundError, InvalidInputError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Actor, User } from './model.js';
import { renderUsers, userIncludes, type UserContacts } from './render.js';
import { IdParams, UserEnvelope, UserInputSchema, UserList, UserListQuery, UserShowQuery } from './schemas.js';
import { findUserById, listUsers } from './store.js';
import { registerTeamRoutes } from './team-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerLicenseRoutes } from './license-routes.js';
import { createUser, deleteUserAccount, updateUserAccount, type InUseCheck, type UserInput, type UserRemoval } from './users.js';

export interface AccountRouteOptions {
  /** Reasons a user cannot be deleted (open incidents assigned to them); wired in src/routes.ts. */
  userInUse: InUseCheck[];
  /** What a deleted user is taken out of (escalation rules, schedules); wired in src/routes.ts. */
  userRemovals: UserRemoval[];
  /** Reasons a team cannot be deleted (e.g. escalation policies or services belong to it). */
  teamInUse: InUseCheck[];
  /** Contact methods and notification rules of users (notify's index). */
  userContacts: UserContacts;
  /** The user's calendar feed URLs if the actor may see them (schedules' index), for GET /users/{id} and /users/me. */
  userFeedUrls?: (db: Db, actor: Actor, userId: string) => Promise<{ http_cal_url: string; web_cal_url: string } | null>;
}

type WireUser = {
  name?: string;
  email?: string;
  role?: User['role'];
  time_zone?: string | null;
  color?: string | null;
  description?: string | null;
  job_title?: string | null;
};

function fromApiUser(u: WireUser): UserInput {
  return {
    name: u.name,
    email: u.email,
    role: u.role,
    timeZone: u.time_zone,
    color: u.color,
    description: u.description,
    jobTitle: u.job_title,
  };
}

/** /users and /teams. */
export function registerAccountRoutes(scope: FastifyInstance, ctx: Context, auth: Authenticator, opts: AccountRouteOptions): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const present = (db: Db, users: User[], include?: readonly string[]) => renderUsers(db, ctx.urls, users, userIncludes(include), opts.userContacts);
  const show = async (db: Db, id: string, include?: readonly string[], actor?: Actor) => {
    const user = await findUserById(db, id);
    if (!user) throw new NotFoundError('User', id);
    const feed = actor && opts.userFeedUrls ? await opts.userFeedUrls(db, actor, id) : null;
    return { user: { ...(await present(db, [user], include))[0], ...(feed ?? {}) } };
  };

  rest.get(
    '/users/me',
    { schema: { tags: ['Users'], querystring: UserShowQuery, response: { 200: UserEnvelope } } },
    async (request) => {
      const id = request.actor.userId;
      if (!id) throw new InvalidInputError('GET /users/me needs a user-level API token, not an account-level one.');
      return show(ctx.db, id, request.query['include[]'], request.actor);
    },
  );

  rest.get(
    '/users',
    { schema: { tags: ['Users'], querystring: UserListQuery, response: { 200: UserList } } },
    async (request) => {
      const q = request.query;
      const page = readPage(q);
      const { items, count } = await listUsers(ctx.db, { query: q.query, teamIds: q['team_ids[]'], ...page });
      return pageEnvelope('users', await present(ctx.db, items, q['include[]']), page, count);
    },
  );

  rest.post(
    '/users',
    {
      schema: {
        tags: ['Users'],
        body: Type.Object({ user: UserInputSchema }),
        response: { 201: UserEnvelope },
      },
    },
    async (request, reply) => {
      // PagerDuty requires From on POST /users; with a user token the token's user is the requester.
      await requesterId(request, auth);
      const out = await ctx.db.transaction().execute(async (tx) => {
        const user = await createUser(tx, ctx, request.actor, fromApiUser(request.body.user));
        return show(tx, user.id);
      });
      return reply.status(201).send(out);
    },
  );

  rest.get(
    '/users/:id',
    { schema: { tags: ['Users'], params: IdParams, querystring: UserShowQuery, response: { 200: UserEnvelope } } },
    async (request) => show(ctx.db, request.params.id, request.query['include[]'], request.actor),
  );

  rest.put(
    '/users/:id',
    {
      schema: { tags: ['Users'], params: IdParams, body: Type.Object({ user: UserInputSchema }), response: { 200: UserEnvelope } },
    },
    async (request) =>
      ctx.db.transaction().execute(async (tx) => {
        await updateUserAccount(tx, request.actor, request.params.id, fromApiUser(request.body.user));
        return show(tx, request.params.id);
      }),
  );

  rest.delete('/users/:id', { schema: { tags: ['Users'], params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => deleteUserAccount(tx, ctx, request.actor, request.params.id, { checks: opts.userInUse, removals: opts.userRemovals }));
    return reply.status(204).send(null);
  });

  registerTeamRoutes(rest, ctx, opts.teamInUse);
  registerSessionRoutes(rest, ctx);
  registerLicenseRoutes(rest, ctx);
}
