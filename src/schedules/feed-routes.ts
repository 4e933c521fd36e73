// Calendar feed endpoints. The feeds themselves (/calendars/…/<key>.ics) are outside the REST token
// auth: the key in the URL is the credential, as PagerDuty's webcal URLs are. Rotation is a REST write.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { can, findUserById } from '../accounts/index.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Context } from '../context.js';
import { ErrorSchema } from '../http/schemas.js';
import { feedUrlsOf, rotateFeed, scheduleFeed, userFeed } from './feeds.js';
import type { PolicyPort } from './ports.js';
import { IdParams, ScheduleEnvelope } from './schemas.js';
import { showSchedules } from './show.js';
import { loadSchedule } from './write.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const FileParams = Type.Object({ file: Type.String() });
/** 64 hex characters (256 bits) then .ics; anything else is not a key. */
const KEY_FILE = /^([0-9a-f]{64})\.ics$/;
const FeedUrlsReply = Type.Object({ private_url_key: Type.String(), http_cal_url: Type.String(), web_cal_url: Type.String() });
const FeedUrlsOnly = Type.Object({ http_cal_url: Type.String(), web_cal_url: Type.String() });

function send(reply: FastifyReply, body: string | null, what: string) {
  if (body === null) throw new NotFoundError('Calendar', what);
  // A feed URL is a credential: keep it (and the shifts) out of shared caches and referrers.
  return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer').send(body);
}

/** GET /calendars/schedules/<key>.ics and /calendars/users/<key>.ics, outside the REST scope. */
export function registerCalendarFeedRoutes(http: FastifyInstance, ctx: Context): void {
  const feed = (path: string, render: typeof scheduleFeed) =>
    http.get<{ Params: { file: string } }>(path, { schema: { hide: true, params: FileParams } }, async (request, reply) => {
      const m = KEY_FILE.exec(request.params.file);
      return send(reply, m ? await render(ctx.db, ctx.clock, m[1]) : null, 'feed');
    });
  feed('/calendars/schedules/:file', scheduleFeed);
  feed('/calendars/users/:file', userFeed);
}

/** Rotation and reading of feed URLs, inside the REST scope. */
export function registerCalendarUrlRoutes(scope: FastifyInstance, ctx: Context, policies: PolicyPort): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Schedules'];

  // Tocsin's own: a new key for a schedule's feed; the schedule comes back with its new URLs.
  rest.post('/schedules/:id/calendar_url/rotate', { schema: { tags, params: IdParams, response: { 200: ScheduleEnvelope, ...errors } } }, async (request) =>
    ctx.db.transaction().execute(async (tx) => {
      const s = await loadSchedule(tx, request.params.id);
      if (!can(request.actor, 'schedules.write', s.teamIds)) throw new ForbiddenError('Only those who may change this schedule may rotate its calendar feed URL.');
      await rotateFeed(tx, ctx, 'schedule', s.id);
      return { schedule: (await showSchedules(tx, ctx, [s], policies, { window: null }))[0] as never };
    }),
  );

  const mayHold = async (actor: Parameters<typeof can>[0], userId: string) => {
    if (!(await findUserById(ctx.db, userId))) throw new NotFoundError('User', userId);
    // A user's own feed, or an admin's (PagerDuty: "Account admins may regenerate on behalf of any user").
    if (actor.userId !== userId && !can(actor, 'users.write')) throw new ForbiddenError("Only the user or an admin may see or change a user's calendar feed URL.");
  };

  // PagerDuty's: a new key for the user's personal feed.
  rest.post('/users/:id/regenerate_private_url_key', { schema: { tags: ['Users'], params: IdParams, response: { 200: FeedUrlsReply, ...errors } } }, async (request) => {
    await mayHold(request.actor, request.params.id);
    const r = await rotateFeed(ctx.db, ctx, 'user', request.params.id);
    return { private_url_key: r.secret, http_cal_url: r.http_cal_url, web_cal_url: r.web_cal_url };
  });

  // Tocsin's own: the user's feed URLs (PagerDuty prints them on GET /users/{id} for the user).
  rest.get('/users/:id/calendar_urls', { schema: { tags: ['Users'], params: IdParams, response: { 200: FeedUrlsOnly, ...errors } } }, async (request) => {
    await mayHold(request.actor, request.params.id);
    if (request.actor.readOnly) throw new ForbiddenError('Read-only tokens may not read calendar feed URLs (they are credentials).');
    const urls = (await feedUrlsOf(ctx.db, ctx, 'user', [request.params.id])).get(request.params.id)!;
    return urls;
  });
}
