// /incidents: list, show, create, bulk update, update, snooze, merge. Log entries and notes are in
// log-routes.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import type { Context } from '../context.js';
import { TooLargeError } from '../errors.js';
import { requesterId, type Authenticator } from '../http/auth.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, type TypeBoxRequests } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import { findEscalationPoliciesByIds, renderPolicies } from '../escalation/index.js';
import { integrationsOf } from '../integrations/index.js';
import { listPriorities } from '../priorities/index.js';
import { listServiceRefsByPolicyIds, renderServices } from '../services/index.js';
import { registerAlertRoutes, type IncidentAlerts } from './alert-routes.js';
import { registerSimilarIncidentRoutes } from './similar-routes.js';
import { registerLogRoutes } from './log-routes.js';
import { createManualIncident, editIncident, findIncidentByIdOrNumber, mergeIncidents, snoozeIncident, type MergePorts, type Requester } from './manage.js';
import type { Incident } from './model.js';
import { Lookups, toApiIncident } from './present.js';
import {
  IdParams,
  IncidentBulkBody,
  IncidentBulkList,
  IncidentCreateBody,
  IncidentEnvelope,
  IncidentList,
  IncidentListQuery,
  IncidentShowQuery,
  IncidentUpdateBody,
  type IncidentUpdateFields,
  MergeBody,
  SnoozeBody,
} from './schemas.js';
import { listIncidents } from './store.js';
import { findLogEntryById } from './log-store.js';
import { readSort, readWindow } from './query.js';
import { readTimeZone } from './time.js';

/** What incidents' routes take from other modules (alerts), injected in src/routes.ts. */
export interface IncidentRouteDeps {
  /** alerts/index.ts: alert counts, the incident's alerts routes, and moving alerts on merge. */
  alerts: IncidentAlerts;
  /** responders/index.ts: each incident's incidents_responders and responder_requests (absent: none). */
  responders?: (db: Db, urls: Context['urls'], incidents: Incident[]) => Promise<Map<string, { incidents_responders: unknown[]; responder_requests: unknown[] }>>;
  /** custom-fields/index.ts: the name of the incident type a new incident names (id or name), checked; absent: the base type. */
  incidentType: (db: Db, ref: { id?: string; name?: string } | undefined) => Promise<string | undefined>;
  /** custom-fields/index.ts: the incident's custom field values in wire form (include[]=custom_fields). */
  customFieldValues: (db: Db, incidentId: string) => Promise<unknown[]>;
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 413: ErrorSchema };
const tags = ['Incidents'];
const both = <T>(a: T[] | undefined, b: T[] | undefined): T[] => [...(a ?? []), ...(b ?? [])];

/** Whether the request came from the web UI (a session cookie), not a REST token. */
export function isUiRequest(request: FastifyRequest): boolean {
  return request.actor.viaSession === true;
}

/** Renders incidents with their references, alert counts and (when asked) first trigger entries. */
export async function renderIncidents(db: Db, ctx: Context, deps: IncidentRouteDeps, list: Incident[], include: string[] = [], timeZone: string | null = null) {
  const lk = new Lookups(db, ctx.urls, timeZone);
  await lk.loadForIncidents(list);
  const counts = await deps.alerts.countAlertsByIncident(db, list.map((i) => i.id));
  const firstTriggers = new Map<string, Awaited<ReturnType<typeof findLogEntryById>>>();
  if (include.includes('first_trigger_log_entries')) {
    for (const i of list) if (i.firstTriggerLogEntryId) firstTriggers.set(i.id, await findLogEntryById(db, i.firstTriggerLogEntryId));
  }
  const full = await fullObjects(db, ctx, lk, include, timeZone);
  const responders = deps.responders ? await deps.responders(db, ctx.urls, list) : new Map();
  return list.map((i) =>
    toApiIncident(lk, i, {
      responders: responders.get(i.id),
      include,
      alertCounts: counts.get(i.id),
      firstTrigger: firstTriggers.get(i.id) ?? null,
      service: full.services.get(i.serviceId),
      escalationPolicy: i.escalationPolicyId ? full.policies.get(i.escalationPolicyId) : undefined,
    }),
  );
}

