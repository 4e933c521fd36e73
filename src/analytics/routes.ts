import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.js';
import { NotFoundError, InvalidInputError } from '../errors.js';
import { AnyJson, Nullable } from '../http/schemas.js';
import type { Db } from '../store/db.js';
import { localLabel } from './buckets.js';
import { drainDirtyFacts, type IncidentSource } from './refresh.js';
import { percentiles } from './percentiles.js';
import { metricRows, readFilter, type AnalyticsRequest, type GroupBy } from './report.js';
import { registerResponsesRoute, type ResponseNames } from './responses.js';
import { findFacts, listFacts, type FactRow } from './store.js';

/** Names for ids in report rows, from the modules that own them (wired in src/routes.ts). */
export interface AnalyticsNames extends ResponseNames {
  services(db: Db, ids: string[]): Promise<Map<string, string | null>>;
  teams(db: Db, ids: string[]): Promise<Map<string, string | null>>;
  integrations(db: Db, ids: string[]): Promise<Map<string, string | null>>;
  /** Per-integration event counts in [start, end): received, deduplicated, discarded. Optional. */
  eventStats?(db: Db, integrationIds: string[], start: number, end: number): Promise<Map<string, { received: number; deduplicated: number; discarded: number }>>;
  /** Priority name → id (filters.priority_names). Optional. */
  priorityIds?(db: Db, names: string[]): Promise<Map<string, string>>;
}

/** The counts are 4-byte integers on PostgreSQL: a larger bound failed the query (a 500), now a 400. */
const INT4_MAX = 2_147_483_647;

const Filters = Type.Object(
  {
    created_at_start: Type.Optional(Type.String()),
    created_at_end: Type.Optional(Type.String()),
    urgency: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('low')])),
    major: Type.Optional(Type.Boolean()),
    min_ackowledgements: Type.Optional(Type.Integer({ minimum: 0, maximum: INT4_MAX })),
    min_timeout_escalations: Type.Optional(Type.Integer({ minimum: 0, maximum: INT4_MAX })),
    min_manual_escalations: Type.Optional(Type.Integer({ minimum: 0, maximum: INT4_MAX })),
    team_ids: Type.Optional(Type.Array(Type.String())),
    service_ids: Type.Optional(Type.Array(Type.String())),
    escalation_policy_ids: Type.Optional(Type.Array(Type.String())),
    integration_ids: Type.Optional(Type.Array(Type.String())),
    priority_ids: Type.Optional(Type.Array(Type.String())),
    priority_names: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: true },
);

const Body = Type.Object({
  filters: Type.Optional(Filters),
  time_zone: Type.Optional(Type.String()),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  order_by: Type.Optional(Type.String()),
  aggregate_unit: Type.Optional(Nullable(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]))),
});

