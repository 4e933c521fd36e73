// Incidents like another one: GET /incidents/{id}/past_incidents, /related_incidents and
// /outlier_incident. PagerDuty computes these with machine learning (Event Intelligence); Tocsin uses
// one plain, documented similarity (docs/compatibility.md): two incidents are alike when they have the
// same title or the same dedup key (incident_key). Past incidents: alike, on the same service, opened in
// the 6 months before. Related: alike, still open, on other services (what else the same cause
// touches), opened in the day around it. Outlier: how often its kind occurred on its service.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { iso } from '../clock.js';
import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { ErrorSchema, QueryArray, type TypeBoxRequests } from '../http/schemas.js';
import type { RenderIncidents } from './alert-routes.js';
import { findIncidentByIdOrNumber } from './manage.js';
import type { Incident } from './model.js';
import { listSimilarIncidents } from './store.js';

const DAY = 86_400_000;
/** PagerDuty's window for past incidents. */
const PAST_WINDOW_MS = 182 * DAY;
const RELATED_WINDOW_MS = DAY;
const RELATED_LIMIT = 20;

const errors = { 400: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const IdParams = Type.Object({ id: Type.String() });
const Brief = Type.Object({ id: Type.String(), created_at: Type.String(), self: Type.String(), title: Type.String() }, { additionalProperties: true });
const AnyObject = Type.Object({}, { additionalProperties: true });
const Details = { 'additional_details[]': QueryArray(Type.Literal('incident')), additional_details: QueryArray(Type.Literal('incident')) };

/** The category of an incident kind by how often it happened: never before, seldom, or often. */
export function occurrenceCategory(count: number, perDay: number): 'anomalous' | 'rare' | 'frequent' {
  if (count <= 1) return 'anomalous';
  return perDay < 0.1 ? 'rare' : 'frequent';
}

/** Similarity score (0–100): the same dedup key and title 100, one of the two 50. */
function score(of: Incident, other: Incident): number {
  return (of.incidentKey !== null && of.incidentKey === other.incidentKey ? 50 : 0) + (of.title === other.title ? 50 : 0);
}

export function registerSimilarIncidentRoutes(scope: FastifyInstance, ctx: Context, render: RenderIncidents): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  const brief = (i: Incident) => ({ id: i.id, created_at: iso(i.createdAt)!, self: ctx.urls.api(`/incidents/${i.id}`), title: i.title });
  const withDetails = async (list: Incident[], q: { 'additional_details[]'?: string[]; additional_details?: string[] }) => {
    const full = [...(q['additional_details[]'] ?? []), ...(q.additional_details ?? [])].includes('incident');
    return full ? ((await render(ctx.db, list)) as Array<Record<string, unknown>>) : list.map(brief);
  };

  rest.get(
    '/incidents/:id/past_incidents',
    {
      schema: {
        tags: ['Incidents'],
        params: IdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 999 })), total: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ past_incidents: Type.Array(Type.Object({ incident: Brief, score: Type.Number() })), total: Type.Union([Type.Number(), Type.Null()]), limit: Type.Number() }), ...errors },
      },
    },
    async (request) => {
      const i = await findIncidentByIdOrNumber(ctx.db, request.params.id);
      const limit = request.query.limit ?? 5;
      const { items, count } = await listSimilarIncidents(ctx.db, i, { sameService: true, since: i.createdAt - PAST_WINDOW_MS, until: i.createdAt }, limit);
      const past = items.map((p) => ({ incident: brief(p), score: score(i, p) })).sort((a, b) => b.score - a.score);
      return { past_incidents: past, total: request.query.total ? count : null, limit };
    },
  );

  rest.get(
    '/incidents/:id/related_incidents',
    {
      schema: {
        tags: ['Incidents'],
        params: IdParams,
        querystring: Type.Object(Details),
        response: { 200: Type.Object({ related_incidents: Type.Array(Type.Object({ incident: AnyObject, relationships: Type.Array(AnyObject) })) }), ...errors },
      },
    },
    async (request) => {
      const i = await findIncidentByIdOrNumber(ctx.db, request.params.id);
      const window = { since: i.createdAt - RELATED_WINDOW_MS, until: i.createdAt + RELATED_WINDOW_MS };
      const { items } = await listSimilarIncidents(ctx.db, i, { sameService: false, openOnly: true, ...window }, RELATED_LIMIT);
      const shown = await withDetails(items, request.query);
      const relationship = { type: 'machine_learning_inferred', metadata: { grouping_classification: 'similar_contents' } };
      return { related_incidents: shown.map((incident) => ({ incident, relationships: [relationship] })) };
    },
  );

  rest.get(
    '/incidents/:id/outlier_incident',
    { schema: { tags: ['Incidents'], params: IdParams, querystring: Type.Object({ since: Type.Optional(Type.String()), ...Details }), response: { 200: Type.Object({ outlier_incident: Type.Object({ incident: AnyObject }) }), ...errors } } },
    async (request) => {
      const i = await findIncidentByIdOrNumber(ctx.db, request.params.id);
      const since = request.query.since ? Date.parse(request.query.since) : i.createdAt - PAST_WINDOW_MS;
      if (!Number.isFinite(since)) throw new InvalidInputError('since is not a valid date and time');
      const until = Math.max(ctx.clock.now(), since);
      const { count } = await listSimilarIncidents(ctx.db, i, { sameService: true, since, until: until + 1 }, 1);
      // This incident counts once when it lies in the window, as PagerDuty's occurrence does.
      const n = count + (i.createdAt >= since && i.createdAt <= until ? 1 : 0);
      const perDay = Math.round((n / Math.max((until - since) / DAY, 1)) * 1000) / 1000;
      const [shown] = await withDetails([i], request.query);
      const occurrence = { count: n, frequency: perDay, category: occurrenceCategory(n, perDay), since: iso(since), until: iso(until) };
      return { outlier_incident: { incident: { ...shown, occurrence } } };
    },
  );
}
