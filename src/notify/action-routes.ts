import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import type { Notifier } from './notifier.js';

/**
 * The acknowledge/resolve links of notification emails, outside the REST auth scope: the signed token
 * is the credential. GET only shows a confirmation form (mail scanners follow links); POST acts.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${esc(title)}</h1>${body}</body></html>`);
}

const Params = Type.Object({ token: Type.String({ maxLength: 2000 }) });

export function registerNotifyPublicRoutes(http: FastifyInstance, ctx: Context, n: Notifier): void {
  async function check(token: string) {
    const claims = await n.links.verify(token, ctx.clock.now());
    if (!claims) return { error: 'This link is invalid or has expired.' } as const;
    const inc = await n.ports.findIncident(ctx.db, claims.incidentId);
    if (!inc) return { error: 'This incident no longer exists.' } as const;
    if (inc.status === 'resolved') return { error: `Incident #${inc.number} is already resolved; this link no longer works.` } as const;
    return { claims, inc } as const;
  }

  http.get<{ Params: { token: string } }>('/notify/actions/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const r = await check(request.params.token);
    if ('error' in r) return page(reply, 410, 'Link not usable', `<p>${esc(r.error!)}</p>`);
    const verb = r.claims.action === 'acknowledge' ? 'Acknowledge' : 'Resolve';
    return page(
      reply,
      200,
      `${verb} incident #${r.inc.number}`,
      `<p>${esc(r.inc.title)}</p><p>Status: ${esc(r.inc.status)}, urgency: ${esc(r.inc.urgency)}</p>` +
        `<form method="post"><button type="submit" style="font-size:1.2em">${verb}</button></form>`,
    );
  });

  http.post<{ Params: { token: string } }>('/notify/actions/:token', { schema: { hide: true, params: Params } }, async (request, reply) => {
    const r = await check(request.params.token);
    if ('error' in r) return page(reply, 410, 'Link not usable', `<p>${esc(r.error!)}</p>`);
    const { claims, inc } = r;
    const act = claims.action === 'acknowledge' ? n.ports.acknowledge : n.ports.resolve;
    await ctx.db.transaction().execute((tx) => act(tx, inc.id, claims.userId));
    const done = claims.action === 'acknowledge' ? 'Acknowledged' : 'Resolved';
    return page(reply, 200, `${done} incident #${inc.number}`, `<p>${esc(inc.title)}</p><p><a href="${esc(ctx.urls.html(`/incidents/${inc.id}`))}">Open the incident</a></p>`);
  });
}
