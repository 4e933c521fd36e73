import type { FastifyReply } from 'fastify';
import type { Context } from '../context.js';
import { SESSION_COOKIE } from '../http/auth.js';

// Reading cookies is @fastify/cookie's (`request.cookies`, registered in http/server.ts).

/** The session cookie: HttpOnly, SameSite=Lax, and Secure when Tocsin is reached over TLS. */
export function setSessionCookie(reply: FastifyReply, ctx: Context, value: string, maxAgeSeconds: number): void {
  const secure = Boolean(ctx.config.tls) || ctx.config.publicUrl.startsWith('https:');
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure) parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}
