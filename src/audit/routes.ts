// GET /audit/records and /{users|teams|schedules|escalation_policies|services}/{id}/audit/records
// (cursor paging, newest first), and the recorder: every successful write to one of those objects
// (or to something under it, like a team's members) through the REST scope becomes a record.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import { QueryArray } from '../http/schemas.js';
import { ROOT_TYPES, type AuditAction, type AuditRecord, type RootType } from './model.js';
import { loadObject, type ObjectState } from './objects.js';
import { cursorOf, readCursor, toApiAuditRecord } from './present.js';
import { recordChange } from './record.js';
import { listAuditRecords, type AuditFilter } from './store.js';

const DAY = 86_400_000;
const tags = ['Audit'];
const WINDOW = {
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  cursor: Type.Optional(Type.String()),
  since: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
};
const ListQuery = Type.Object({
  ...WINDOW,
  'root_resource_types[]': QueryArray(Type.Union(ROOT_TYPES.map((x) => Type.Literal(x)))),
  actor_type: Type.Optional(Type.Union([Type.Literal('user_reference'), Type.Literal('api_key_reference'), Type.Literal('app_reference')])),
  actor_id: Type.Optional(Type.String()),
  method_type: Type.Optional(Type.Union(['browser', 'oauth', 'api_token', 'identity_provider', 'other'].map((x) => Type.Literal(x)))),
  method_truncated_token: Type.Optional(Type.String()),
  'actions[]': QueryArray(Type.Union([Type.Literal('create'), Type.Literal('update'), Type.Literal('delete')])),
});
const ResourceQuery = Type.Object(WINDOW);

const PATH = new RegExp(`^/(${ROOT_TYPES.join('|')})(/:id(/.+)?)?$`);

/** What a write request changes: its root object and the action, or null when it is not audited. */
function auditTarget(request: FastifyRequest): { type: RootType; id: string | null; action: AuditAction } | null {
  if (!['POST', 'PUT', 'DELETE', 'PATCH'].includes(request.method)) return null;
  const m = PATH.exec(request.routeOptions.url ?? '');
  if (!m) return null;
  const type = m[1] as RootType;
  if (!m[2]) return request.method === 'POST' ? { type, id: null, action: 'create' } : null;
  const id = (request.params as { id: string }).id;
  return { type, id, action: !m[3] && request.method === 'DELETE' ? 'delete' : 'update' };
}

function how(request: FastifyRequest): { actor: AuditRecord['actor']; method: AuditRecord['method'] } {
  const header = request.headers.authorization ?? '';
  const token = /^(?:Token token=|Bearer )(.+)$/.exec(header)?.[1] ?? null;
  const type = !header ? 'browser' : header.startsWith('Bearer ') ? 'oauth' : 'api_token';
  const a = request.actor;
  const actor = a.userId ? { type: 'user_reference', id: a.userId, summary: null } : { type: 'api_key_reference', id: a.principal, summary: null };
  return { actor, method: { type, truncatedToken: token ? token.slice(-4) : null, description: null } };
}

/** Installs the recorder on the REST scope; call before any route is registered. */
export function trackAuditedWrites(rest: FastifyInstance, ctx: Context): void {
  const seen = new WeakMap<FastifyRequest, { target: NonNullable<ReturnType<typeof auditTarget>>; before: ObjectState | null }>();
  rest.addHook('preHandler', async (request) => {
    const target = auditTarget(request);
    if (target) seen.set(request, { target, before: target.id ? await loadObject(ctx.db, target.type, target.id) : null });
  });
  // Written before the answer leaves (onSend), so a client that reads the records next finds this one.
  rest.addHook('onSend', async (request, reply, payload) => {
    const s = seen.get(request);
    if (!s || reply.statusCode >= 300) return payload;
    try {
      const created = s.target.action === 'create' && typeof payload === 'string' ? Object.values(JSON.parse(payload) as Record<string, { id?: string }>)[0]?.id : undefined;
      const id = s.target.id ?? created;
      if (!id) return payload;
      const after = await loadObject(ctx.db, s.target.type, id);
      const { actor, method } = how(request);
      if (actor?.type === 'user_reference') actor.summary = (await loadObject(ctx.db, 'users', actor.id))?.name ?? null;
      await recordChange(ctx.db, ctx, { type: s.target.type, id, action: s.target.action, before: s.before, after, actor, method, requestId: request.id, remoteAddress: request.ip });
    } catch (err) {
      ctx.log.error({ err, url: request.url }, 'audit record not written');
    }
    return payload;
  });
}

function parseTime(text: string | undefined, field: string): number | null {
  if (text === undefined) return null;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${field} must be an ISO 8601 date-time.`);
  return ms;
}

/** Since/until (default the last 24 hours, at most 31 days apart), limit (default 100) and cursor. */
function readWindow(ctx: Context, q: Static<typeof ResourceQuery>): Pick<AuditFilter, 'since' | 'until' | 'after' | 'limit'> {
  const until = parseTime(q.until, 'until') ?? ctx.clock.now() + 1;
  const since = parseTime(q.since, 'since') ?? until - DAY;
  if (since >= until) throw new InvalidInputError('since must be before until.');
  if (until - since > 31 * DAY) throw new InvalidInputError('The range between since and until may be at most 31 days.');
  const after = q.cursor === undefined ? undefined : readCursor(q.cursor);
  if (after === null) throw new InvalidInputError('cursor is not a cursor this server gave.');
  return { since, until, after, limit: Math.min(q.limit ?? 100, 1000) };
}

export function registerAuditRoutes(scope: FastifyInstance, ctx: Context): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const mayRead = (request: FastifyRequest) => {
    if (request.actor.role !== 'owner' && request.actor.role !== 'admin') throw new ForbiddenError('Only the account owner, admins and account API tokens may read audit records.');
  };
  const answer = async (f: AuditFilter) => {
    const { items, more } = await listAuditRecords(ctx.db, f);
    return { records: items.map((r) => toApiAuditRecord(ctx.urls, r)), response_metadata: null, limit: f.limit, next_cursor: more ? cursorOf(items[items.length - 1]) : null };
  };

  rest.get('/audit/records', { schema: { tags, querystring: ListQuery } }, async (request) => {
    mayRead(request);
    const q = request.query;
    return answer({
      ...readWindow(ctx, q),
      rootTypes: q['root_resource_types[]'],
      actorType: q.actor_type,
      actorId: q.actor_id,
      methodType: q.method_type,
      truncatedToken: q.method_truncated_token,
      actions: q['actions[]'],
    });
  });

  for (const type of ROOT_TYPES) {
    rest.get(`/${type}/:id/audit/records`, { schema: { tags, params: Type.Object({ id: Type.String() }), querystring: ResourceQuery } }, async (request) => {
      mayRead(request);
      return answer({ ...readWindow(ctx, request.query), rootTypes: [type], rootId: request.params.id });
    });
  }
}
