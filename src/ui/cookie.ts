import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { SESSION_COOKIE } from '../http/auth.js';

/** Reads one cookie from the request. */
export function readCookie(request: FastifyRequest, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** The session cookie: HttpOnly, SameSite=Lax, and Secure when Tocsin is reached over TLS. */
export function setSessionCookie(reply: FastifyReply, ctx: Context, value: string, maxAgeSeconds: number): void {
  const secure = Boolean(ctx.config.tls) || ctx.config.publicUrl.startsWith('https:');
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (secure) parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}
