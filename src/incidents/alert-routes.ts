// /incidents/{id}/alerts and /incidents/{id}/alerts/{alert_id}. Alerts belong to alerts/, which
// depends on incidents; so its functions are injected (src/routes.ts) and only its types are imported.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type * as AlertsModule from '../alerts/index.js';
import type { Context } from '../context.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { pageEnvelope, readPage } from '../http/pagination.js';
import { ErrorSchema, IncludeQuery, PageFields, PaginationQuery, QueryArray, RefInput } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import { checkWrite, findIncidentByIdOrNumber, type Requester } from './manage.js';
import { Lookups } from './present.js';
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
const UpdateBody = Type.Object({
  alert: Type.Object({ type: Type.Optional(Type.String()), status: Type.Optional(AlertStatusT), incident: Type.Optional(RefInput) }),
});

type Alert = AlertsModule.Alert;

async function render(db: Db, ctx: Context, alerts: IncidentAlerts, list: Alert[]) {
  const lk = new Lookups(db, ctx.urls);
  await lk.load({ services: list.map((a) => a.serviceId), integrations: list.flatMap((a) => (a.integrationId ? [a.integrationId] : [])) });
  for (const i of await findIncidentsByIds(db, [...new Set(list.map((a) => a.incidentId))])) lk.incidents.set(i.id, { id: i.id, number: i.number, title: i.title });
  return list.map((a) =>
    alerts.presentAlert(ctx.urls, a, {
      service: lk.serviceRef(a.serviceId),
      incident: lk.incidentRef(a.incidentId),
      integration: a.integrationId ? lk.agentRef({ type: 'integration', id: a.integrationId }) : null,
    }),
  );
}

export function registerAlertRoutes(rest: FastifyInstance, ctx: Context, alerts: IncidentAlerts, requester: (r: FastifyRequest) => Promise<Requester>): void {
  const AlertList = Type.Object({ alerts: Type.Array(alerts.AlertSchema), ...PageFields });
  const AlertEnvelope = Type.Object({ alert: alerts.AlertSchema });

  rest.get('/incidents/:id/alerts', { schema: { tags, params: Params, querystring: ListQuery, response: { 200: AlertList, ...errors } } }, async (request) => {
    const { id } = request.params as Static<typeof Params>;
    const q = request.query as Static<typeof ListQuery>;
    const page = readPage(q);
    const i = await findIncidentByIdOrNumber(ctx.db, id);
    const statuses = [...(q['statuses[]'] ?? []), ...(q.statuses ?? [])];
    const [field, dir] = (q.sort_by ?? 'created_at').split(':') as ['created_at' | 'resolved_at', 'asc' | 'desc' | undefined];
    const { alerts: list, total } = await alerts.listAlertsOfIncident(ctx.db, i.id, page, {
      statuses: statuses.length ? statuses : undefined,
      alertKey: q.alert_key,
      sortBy: { field, dir: dir ?? 'asc' },
    });
    return pageEnvelope('alerts', await render(ctx.db, ctx, alerts, list), page, total);
  });

  rest.put('/incidents/:id/alerts/:alert_id', { schema: { tags, params: AlertParams, body: UpdateBody, response: { 200: AlertEnvelope, ...errors } } }, async (request) => {
    const { id, alert_id } = request.params as Static<typeof AlertParams>;
    const { alert: body } = request.body as Static<typeof UpdateBody>;
    const r = await requester(request);
    const out = await ctx.db.transaction().execute(async (tx) => {
      const i = await findIncidentByIdOrNumber(tx, id);
      await checkWrite(tx, r.actor, i.serviceId);
      let a = await alerts.findAlert(tx, i.id, alert_id);
      if (!a) throw new NotFoundError('Alert', alert_id);
      if (body.incident && body.incident.id !== i.id) {
        const target = await findIncidentByIdOrNumber(tx, body.incident.id).catch(() => {
          throw new InvalidInputError(`Incident ${body.incident!.id} not found.`);
        });
        if (target.status === 'resolved') throw new InvalidInputError('An alert cannot move to a resolved incident.');
        await checkWrite(tx, r.actor, target.serviceId);
        await alerts.moveAlertsToIncident(tx, { alertIds: [a.id] }, { incidentId: target.id, serviceId: target.serviceId }, ctx.clock.now());
        a = (await alerts.findAlert(tx, target.id, a.id))!;
      }
      if (body.status === 'resolved' && a.status !== 'resolved') {
        a = await alerts.resolveAlert(tx, ctx, a, { type: 'user', id: r.userId }, r.channel);
      } else if (body.status === 'triggered' && a.status === 'resolved') {
        throw new InvalidInputError('A resolved alert cannot be triggered again.');
      }
      return (await render(tx, ctx, alerts, [a]))[0];
    });
    return { alert: out };
  });
}
