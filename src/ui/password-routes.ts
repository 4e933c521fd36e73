import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { can, checkPasswordOf, createSession, findUserById, replacePassword, SESSION_TTL_MS } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError } from '../errors.js';
import { RateLimiter } from '../http/rate-limit.js';
import { setSessionCookie } from './cookie.js';

const Body = Type.Object({
  password: Type.String({ maxLength: 1000 }),
  current_password: Type.Optional(Type.String({ maxLength: 1000 })),
});

/**
 * Tocsin's addition to the REST scope (authenticated like every REST call; cookie writes need the UI
 * header): `PUT /users/{id}/password`. A user changes their own password by giving the current one;
 * owners and admins set other users' passwords (only the owner sets the owner's). Every session of the
 * user ends; changing one's own password starts a new session for this browser.
 */
export function registerPasswordRoutes(rest: FastifyInstance, ctx: Context): void {
  const wrongCurrent = new RateLimiter(10, () => ctx.clock.now());
  rest.put(
    '/users/:id/password',
    { schema: { tags: ['Users'], params: Type.Object({ id: Type.String() }), body: Body, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const body = request.body as { password: string; current_password?: string };
      const actor = request.actor;
      const target = await findUserById(ctx.db, id);
      if (!target) throw new NotFoundError('User', id);
      const self = actor.userId === target.id;
      if (self) {
        const key = `pw:${target.id}`;
        if (!(await checkPasswordOf(ctx.db, target.id, body.current_password ?? ''))) {
          const r = wrongCurrent.hit(key);
          if (!r.allowed) throw new RateLimitedError(r.resetSeconds);
          throw new InvalidInputError('current_password is not correct.');
        }
      } else {
        if (!can(actor, 'users.write')) throw new ForbiddenError('Only owners and admins set other users’ passwords.');
        if (target.role === 'owner' && actor.role !== 'owner') throw new ForbiddenError('Only the account owner sets the owner’s password.');
      }
      await replacePassword(ctx.db, target.id, body.password);
      ctx.log.info({ userId: target.id, by: actor.userId ?? actor.principal }, 'password changed');
      if (self && !request.headers.authorization && request.headers.cookie) {
        const { sessionId } = await createSession(ctx.db, ctx.clock, target.id, request.headers['user-agent'] ?? null);
        setSessionCookie(reply, ctx, sessionId, Math.floor(SESSION_TTL_MS / 1000));
      }
      return reply.status(204).send();
    },
  );
}
