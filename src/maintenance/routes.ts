import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { requesterId, type Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, type TypeBoxRequests } from '../http/schemas.js';
import { integrationsOf } from '../integrations/index.js';
import { renderServices } from '../services/index.js';
import type { Db } from '../store/db.js';
import type { MaintenanceWindow } from './model.js';
import { loadViews, type WindowIncludes } from './present.js';
import { IdParams, WindowBody, WindowEnvelope, WindowGetQuery, WindowList, WindowListQuery } from './schemas.js';
import { listWindows } from './store.js';
import { changeWindow, createWindow, getWindow, removeWindow, type WindowInput } from './windows.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Maintenance Windows'];

function parseTime(field: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new InvalidInputError(`${field} is not a valid ISO-8601 date and time.`);
  return ms;
}

function toInput(body: Static<typeof WindowBody>): WindowInput {
  const w = body.maintenance_window;
  return {
    startTime: parseTime('Start time', w.start_time),
    endTime: parseTime('End time', w.end_time),
    description: w.description,
    serviceIds: w.services?.map((s) => s.id),
  };
}

/** /maintenance_windows and /maintenance_windows/{id}. */
export function registerMaintenanceRoutes(scope: FastifyInstance, ctx: Context, auth: Authenticator): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  // include[]: services rendered by services' own renderer, as GET /services shows them.
  const includes = (db: Db, include: string[]): WindowIncludes => ({
    include,
    renderServices: (list) => renderServices(db, ctx, integrationsOf(ctx), list, { include: [], timeZone: null }),
  });
  const one = async (db: Db, w: MaintenanceWindow, include: string[] = []) => {
    const { views, render } = await loadViews(db, [w], includes(db, include));
    return { maintenance_window: render(ctx.urls, views[0]) };
  };

  rest.get(
    '/maintenance_windows',
    { schema: { tags, querystring: WindowListQuery, response: { 200: WindowList, ...errors } } },
    async (request) => {
      const q = request.query;
      const page = readPage(q);
      const serviceIds = [...(q['service_ids[]'] ?? []), ...(q.service_ids ?? [])];
      const teamIds = [...(q['team_ids[]'] ?? []), ...(q.team_ids ?? [])];
      const windows = await listWindows(ctx.db, {
        filter: q.filter ?? 'all',
        now: ctx.clock.now(),
        serviceIds,
        query: q.query || undefined,
      });
      const { views, render } = await loadViews(ctx.db, windows, includes(ctx.db, [...(q['include[]'] ?? []), ...(q.include ?? [])]));
      const matching = teamIds.length ? views.filter((v) => v.teamIds.some((t) => teamIds.includes(t))) : views;
      const items = matching.slice(page.offset, page.offset + page.limit).map((v) => render(ctx.urls, v));
      return pageEnvelope('maintenance_windows', items, page, matching.length);
    },
  );

  rest.post(
    '/maintenance_windows',
    { schema: { tags, body: WindowBody, response: { 201: WindowEnvelope, ...errors } } },
    async (request, reply) => {
      const input = toInput(request.body);
      const createdBy = await requesterId(request, auth);
      const out = await ctx.db.transaction().execute(async (tx) => one(tx, await createWindow(tx, ctx, request.actor, createdBy, input)));
      return reply.status(201).send(out);
    },
  );

  rest.get(
    '/maintenance_windows/:id',
    { schema: { tags, params: IdParams, querystring: WindowGetQuery, response: { 200: WindowEnvelope, ...errors } } },
    async (request) => {
      const { id } = request.params;
      const q = request.query;
      return one(ctx.db, await getWindow(ctx.db, id), [...(q['include[]'] ?? []), ...(q.include ?? [])]);
    },
  );

  rest.put(
    '/maintenance_windows/:id',
    { schema: { tags, params: IdParams, body: WindowBody, response: { 200: WindowEnvelope, ...errors, 405: ErrorSchema } } },
    async (request) => {
      const { id } = request.params;
      const input = toInput(request.body);
      return ctx.db.transaction().execute(async (tx) => one(tx, await changeWindow(tx, ctx, request.actor, id, input)));
    },
  );

  rest.delete(
    '/maintenance_windows/:id',
    { schema: { tags, params: IdParams, response: { 204: { type: 'null' }, ...errors, 405: ErrorSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      await ctx.db.transaction().execute((tx) => removeWindow(tx, ctx, request.actor, id));
      return reply.status(204).send();
    },
  );
}