const RawBody = Type.Object({
  filters: Type.Optional(Filters),
  time_zone: Type.Optional(Type.String()),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  order_by: Type.Optional(Type.Literal('created_at')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  starting_after: Type.Optional(Type.String()),
  ending_before: Type.Optional(Type.String()),
});

const ReportResponse = Type.Object({
  data: Type.Array(AnyJson),
  filters: AnyJson,
  time_zone: Type.String(),
  order: Type.String(),
  // Only when the request gave them (PagerDuty's AnalyticsModel has no null for either).
  order_by: Type.Optional(Type.String()),
  aggregate_unit: Type.Optional(Type.String()),
});

const encodeCursor = (r: FactRow) => Buffer.from(`${r.created_at}:${r.incident_id}`).toString('base64url');
function decodeCursor(c: string): { createdAt: number; id: string } {
  const [at, id] = Buffer.from(c, 'base64url').toString('utf8').split(':');
  if (!id || !Number.isFinite(Number(at))) throw new InvalidInputError('starting_after is not a cursor this API returned.');
  return { createdAt: Number(at), id };
}

/**
 * POST /analytics/metrics/incidents/{all,services,teams,escalation_policies,integrations} (and the
 * /all of services, teams and escalation policies), /analytics/raw/incidents.
 */
export function registerAnalyticsRoutes(rest: FastifyInstance, ctx: Context, source: IncidentSource, names: AnalyticsNames): void {
  const fresh = () => drainDirtyFacts(ctx.db, ctx.dialect, source, () => ctx.clock.now(), 100);
  // filters.priority_names joins filters.priority_ids (either matches); a name no priority has matches
  // nothing, so it stays in the list as an id no incident can have.
  const byPriorityName = async <T extends AnalyticsRequest>(req: T): Promise<T> => {
    const wanted = req.filters?.priority_names ?? [];
    if (!wanted.length || !names.priorityIds) return req;
    const found = await names.priorityIds(ctx.db, wanted);
    const ids = wanted.map((n) => found.get(n) ?? `name:${n}`);
    return { ...req, filters: { ...req.filters, priority_ids: [...(req.filters?.priority_ids ?? []), ...ids] } };
  };

  type NamesOf = (db: Db, ids: string[]) => Promise<Map<string, string | null>>;
  const groups: Array<{ path: string; groupBy: GroupBy; idField?: string; nameField?: string; names?: NamesOf }> = [
    { path: 'all', groupBy: null },
    { path: 'services/all', groupBy: null },
    { path: 'services', groupBy: 'service_id', idField: 'service_id', nameField: 'service_name', names: names.services },
    { path: 'teams', groupBy: 'team_id', idField: 'team_id', nameField: 'team_name', names: names.teams },
    // The teams and escalation policies that match the filters, as one row (as services/all).
    { path: 'teams/all', groupBy: null },
    { path: 'escalation_policies', groupBy: 'escalation_policy_id', idField: 'escalation_policy_id' },
    { path: 'escalation_policies/all', groupBy: null },
    { path: 'integrations', groupBy: 'integration_id', idField: 'integration_id', nameField: 'integration_name', names: names.integrations },
  ];

  for (const g of groups) {
    rest.post(
      `/analytics/metrics/incidents/${g.path}`,
      { schema: { tags: ['Analytics'], body: Body, response: { 200: ReportResponse } } },
      async (request) => {
        const req = (request.body ?? {}) as AnalyticsRequest;
        await fresh();
        const { rows, timeZone, filter } = await metricRows(ctx.db, await byPriorityName(req), g.groupBy, ctx.clock.now());
        const ids = [...new Set(rows.map((r) => r.group).filter((x): x is string => !!x))];
        const cache = g.names ? await g.names(ctx.db, ids) : new Map<string, string | null>();
        const stats =
          g.groupBy === 'integration_id' && names.eventStats
            ? await names.eventStats(ctx.db, rows.map((r) => r.group).filter((x): x is string => !!x), filter.start, filter.end)
            : null;
        const data = [];
        for (const r of rows) {
          // Incidents of no team are no team's row (PagerDuty's team_id is a string).
          if (g.groupBy === 'team_id' && !r.group) continue;
          const row: Record<string, unknown> = { ...r.metrics };
          if (g.groupBy === null) {
            delete row.up_time_pct;
          }
          if (g.idField) row[g.idField] = r.group;
          if (g.nameField) row[g.nameField] = r.group ? (cache.get(r.group) ?? null) : null;
          if (g.groupBy === 'integration_id') {
            const n = r.metrics.total_incident_count;
            const s = r.group ? stats?.get(r.group) : undefined;
            row.total_alerts = r.alerts;
            row.mean_alerts_per_incident = n ? Math.round((r.alerts / n) * 100) / 100 : null;
            row.share_auto_resolved = n ? r.metrics.total_incidents_auto_resolved / n : null;
            row.total_events = s?.received ?? null;
            row.share_events_deduplicated = s && s.received ? s.deduplicated / s.received : null;
            row.share_events_discarded = s && s.received ? s.discarded / s.received : null;
          }
          if (r.range_start) row.range_start = r.range_start;
          data.push(row);
        }
        if (g.path === 'all' && !req.aggregate_unit && data.length) Object.assign(data[0], await percentiles(ctx.db, filter));
        return {
          data,
          filters: req.filters ?? {},
          time_zone: timeZone,
          order: req.order ?? 'asc',
          ...(req.order_by ? { order_by: req.order_by } : {}),
          ...(req.aggregate_unit ? { aggregate_unit: req.aggregate_unit } : {}),
        };
      },
    );
  }

  rest.post(
    '/analytics/raw/incidents',
    {
      schema: {
        tags: ['Analytics'],
        body: RawBody,
        response: {
          200: Type.Object({
            first: Nullable(Type.String()),
            last: Nullable(Type.String()),
            limit: Type.Integer(),
            more: Type.Boolean(),
            order: Type.String(),
            order_by: Type.String(),
            filters: AnyJson,
            time_zone: Type.String(),
            data: Type.Array(AnyJson),
          }),
        },
      },
    },
    async (request) => {
      const body = (request.body ?? {}) as AnalyticsRequest & { limit?: number; starting_after?: string };
      await fresh();
      const { filter, timeZone } = readFilter(await byPriorityName(body), ctx.clock.now());
      const limit = body.limit ?? 20;
      const order = body.order ?? 'desc';
      const rows = await listFacts(ctx.db, filter, {
        limit: limit + 1,
        order,
        after: body.starting_after ? decodeCursor(body.starting_after) : undefined,
      });
      const page = rows.slice(0, limit);
      const data = [];
      for (const r of page) data.push(await rawIncident(ctx.db, r, timeZone, names));
      return {
        first: page.length ? encodeCursor(page[0]) : null,
        last: page.length ? encodeCursor(page[page.length - 1]) : null,
        limit,
        more: rows.length > limit,
        order,
        order_by: 'created_at',
        filters: body.filters ?? {},
        time_zone: timeZone,
        data,
      };
    },
  );

  rest.get<{ Params: { id: string } }>(
    '/analytics/raw/incidents/:id',
    { schema: { tags: ['Analytics'], response: { 200: AnyJson } } },
    async (request) => {
      await fresh();
      const r = await findFacts(ctx.db, request.params.id);
      if (!r) throw new NotFoundError('Incident', request.params.id);
      return rawIncident(ctx.db, r, 'Etc/UTC', names);
    },
  );

  registerResponsesRoute(rest, ctx, source, names);
}

async function rawIncident(db: Db, r: FactRow, timeZone: string, names: AnalyticsNames) {
  const engaged = JSON.parse(r.engaged_user_ids) as string[];
  return {
    id: r.incident_id,
    service_id: r.service_id,
    service_name: (await names.services(db, [r.service_id])).get(r.service_id) ?? null,
    team_id: r.team_id,
    team_name: r.team_id ? ((await names.teams(db, [r.team_id])).get(r.team_id) ?? null) : null,
    integration_id: r.integration_id,
    escalation_policy_id: r.escalation_policy_id,
    urgency: r.urgency,
    major: r.major === 1,
    status: r.status,
    created_at: localLabel(r.created_at, timeZone),
    resolved_at: r.resolved_at === null ? null : localLabel(r.resolved_at, timeZone),
    updated_at: localLabel(r.updated_at, timeZone),
    seconds_to_resolve: r.seconds_to_resolve,
    seconds_to_first_ack: r.seconds_to_first_ack,
    seconds_to_engage: r.seconds_to_engage,
    seconds_to_mobilize: r.seconds_to_mobilize,
    acknowledgement_count: r.acknowledgement_count,
    acknowledged_user_ids: engaged,
    joined_user_ids: engaged,
    engaged_user_count: r.engaged_user_count,
    active_user_count: r.engaged_user_count,
    engaged_seconds: r.engaged_seconds,
    user_defined_effort_seconds: r.engaged_seconds,
    assignment_count: r.assignment_count,
    reassignment_count: r.reassignment_count,
    escalation_count: r.escalation_count,
    manual_escalation_count: r.manual_escalation_count,
    timeout_escalation_count: r.timeout_escalation_count,
    auto_resolved: r.auto_resolved === 1,
    resolved_by_user_id: r.resolved_by_user_id,
    total_notifications: r.notification_count,
    total_interruptions: r.interruptions,
    business_hour_interruptions: r.business_hour_interruptions,
    off_hour_interruptions: r.off_hour_interruptions,
    sleep_hour_interruptions: r.sleep_hour_interruptions,
    snoozed_seconds: r.snoozed_seconds,
    alert_count: r.alert_count,
  };
}
