import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { findUsersByIds, renderUsers, userReference } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ErrorSchema } from '../http/schemas.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { reference } from '../http/urls.js';
import { isoIn } from '../time-zone.js';
import { checkOncallWindow, listOncalls } from './oncalls.js';
import type { PolicyPort } from './ports.js';
import { scheduleReference } from './present.js';
import { OncallList, OncallsQuery } from './schemas.js';
import { showSchedules } from './show.js';
import { findSchedulesByIds } from './store.js';
import { queryInstant, readTimeZone } from './window.js';

/** GET /oncalls: every filter PagerDuty documents; times in `time_zone` (default UTC). */
export function registerOncallRoutes(scope: FastifyInstance, ctx: Context, policies: PolicyPort): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  rest.get(
    '/oncalls',
    { schema: { tags: ['On-Calls'], querystring: OncallsQuery, response: { 200: OncallList, 400: ErrorSchema, 401: ErrorSchema } } },
    async (request) => {
      const q = request.query;
      const page = readPage(q);
      const tz = readTimeZone(q.time_zone, 'UTC');
      const now = ctx.clock.now();
      // Both bounds default to now (PagerDuty), not to two weeks from the other as schedules do.
      const since = queryInstant(q.since, 'since') ?? now;
      const until = queryInstant(q.until, 'until') ?? Math.max(now, since);
      checkOncallWindow(since, until, now);
      const { oncalls, policies: found } = await listOncalls(ctx.db, policies, {
        since,
        until,
        userIds: q['user_ids[]'],
        policyIds: q['escalation_policy_ids[]'],
        scheduleIds: q['schedule_ids[]'],
        earliest: q.earliest,
      });
      const pageItems = oncalls.slice(page.offset, page.offset + page.limit);
      const include = q['include[]'] ?? [];
      const userIds = [...new Set(pageItems.map((o) => o.userId))];
      const scheduleIds = [...new Set(pageItems.flatMap((o) => (o.scheduleId ? [o.scheduleId] : [])))];
      const policyIds = [...new Set(pageItems.map((o) => o.policyId))];
      const [users, schedules, fullPolicies] = await Promise.all([
        findUsersByIds(ctx.db, userIds),
        findSchedulesByIds(ctx.db, scheduleIds, { includeDeleted: true }),
        include.includes('escalation_policies') ? policies.render(ctx.db, ctx.urls, policyIds) : Promise.resolve(new Map<string, unknown>()),
      ]);
      const fullUsers = include.includes('users') ? new Map((await renderUsers(ctx.db, ctx.urls, users)).map((u) => [u.id, u])) : null;
      const fullSchedules = include.includes('schedules')
        ? new Map((await showSchedules(ctx.db, ctx, schedules, policies, { window: null, timeZone: tz })).map((s) => [s.id!, s]))
        : null;
      const userName = new Map(users.map((u) => [u.id, u.name]));
      const scheduleName = new Map(schedules.map((s) => [s.id, s.name]));
      const policyName = new Map(found.map((p) => [p.id, p.name]));
      const items = pageItems.map((o) => ({
        escalation_policy:
          fullPolicies.get(o.policyId) ??
          reference(ctx.urls, 'escalation_policy', o.policyId, policyName.get(o.policyId) ?? null, `/escalation_policies/${o.policyId}`),
        user: fullUsers?.get(o.userId) ?? userReference(ctx.urls, { id: o.userId, name: userName.get(o.userId) ?? o.userId }),
        schedule: o.scheduleId ? (fullSchedules?.get(o.scheduleId) ?? scheduleReference(ctx.urls, { id: o.scheduleId, name: scheduleName.get(o.scheduleId) ?? null })) : null,
        escalation_level: o.level,
        start: isoIn(o.start, tz),
        end: isoIn(o.end, tz),
      }));
      return pageEnvelope('oncalls', items, page, oncalls.length);
    },
  );
}