/** include[]=services / escalation_policies: the full objects, rendered by their owners. */
async function fullObjects(db: Db, ctx: Context, lk: Lookups, include: string[], timeZone: string | null) {
  const services = new Map<string, unknown>();
  const policies = new Map<string, unknown>();
  if (include.includes('services')) {
    const list = [...lk.services.values()].filter((x): x is NonNullable<typeof x> => x !== null);
    const rendered = await renderServices(db, ctx, integrationsOf(ctx), list, { include: [], timeZone });
    list.forEach((svc, n) => services.set(svc.id, rendered[n]));
  }
  if (include.includes('escalation_policies')) {
    const list = await findEscalationPoliciesByIds(db, [...lk.policies.keys()], { includeDeleted: true });
    const rendered = await renderPolicies(db, ctx.urls, list, [], listServiceRefsByPolicyIds);
    list.forEach((p, n) => policies.set(p.id, rendered[n]));
  }
  return { services, policies };
}

type Edit = Static<typeof IncidentUpdateFields>;

function toEdit(b: Edit) {
  return {
    status: b.status,
    title: b.title,
    urgency: b.urgency,
    escalationLevel: b.escalation_level,
    assigneeIds: b.assignments?.map((x) => x.assignee.id),
    escalationPolicyId: b.escalation_policy?.id,
    resolution: b.resolution,
    priority: b.priority,
    conferenceBridge: b.conference_bridge
      ? { conference_number: b.conference_bridge.conference_number ?? null, conference_url: b.conference_bridge.conference_url ?? null }
      : undefined,
  };
}

