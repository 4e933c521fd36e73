import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can, findUsersByIds, renderUsers } from '../accounts/index.js';
import type { Authenticator } from '../http/auth.js';
import { ForbiddenError, InvalidInputError } from '../errors.js';
import type { Context } from '../context.js';
import { ErrorSchema } from '../http/schemas.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import type { Db } from '../store/db.js';
import { finalSpans } from './spans.js';
import type { PolicyPort } from './ports.js';
import { toApiOverride } from './present.js';
import type { Schedule } from './schedule.js';
import {
  IdParams,
  ListQuery,
  OverrideEnvelope,
  OverrideList,
  OverrideParams,
  OverrideResults,
  OverridesBody,
  OverridesQuery,
  PreviewQuery,
  ScheduleBody,
  ScheduleEnvelope,
  ScheduleList,
  ShowQuery,
  UsersList,
  UsersQuery,
  WriteQuery,
} from './schemas.js';
import { showSchedules, userRefs, type ShowOptions } from './show.js';
import { listOverridesOverlapping, listSchedules } from './store.js';
import { readTimeZone, readWindow, TWO_WEEKS_MS } from './window.js';
import { buildSchedule, createOverrides, createSchedule, deleteScheduleById, loadSchedule, removeOverride, updateScheduleById } from './write.js';
import { normalizeTeams } from './normalize.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Schedules'];

