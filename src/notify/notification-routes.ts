// GET /notifications (PagerDuty's: what was sent to people) and
// POST /users/{id}/contact_methods/{contact_method_id}/send_test_notification (Tocsin's addition).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { findUsersByIds, toApiUser, userReference } from '../accounts/index.js';
import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, IncludeQuery, PageFields, PaginationQuery, type TypeBoxRequests } from '../http/schemas.js';
import { isTimeZone, isoIn } from '../time-zone.js';
import { assertMayEdit } from './contacts.js';
import { listNotificationRecords, NOTIFICATION_TYPES, type NotificationType } from './notification-log-store.js';
import { enqueueTestNotification } from './test-notification.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };

const NotificationQuery = Type.Object({
  ...PaginationQuery,
  since: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
  time_zone: Type.Optional(Type.String()),
  filter: Type.Optional(Type.Union(NOTIFICATION_TYPES.map((t) => Type.Literal(t)))),
  'include[]': IncludeQuery(['users']),
  include: IncludeQuery(['users']),
});

// With include[]=users the reference is replaced by the user object, so the schema keeps what it is given.
const UserField = Type.Object(
  { id: Type.String(), type: Type.String(), summary: Type.String(), self: Type.String(), html_url: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: true },
);

const NotificationSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  started_at: Type.String(),
  address: Type.Optional(Type.String()),
  user: UserField,
  status: Type.String(),
});

function readTime(text: string | undefined, name: 'since' | 'until'): number {
  if (text === undefined || text === '') throw new InvalidInputError(`The '${name}' parameter is required.`);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InvalidInputError(`Invalid time values in 'since' and/or 'until' parameters: ${name} is not an ISO-8601 time.`);
  return ms;
}

/** The window: both ends required, since before until, at most 3 calendar months apart. */
export function readNotificationWindow(q: { since?: string; until?: string }): { since: number; until: number } {
  const since = readTime(q.since, 'since');
  const until = readTime(q.until, 'until');
  if (since >= until) throw new InvalidInputError("Invalid Query Date Range: 'since' must be before 'until'.");
  const limit = new Date(since);
  limit.setUTCMonth(limit.getUTCMonth() + 3);
  if (until > limit.getTime()) throw new InvalidInputError('Invalid Query Date Range: the range must be less than 3 months.');
  return { since, until };
}

export function registerNotificationRoutes(scope: FastifyInstance, ctx: Context, kick: () => void): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  rest.get(
    '/notifications',
    {
      schema: {
        tags: ['Notifications'],
        querystring: NotificationQuery,
        response: { 200: Type.Object({ notifications: Type.Array(NotificationSchema), ...PageFields }), ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const page = readPage(q);
      const window = readNotificationWindow(q);
      const tz = q.time_zone ? q.time_zone : null;
      if (tz !== null && !isTimeZone(tz)) throw new InvalidInputError(`time_zone ${tz} is not a valid time zone.`);
      const full = [...(q['include[]'] ?? []), ...(q.include ?? [])].map(String).includes('users');
      const { items, count } = await listNotificationRecords(ctx.db, { ...window, type: q.filter as NotificationType | undefined }, page);
      const users = new Map((await findUsersByIds(ctx.db, [...new Set(items.map((n) => n.userId))])).map((u) => [u.id, u]));
      const notifications = items.map((n) => {
        const u = users.get(n.userId);
        const user = u ? (full ? toApiUser(ctx.urls, u) : userReference(ctx.urls, u)) : userReference(ctx.urls, { id: n.userId, name: 'Deleted user' });
        return { id: n.id, type: n.type, started_at: isoIn(n.startedAt, tz)!, ...(n.address === null ? {} : { address: n.address }), user, status: n.status };
      });
      return pageEnvelope('notifications', notifications, page, count);
    },
  );

  rest.post(
    '/users/:id/contact_methods/:contact_method_id/send_test_notification',
    {
      schema: {
        tags: ['Users'],
        params: Type.Object({ id: Type.String(), contact_method_id: Type.String() }),
        response: { 202: Type.Object({ status: Type.String(), contact_method: Type.Object({ id: Type.String(), type: Type.String(), address: Type.String() }) }), ...errors },
      },
    },
    async (request, reply) => {
      const { id, contact_method_id } = request.params as { id: string; contact_method_id: string };
      await assertMayEdit(ctx.db, request.actor, id);
      const cm = await ctx.db.transaction().execute((tx) => enqueueTestNotification(tx, ctx, id, contact_method_id));
      kick();
      return reply.status(202).send({ status: 'queued', contact_method: { id: cm.id, type: cm.type, address: cm.address } });
    },
  );
}
