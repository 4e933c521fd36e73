import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.js';
import type { Authenticator } from '../http/auth.js';
import { NotFoundError, InvalidInputError } from '../errors.js';
import { toApiUser } from './present.js';
import { findUserById } from './store.js';

/** /users and /teams. */
export function registerAccountRoutes(rest: FastifyInstance, ctx: Context, _auth: Authenticator): void {
  rest.get('/users/me', { schema: { tags: ['Users'] } }, async (request) => {
    const id = request.actor.userId;
    if (!id) throw new InvalidInputError('GET /users/me needs a user-level API token, not an account-level one.');
    const user = await findUserById(ctx.db, id);
    if (!user) throw new NotFoundError('User', id);
    return { user: toApiUser(ctx.urls, user) };
  });
}