/** /schedules and its overrides and users; `policies` comes from escalation through src/routes.ts. */
export function registerScheduleRoutes(scope: FastifyInstance, ctx: Context, _auth: Authenticator, policies: PolicyPort): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const show = async (db: Db, s: Schedule, opts: ShowOptions) => ({ schedule: (await showSchedules(db, ctx, [s], policies, opts))[0] as never });

  rest.get('/schedules', { schema: { tags, querystring: ListQuery, response: { 200: ScheduleList, ...errors } } }, async (request) => {
    const q = request.query;
    const page = readPage(q);
    const window = readWindow(q, null);
    const timeZone = q.time_zone ? readTimeZone(q.time_zone, 'UTC') : undefined;
    const include = q['include[]'] ?? [];
    const { items, count } = await listSchedules(ctx.db, { query: q.query, teamIds: q['team_ids[]'], ...page });
    const parts = { layers: include.includes('schedule_layers'), final: include.includes('final_schedule'), overrides: include.includes('overrides_subschedule') };
    const rendered = await showSchedules(ctx.db, ctx, items, policies, { window, timeZone, parts, nextOncallFor: q.include_next_oncall_for_user });
    return pageEnvelope('schedules', rendered as never[], page, count);
  });

  rest.post(
    '/schedules',
    { schema: { tags, querystring: WriteQuery, body: ScheduleBody, response: { 201: ScheduleEnvelope, ...errors } } },
    async (request, reply) => {
      const out = await ctx.db.transaction().execute(async (tx) => {
        const s = await createSchedule(tx, ctx, request.actor, request.body.schedule);
        return show(tx, s, { window: null, overflow: request.query.overflow });
      });
      return reply.status(201).send(out);
    },
  );

  rest.post(
    '/schedules/preview',
    { schema: { tags, querystring: PreviewQuery, body: ScheduleBody, response: { 200: ScheduleEnvelope, ...errors } } },
    async (request) => {
      const teamIds = await normalizeTeams(ctx.db, request.body.schedule.teams ?? []);
      if (!can(request.actor, 'schedules.write', teamIds)) throw new ForbiddenError('Only those who may change schedules may preview one.');
      const s = await buildSchedule(ctx.db, ctx, request.body.schedule, teamIds);
      const now = ctx.clock.now();
      const window = readWindow(request.query, { since: now, until: now + TWO_WEEKS_MS });
      return show(ctx.db, s, { window, overflow: request.query.overflow, feeds: false });
    },
  );

  rest.get(
    '/schedules/:id',
    { schema: { tags, params: IdParams, querystring: ShowQuery, response: { 200: ScheduleEnvelope, ...errors } } },
    async (request) => {
      const q = request.query;
      const s = await loadSchedule(ctx.db, request.params.id);
      return show(ctx.db, s, { window: readWindow(q, null), timeZone: readTimeZone(q.time_zone, s.timeZone), overflow: q.overflow, nextOncallFor: q.include_next_oncall_for_user });
    },
  );

  rest.put(
    '/schedules/:id',
    { schema: { tags, params: IdParams, querystring: WriteQuery, body: ScheduleBody, response: { 200: ScheduleEnvelope, ...errors } } },
    async (request) =>
      ctx.db.transaction().execute(async (tx) => {
        const s = await updateScheduleById(tx, ctx, request.actor, request.params.id, request.body.schedule);
        return show(tx, s, { window: null, overflow: request.query.overflow });
      }),
  );

  rest.delete('/schedules/:id', { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    await ctx.db.transaction().execute((tx) => deleteScheduleById(tx, ctx, request.actor, request.params.id, policies.namesTargeting));
    return reply.status(204).send(null);
  });

  rest.get(
    '/schedules/:id/overrides',
    { schema: { tags, params: IdParams, querystring: OverridesQuery, response: { 200: OverrideList, ...errors } } },
    async (request) => {
      const q = request.query;
      const s = await loadSchedule(ctx.db, request.params.id);
      const now = ctx.clock.now();
      const w = readWindow(q, { since: now, until: now + TWO_WEEKS_MS })!;
      let list = await listOverridesOverlapping(ctx.db, [s.id], w.since, w.until);
      // Only future overrides are editable (PagerDuty): those that have not started yet.
      if (q.editable) list = list.filter((o) => o.start > now);
      const tz = readTimeZone(q.time_zone, s.timeZone);
      const user = await userRefs(ctx.db, ctx.urls, list.map((o) => o.userId));
      const clip = (o: (typeof list)[number]) => (q.overflow ? o : { ...o, start: Math.max(o.start, w.since), end: Math.min(o.end, w.until) });
      return { overrides: list.map((o) => toApiOverride(clip(o), tz, user)) };
    },
  );

  rest.post(
    '/schedules/:id/overrides',
    { schema: { tags, params: IdParams, body: OverridesBody, response: { 201: Type.Union([OverrideEnvelope, OverrideResults]), ...errors } } },
    async (request, reply) => {
      const body = request.body;
      const single = body.overrides === undefined;
      const input = body.overrides ?? (body.override ? [body.override] : []);
      if (input.length === 0) {
        throw new InvalidInputError('Give an override ({"override": {...}}) or an array of them ({"overrides": [...]}).');
      }
      const out = await ctx.db.transaction().execute(async (tx) => {
        const s = await loadSchedule(tx, request.params.id);
        const results = await createOverrides(tx, ctx, request.actor, s.id, input);
        const user = await userRefs(tx, ctx.urls, input.map((o) => o.user.id));
        return { s, results, user };
      });
      const tz = out.s.timeZone;
      if (single) {
        const r = out.results[0];
        if (r.status === 400) {
          throw new InvalidInputError(r.errors);
        }
        return reply.status(201).send({ override: toApiOverride(r.override, tz, out.user) });
      }
      return reply.status(201).send(
        out.results.map((r) =>
          r.status === 201
            ? { status: 201, override: toApiOverride(r.override, tz, out.user) }
            : { status: 400, errors: r.errors, override: { start: r.input.start, end: r.input.end, user: out.user(r.input.user.id) } },
        ),
      );
    },
  );

  rest.delete(
    '/schedules/:id/overrides/:override_id',
    { schema: { tags, params: OverrideParams, response: { 200: Type.Null(), 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const how = await ctx.db.transaction().execute((tx) => removeOverride(tx, ctx, request.actor, request.params.id, request.params.override_id));
      return reply.status(how === 'truncated' ? 200 : 204).send(null);
    },
  );

  rest.get(
    '/schedules/:id/users',
    { schema: { tags, params: IdParams, querystring: UsersQuery, response: { 200: UsersList, ...errors } } },
    async (request) => {
      const s = await loadSchedule(ctx.db, request.params.id);
      const now = ctx.clock.now();
      const w = readWindow(request.query, { since: now, until: now + TWO_WEEKS_MS })!;
      const spans = (await finalSpans(ctx.db, [s], w.since, w.until)).get(s.id) ?? [];
      const ids = [...new Set(spans.filter((e) => e.start < w.until || w.since === w.until).map((e) => e.userId))];
      const users = (await findUsersByIds(ctx.db, ids)).filter((u) => u.deletedAt === null).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return { users: await renderUsers(ctx.db, ctx.urls, users) };
    },
  );
}
