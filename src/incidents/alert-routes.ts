// /incidents/{id}/alerts and /incidents/{id}/alerts/{alert_id}. Alerts belong to alerts/, which
// depends on incidents; so its functions are injected (src/routes.ts) and only its types are imported.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type * as AlertsModule from '../alerts/index.js';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError, TooLargeError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, IncludeQuery, PageFields, PaginationQuery, QueryArray, RefInput } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import type { Incident } from './model.js';
import { checkWriteEach, findIncidentByIdOrNumber, type Requester } from './manage.js';
import { findLogEntryById } from './log-store.js';
import type { LogEntry } from './model.js';
import { Lookups, toApiLogEntry } from './present.js';
import { integrationsOf } from '../integrations/index.js';
import { renderServices } from '../services/index.js';
import { findIncidentsByIds } from './store.js';

/** The alerts functions incidents' routes use, injected from alerts/index.ts. */
export type IncidentAlerts = Pick<
  typeof AlertsModule,
  'countAlertsByIncident' | 'listAlertsOfIncident' | 'findAlert' | 'resolveAlert' | 'moveAlertsToIncident' | 'presentAlert' | 'AlertSchema'
>;

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['Incidents'];
const AlertStatusT = Type.Union([Type.Literal('triggered'), Type.Literal('resolved')]);
const ListQuery = Type.Object({
  ...PaginationQuery,
  alert_key: Type.Optional(Type.String()),
  'statuses[]': QueryArray(AlertStatusT),
  statuses: QueryArray(AlertStatusT),
  sort_by: Type.Optional(Type.Union(['created_at', 'resolved_at', 'created_at:asc', 'created_at:desc', 'resolved_at:asc', 'resolved_at:desc'].map((v) => Type.Literal(v)))),
  'include[]': IncludeQuery(['services', 'first_trigger_log_entries', 'incidents']),
  include: IncludeQuery(['services', 'first_trigger_log_entries', 'incidents']),
});
const Params = Type.Object({ id: Type.String() });
const AlertParams = Type.Object({ id: Type.String(), alert_id: Type.String() });
const updateFields = { type: Type.Optional(Type.String()), status: Type.Optional(AlertStatusT), incident: Type.Optional(RefInput) };
const AlertUpdate = Type.Object(updateFields);
const UpdateBody = Type.Object({ alert: AlertUpdate });
const BulkBody = Type.Object({ alerts: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }), ...updateFields })) });
/** PagerDuty's limit on one bulk update (the 413 of PUT /incidents too). */
const BULK_MAX = 250;

type Alert = AlertsModule.Alert;
type Update = Static<typeof AlertUpdate>;

/** The incident an update moves its alert to (open, and not the alert's own), or null. */
async function targetOf(db: Db, from: Incident, u: Update): Promise<Incident | null> {
  if (!u.incident || u.incident.id === from.id) return null;
  const target = await findIncidentByIdOrNumber(db, u.incident.id).catch(() => {
    throw new InvalidInputError(`Incident ${u.incident!.id} not found.`);
  });
  if (target.id === from.id) return null;
  if (target.status === 'resolved') throw new InvalidInputError('An alert cannot move to a resolved incident.');
  return target;
}

/**
 * Applies checked updates to alerts of `from`, on the caller's transaction: a move first, then a
 * resolve. The caller has checked every service involved (checkWriteEach).
 */
async function applyUpdates(db: Db, ctx: Context, alerts: IncidentAlerts, r: Requester, from: Incident, items: { alert: Alert; update: Update; target: Incident | null }[]): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const { alert, update, target } of items) {
    let a = alert;
    if (update.status === 'triggered' && a.status === 'resolved') throw new InvalidInputError('A resolved alert cannot be triggered again.');
    if (target) {
      await alerts.moveAlertsToIncident(db, { alertIds: [a.id] }, { incidentId: target.id, serviceId: target.serviceId }, ctx.clock.now());
      a = (await alerts.findAlert(db, target.id, a.id))!;
    }
    if (update.status === 'resolved' && a.status !== 'resolved') a = await alerts.resolveAlert(db, ctx, a, { type: 'user', id: r.userId }, r.channel);
    out.push(a);
  }
  // A move away from `from` leaves it; reread so every alert shows where it ended (and its status).
  return Promise.all(out.map(async (a) => (await alerts.findAlert(db, a.incidentId, a.id)) ?? a));
}

/** Loads and checks a list of updates to `from`'s alerts: each alert must be one of its own; every service involved is checked. */
async function prepare(db: Db, alerts: IncidentAlerts, r: Requester, from: Incident, updates: (Update & { id: string })[]) {
  const items = [];
  const seen = new Set<string>();
  for (const u of updates) {
    if (seen.has(u.id)) throw new InvalidInputError(`Alert ${u.id} is listed more than once.`);
    seen.add(u.id);
    const alert = await alerts.findAlert(db, from.id, u.id);
    if (!alert) throw new NotFoundError('Alert', u.id);
    items.push({ alert, update: u, target: await targetOf(db, from, u) });
  }
  await checkWriteEach(db, r.actor, [from.serviceId, ...items.flatMap((x) => (x.target ? [x.target.serviceId] : []))]);
  return items;
}

/** Renders full incidents for include[]=incidents (injected: routes.ts owns the incident renderer). */
export type RenderIncidents = (db: Db, list: Incident[]) => Promise<unknown[]>;

