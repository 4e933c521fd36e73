import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, MissingFromError, RateLimitedError, UnauthorizedError } from '../errors.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * What the REST scope needs to know of whoever makes a request. http/ knows no module: accounts'
 * Actor satisfies this, and accounts declares `request.actor` as its Actor (accounts/index.ts).
 */
export interface AuthActor {
  /** The acting user, or null (an account token until a `From` header names one). */
  userId: string | null;
  /** Read-only tokens may only read. */
  readOnly: boolean;
  /** Whom the rate limit counts: the token's id, or `user:<id>` for user tokens and UI sessions. */
  principal: string;
}

/** What the REST scope needs from the accounts module. */
export interface Authenticator<A extends AuthActor = AuthActor> {
  /** The actor for a REST API token, or null. */
  byToken(token: string): Promise<A | null>;
  /** The actor for a UI session cookie value, or null. */
  bySession(sessionId: string): Promise<A | null>;
  /** A user id for the email in a `From` header, or null. */
  userIdByEmail(email: string): Promise<string | null>;
}

const TOKEN = /^Token token=(\S+)$/;
const BEARER = /^Bearer (\S+)$/;

export const SESSION_COOKIE = 'tocsin_session';

/**
 * Authenticates every request of the scope (`Authorization: Token token=…`, `Bearer …`, or the UI's
 * session cookie), applies the per-principal rate limit with PagerDuty's ratelimit-* headers, and
 * refuses writes from read-only tokens.
 */
export function useAuth<A extends AuthActor>(app: FastifyInstance, auth: Authenticator<A>, limiter: RateLimiter): void {
  app.decorateRequest('actor' as string, null);
  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const m = TOKEN.exec(header) ?? BEARER.exec(header);
    let actor: A | null = null;
    if (m) {
      actor = await auth.byToken(m[1]);
    } else if (!header) {
      // Parsed by @fastify/cookie (http/server.ts).
      const sid = request.cookies[SESSION_COOKIE];
      if (sid) {
        // Cookie-authenticated writes must come from our own UI: a custom header a cross-site form cannot send.
        if (request.method !== 'GET' && request.method !== 'HEAD' && request.headers['x-requested-with'] !== 'tocsin-ui') {
          throw new ForbiddenError('Requests authenticated by the session cookie must send X-Requested-With: tocsin-ui.');
        }
        actor = await auth.bySession(sid);
      }
    }
    if (!actor) throw new UnauthorizedError();
    const rl = limiter.hit(actor.principal);
    reply.header('ratelimit-limit', String(limiter.limit));
    reply.header('ratelimit-remaining', String(rl.remaining));
    reply.header('ratelimit-reset', String(rl.resetSeconds));
    if (!rl.allowed) throw new RateLimitedError(rl.resetSeconds);
    if (actor.readOnly && request.method !== 'GET' && request.method !== 'HEAD') {
      throw new ForbiddenError('This API token is read-only.');
    }
    (request as unknown as { actor: A }).actor = actor;
  });
}

/**
 * The user who takes an action: the token's user, or for an account token the user named by the
 * `From` header (PagerDuty's code 2011 when it is missing or unknown).
 */
export async function requesterId(request: FastifyRequest, auth: Pick<Authenticator, 'userIdByEmail'>): Promise<string> {
  // A user token (or UI session) acts as its user; `From` only names the user behind an account token.
  const { userId } = (request as unknown as { actor: AuthActor }).actor;
  if (userId) return userId;
  const from = request.headers.from;
  if (typeof from === 'string' && from.trim()) {
    const id = await auth.userIdByEmail(from.trim());
    if (id) return id;
    throw new MissingFromError();
  }
  throw new MissingFromError();
}
