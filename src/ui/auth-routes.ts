import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  checkPassword,
  claimOwner,
  createSession,
  deleteSession,
  findOwner,
  findUserById,
  needsFirstPassword,
  SESSION_TTL_MS,
} from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, RateLimitedError } from '../errors.js';
import { SESSION_COOKIE } from '../http/auth.js';
import { RateLimiter } from '../http/rate-limit.js';
import { setSessionCookie } from './cookie.js';

const Credentials = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 1, maxLength: 1000 }),
});
const SignedIn = Type.Object({
  user: Type.Object({ id: Type.String(), name: Type.String(), email: Type.String(), role: Type.String() }),
});

/**
 * Sign-in, sign-out and the first-run password, outside the REST scope (they need no token).
 * Every POST must carry `X-Requested-With: tocsin-ui`, so a cross-site form cannot sign a browser in
 * or out (login CSRF). Attempts are limited per client address and per email.
 */
export function registerAuthRoutes(http: FastifyInstance, ctx: Context): void {
  const now = () => ctx.clock.now();
  const perIp = new RateLimiter(20, now);
  const perEmail = new RateLimiter(10, now);
  const setCookie = (reply: FastifyReply, value: string, maxAgeSeconds: number) => setSessionCookie(reply, ctx, value, maxAgeSeconds);
  const requireUiHeader = (request: FastifyRequest) => {
    if (request.headers['x-requested-with'] !== 'tocsin-ui') {
      throw new ForbiddenError('Sign-in requests must send X-Requested-With: tocsin-ui.');
    }
  };
  const limit = (limiter: RateLimiter, key: string) => {
    const r = limiter.hit(key);
    if (!r.allowed) throw new RateLimitedError(r.resetSeconds);
  };
  const signIn = async (reply: FastifyReply, userId: string, userAgent?: string) => {
    const { sessionId } = await createSession(ctx.db, ctx.clock, userId, userAgent ?? null);
    setCookie(reply, sessionId, Math.floor(SESSION_TTL_MS / 1000));
    const user = await findUserById(ctx.db, userId);
    return { user: { id: userId, name: user?.name ?? '', email: user?.email ?? '', role: user?.role ?? 'user' } };
  };

  http.post('/auth/login', { schema: { hide: true, body: Credentials, response: { 200: SignedIn } } }, async (request, reply) => {
    requireUiHeader(request);
    const { email, password } = request.body as { email: string; password: string };
    limit(perIp, `ip:${request.ip}`);
    limit(perEmail, `email:${email.trim().toLowerCase()}`);
    const userId = await checkPassword(ctx.db, email.trim(), password);
    if (!userId) {
      ctx.log.warn({ email: email.trim().toLowerCase(), ip: request.ip }, 'sign-in failed');
      throw new InvalidInputError('The email or password is not correct.');
    }
    return signIn(reply, userId, request.headers['user-agent']);
  });

  http.post('/auth/logout', { schema: { hide: true } }, async (request, reply) => {
    requireUiHeader(request);
    const sid = request.cookies[SESSION_COOKIE];
    if (sid) await deleteSession(ctx.db, sid);
    setCookie(reply, '', 0);
    return reply.status(204).send();
  });

  http.get(
    '/auth/setup',
    { schema: { hide: true, response: { 200: Type.Object({ needs_password: Type.Boolean(), owner_email: Type.Union([Type.String(), Type.Null()]) }) } } },
    async () => {
      const needs = await needsFirstPassword(ctx.db);
      // The owner's email is shown only while the first-run page is open, so they know what to sign in with.
      return { needs_password: needs, owner_email: needs ? ((await findOwner(ctx.db))?.email ?? null) : null };
    },
  );

  // Claiming the owner needs the setup code printed on the server's console, whatever the client's
  // address: behind a reverse proxy on the same host every client is loopback (docs/accounts.md).
  http.post(
    '/auth/setup',
    {
      schema: {
        hide: true,
        body: Type.Object({ password: Type.String({ maxLength: 1000 }), code: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: SignedIn },
      },
    },
    async (request, reply) => {
      requireUiHeader(request);
      limit(perIp, `ip:${request.ip}`);
      const { password, code } = request.body as { password: string; code?: string };
      if (password.length < 8) throw new InvalidInputError('Password must be at least 8 characters long.');
      const claim = await claimOwner(ctx.db, code ?? '', password);
      if (!claim.ok && claim.reason === 'claimed') throw new ForbiddenError('A password is already set. Sign in, or use `tocsin user set-password`.');
      if (!claim.ok) {
        ctx.log.warn({ ip: request.ip }, 'first-run claim without the right setup code');
        throw new ForbiddenError(code?.trim() ? `The setup code is not correct. ${SETUP_CODE_HELP}` : SETUP_CODE_HELP);
      }
      ctx.log.info({ ownerId: claim.ownerId }, 'owner password set on the first-run page');
      return signIn(reply, claim.ownerId, request.headers['user-agent']);
    },
  );
}

const SETUP_CODE_HELP =
  "Enter the setup code the server printed when it started (or read it from setup-code.txt in the server's data directory).";