/** The alerts on the wire; include[] (services, first_trigger_log_entries, incidents) puts the full objects in the same fields. */
async function render(db: Db, ctx: Context, alerts: IncidentAlerts, list: Alert[], include: string[] = [], renderIncidents?: RenderIncidents) {
  const lk = new Lookups(db, ctx.urls);
  await lk.load({ services: list.map((a) => a.serviceId), integrations: list.flatMap((a) => (a.integrationId ? [a.integrationId] : [])) });
  const incidents = await findIncidentsByIds(db, [...new Set(list.map((a) => a.incidentId))]);
  for (const i of incidents) lk.incidents.set(i.id, { id: i.id, number: i.number, title: i.title });
  const fullServices = new Map<string, unknown>();
  if (include.includes('services')) {
    const services = [...lk.services.values()].filter((x): x is NonNullable<typeof x> => x !== null);
    const rendered = await renderServices(db, ctx, integrationsOf(ctx), services, { include: [], timeZone: null });
    services.forEach((s, k) => fullServices.set(s.id, rendered[k]));
  }
  const fullIncidents = new Map<string, unknown>();
  if (include.includes('incidents') && renderIncidents) {
    const rendered = await renderIncidents(db, incidents);
    incidents.forEach((i, k) => fullIncidents.set(i.id, rendered[k]));
  }
  const entries = new Map<string, LogEntry>();
  if (include.includes('first_trigger_log_entries')) {
    for (const a of list) {
      const e = a.firstTriggerLogEntryId ? await findLogEntryById(db, a.firstTriggerLogEntryId) : null;
      if (e) entries.set(a.id, e);
    }
    const all = [...entries.values()];
    await lk.load({ users: all.flatMap((e) => (e.agent?.type === 'user' ? [e.agent.id] : [])), teams: all.flatMap((e) => e.teamIds) });
  }
  return list.map((a) => {
    const e = entries.get(a.id);
    return alerts.presentAlert(ctx.urls, a, {
      service: fullServices.get(a.serviceId) ?? lk.serviceRef(a.serviceId),
      incident: fullIncidents.get(a.incidentId) ?? lk.incidentRef(a.incidentId),
      integration: lk.integrationRef(a.integrationId),
      firstTriggerLogEntry: e ? toApiLogEntry(lk, e) : undefined,
    });
  });
}

export function registerAlertRoutes(
  scope: FastifyInstance,
  ctx: Context,
  alerts: IncidentAlerts,
  requester: (r: FastifyRequest) => Promise<Requester>,
  renderIncidents: RenderIncidents,
): void {
  const rest = scope.withTypeProvider<TypeBoxTypeProvider>();
  const AlertList = Type.Object({ alerts: Type.Array(alerts.AlertSchema), ...PageFields });
  const AlertEnvelope = Type.Object({ alert: alerts.AlertSchema });

  rest.get('/incidents/:id/alerts', { schema: { tags, params: Params, querystring: ListQuery, response: { 200: AlertList, ...errors } } }, async (request) => {
    const { id } = request.params;
    const q = request.query;
    const page = readPage(q);
    const i = await findIncidentByIdOrNumber(ctx.db, id);
    const statuses = [...(q['statuses[]'] ?? []), ...(q.statuses ?? [])];
    const [field, dir] = (q.sort_by ?? 'created_at').split(':') as ['created_at' | 'resolved_at', 'asc' | 'desc' | undefined];
    const { alerts: list, total } = await alerts.listAlertsOfIncident(ctx.db, i.id, page, {
      statuses: statuses.length ? statuses : undefined,
      alertKey: q.alert_key,
      sortBy: { field, dir: dir ?? 'asc' },
    });
    return pageEnvelope('alerts', await render(ctx.db, ctx, alerts, list, [...(q['include[]'] ?? []), ...(q.include ?? [])], renderIncidents), page, total);
  });

  rest.get('/incidents/:id/alerts/:alert_id', { schema: { tags, params: AlertParams, response: { 200: AlertEnvelope, ...errors } } }, async (request) => {
    const { id, alert_id } = request.params;
    const i = await findIncidentByIdOrNumber(ctx.db, id);
    const a = await alerts.findAlert(ctx.db, i.id, alert_id);
    if (!a) throw new NotFoundError('Alert', alert_id);
    return { alert: (await render(ctx.db, ctx, alerts, [a]))[0] };
  });

  rest.put('/incidents/:id/alerts/:alert_id', { schema: { tags, params: AlertParams, body: UpdateBody, response: { 200: AlertEnvelope, ...errors } } }, async (request) => {
    const { id, alert_id } = request.params;
    const { alert: body } = request.body;
    const r = await requester(request);
    const out = await ctx.db.transaction().execute(async (tx) => {
      const i = await findIncidentByIdOrNumber(tx, id);
      const [a] = await applyUpdates(tx, ctx, alerts, r, i, await prepare(tx, alerts, r, i, [{ ...body, id: alert_id }]));
      return (await render(tx, ctx, alerts, [a]))[0];
    });
    return { alert: out };
  });

  // PagerDuty's "Manage alerts": resolve alerts of the incident or move them to another one, all or nothing.
  rest.put('/incidents/:id/alerts', { schema: { tags, params: Params, body: BulkBody, response: { 200: AlertList, ...errors, 413: ErrorSchema } } }, async (request) => {
    const { id } = request.params;
    const { alerts: updates } = request.body;
    if (updates.length > BULK_MAX) throw new TooLargeError(`At most ${BULK_MAX} alerts can be updated in one request.`);
    const r = await requester(request);
    const list = await ctx.db.transaction().execute(async (tx) => {
      const i = await findIncidentByIdOrNumber(tx, id);
      return render(tx, ctx, alerts, await applyUpdates(tx, ctx, alerts, r, i, await prepare(tx, alerts, r, i, updates)));
    });
    return pageEnvelope('alerts', list, { limit: Math.max(list.length, 1), offset: 0, total: true }, list.length);
  });
}