export function registerIncidentRoutes(scope: FastifyInstance, ctx: Context, auth: Authenticator, deps: IncidentRouteDeps): void {
  const rest = scope.withTypeProvider<TypeBoxRequests>();
  const requester = async (request: FastifyRequest, create = false): Promise<Requester> => ({
    actor: request.actor,
    userId: await requesterId(request, auth),
    channel: { type: isUiRequest(request) ? (create ? 'web_trigger' : 'website') : 'api' },
  });
  const render = (db: Db, list: Incident[], include: string[] = [], timeZone: string | null = null) => renderIncidents(db, ctx, deps, list, include, timeZone);
  const alerts = deps.alerts;
  const mergePorts: MergePorts = {
    moveAlerts: async (db, from, to) => {
      await alerts.moveAlertsToIncident(db, { incidentId: from }, to, ctx.clock.now());
    },
    alertCount: async (db, id) => (await alerts.countAlertsByIncident(db, [id])).get(id)?.all ?? 0,
  };

  rest.get('/incidents', { schema: { tags, querystring: IncidentListQuery, response: { 200: IncidentList, ...errors } } }, async (request) => {
    const q = request.query;
    const page = readPage(q);
    const timeZone = readTimeZone(q.time_zone);
    const window = readWindow(q, ctx.clock.now());
    const { items, count } = await listIncidents(
      ctx.db,
      {
        statuses: both(q['statuses[]'], q.statuses),
        serviceIds: both(q['service_ids[]'], q.service_ids),
        teamIds: both(q['team_ids[]'], q.team_ids),
        userIds: both(q['user_ids[]'], q.user_ids),
        urgencies: both(q['urgencies[]'], q.urgencies),
        priorityIds: both(q['priority_ids[]'], q.priority_ids),
        incidentKey: q.incident_key,
        since: window.since,
        until: window.until,
        sort: readSort(q.sort_by),
        priorityRanks: (await listPriorities(ctx.db)).map((p) => p.id),
      },
      page,
    );
    return pageEnvelope('incidents', await render(ctx.db, items, both(q['include[]'], q.include), timeZone), page, count);
  });

  rest.get('/incidents/:id', { schema: { tags, params: IdParams, querystring: IncidentShowQuery, response: { 200: IncidentEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params;
    const q = request.query;
    const i = await findIncidentByIdOrNumber(ctx.db, id);
    const include: string[] = both(q['include[]'], q.include);
    const incident = (await render(ctx.db, [i], include))[0];
    return { incident: include.includes('custom_fields') ? { ...incident, custom_fields: await deps.customFieldValues(ctx.db, i.id) } : incident };
  });

  rest.post('/incidents', { schema: { tags, body: IncidentCreateBody, response: { 201: IncidentEnvelope, ...errors } } }, async (request, reply) => {
    const b = request.body.incident;
    const r = await requester(request, true);
    const incident = await ctx.db.transaction().execute(async (tx) => {
      const i = await createManualIncident(tx, ctx, r, {
        title: b.title,
        serviceId: b.service.id,
        urgency: b.urgency,
        body: b.body ? { type: 'incident_body', details: b.body.details ?? null } : null,
        incidentKey: b.incident_key ?? null,
        assigneeIds: b.assignments?.map((x) => x.assignee.id),
        escalationPolicyId: b.escalation_policy?.id,
        incidentType: await deps.incidentType(tx, b.incident_type),
        priority: b.priority,
        conferenceBridge: b.conference_bridge
          ? { conference_number: b.conference_bridge.conference_number ?? null, conference_url: b.conference_bridge.conference_url ?? null }
          : undefined,
      });
      return (await render(tx, [i]))[0];
    });
    return reply.status(201).send({ incident });
  });

  rest.put('/incidents', { bodyLimit: 10 * 1024 * 1024, schema: { tags, body: IncidentBulkBody, response: { 200: IncidentBulkList, ...errors } } }, async (request) => {
    const list = request.body.incidents;
    if (list.length > 250) throw new TooLargeError('At most 250 incidents can be updated in one request.');
    const r = await requester(request);
    // All or nothing: one transaction; any error rolls every change back.
    const incidents = await ctx.db.transaction().execute(async (tx) => {
      const out: Incident[] = [];
      for (const item of list) out.push(await editIncident(tx, ctx, r, item.id, toEdit(item)));
      return render(tx, out);
    });
    return { incidents };
  });

  rest.put('/incidents/:id', { schema: { tags, params: IdParams, body: IncidentUpdateBody, response: { 200: IncidentEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params;
    const b = request.body.incident;
    const r = await requester(request);
    const incident = await ctx.db.transaction().execute(async (tx) => (await render(tx, [await editIncident(tx, ctx, r, id, toEdit(b))]))[0]);
    return { incident };
  });

  rest.post('/incidents/:id/snooze', { schema: { tags, params: IdParams, body: SnoozeBody, response: { 201: IncidentEnvelope, ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    const { duration } = request.body;
    const r = await requester(request);
    const incident = await ctx.db.transaction().execute(async (tx) => (await render(tx, [await snoozeIncident(tx, ctx, r, id, duration)]))[0]);
    return reply.status(201).send({ incident });
  });

  rest.put('/incidents/:id/merge', { schema: { tags, params: IdParams, body: MergeBody, response: { 200: IncidentEnvelope, ...errors } } }, async (request) => {
    const { id } = request.params;
    const { source_incidents } = request.body;
    const r = await requester(request);
    const incident = await ctx.db.transaction().execute(async (tx) => {
      const i = await mergeIncidents(tx, ctx, r, id, source_incidents.map((s) => s.id), mergePorts);
      return (await render(tx, [i]))[0];
    });
    return { incident };
  });

  registerLogRoutes(rest, ctx, requester, (db, list) => render(db, list));
  registerSimilarIncidentRoutes(rest, ctx, (db, list) => render(db, list));
  if (alerts) registerAlertRoutes(rest, ctx, alerts, requester, (db, list) => render(db, list));
}
