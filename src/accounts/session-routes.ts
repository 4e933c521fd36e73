// A user's UI sessions over PagerDuty's /users/{id}/sessions: list them, and sign one browser (or all)
// out. Tocsin's only sessions are browser sessions (type `browser`); API tokens are not sessions. Each
// session's id is public and derived one way from its stored hash (sessions.ts); its summary is the
// User-Agent it signed in with. The user themself may see and end their sessions; owners and admins
// may for other users (admins not for the owner), as for any change to a user's account.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { ErrorSchema } from '../http/schemas.js';
import { userWriteDenial, type Actor } from './model.js';
import { deleteSessionByPublicId, deleteSessionsOfUser, listSessionsOfUser, type UserSession } from './sessions.js';
import { findUserById } from './store.js';
import type { Db } from '../store/db.js';

const SessionSchema = Type.Object({ id: Type.String(), user_id: Type.String(), created_at: Type.String(), type: Type.Literal('browser'), summary: Type.String() });
const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const IdParams = Type.Object({ id: Type.String() });
const OneParams = Type.Object({ id: Type.String(), type: Type.String(), session_id: Type.String() });

/** What a session says of itself when it signed in without a User-Agent. */
export const UNKNOWN_BROWSER = 'A web browser (no User-Agent given)';

async function checkAccess(db: Db, actor: Actor, userId: string, write: boolean): Promise<void> {
  const target = await findUserById(db, userId);
  if (!target) throw new NotFoundError('User', userId);
  if (actor.userId === userId && !(write && actor.readOnly)) return;
  const denial = userWriteDenial(actor, { op: 'update', target });
  if (denial) throw new ForbiddenError(`Only the user, or the account owner and admins, may see or end a user's sessions. ${denial}`);
}

const toApi = (s: UserSession) => ({ id: s.id, user_id: s.userId, created_at: iso(s.createdAt)!, type: 'browser' as const, summary: s.userAgent ?? UNKNOWN_BROWSER });

export function registerSessionRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const find = async (userId: string, type: string, id: string) => {
    const s = type === 'browser' ? (await listSessionsOfUser(ctx.db, ctx.clock, userId)).find((x) => x.id === id) : undefined;
    if (!s) throw new NotFoundError('Session', id);
    return s;
  };

  rest.get('/users/:id/sessions', { schema: { tags: ['Users'], params: IdParams, response: { 200: Type.Object({ user_sessions: Type.Array(SessionSchema) }), ...errors } } }, async (request) => {
    await checkAccess(ctx.db, request.actor, request.params.id, false);
    return { user_sessions: (await listSessionsOfUser(ctx.db, ctx.clock, request.params.id)).map(toApi) };
  });

  rest.delete('/users/:id/sessions', { schema: { tags: ['Users'], params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await checkAccess(ctx.db, request.actor, request.params.id, true);
    await deleteSessionsOfUser(ctx.db, request.params.id);
    return reply.status(204).send(null);
  });

  rest.get(
    '/users/:id/sessions/:type/:session_id',
    { schema: { tags: ['Users'], params: OneParams, response: { 200: Type.Object({ user_session: SessionSchema }), ...errors } } },
    async (request) => {
      const { id, type, session_id } = request.params;
      await checkAccess(ctx.db, request.actor, id, false);
      return { user_session: toApi(await find(id, type, session_id)) };
    },
  );

  rest.delete('/users/:id/sessions/:type/:session_id', { schema: { tags: ['Users'], params: OneParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    const { id, type, session_id } = request.params;
    await checkAccess(ctx.db, request.actor, id, true);
    await find(id, type, session_id);
    if (!(await deleteSessionByPublicId(ctx.db, ctx.clock, id, session_id))) throw new NotFoundError('Session', session_id);
    return reply.status(204).send(null);
  });
}
