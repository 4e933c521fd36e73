import { InvalidInputError } from '../errors.js';
import type { Db } from '../store/db.js';
import { buckets, isTimeZone, type AggregateUnit } from './buckets.js';
import { aggregateWithRollups, type GroupBy } from './rollups.js';
import { aggregateFacts, type Aggregate, type FactFilter } from './store.js';

/** PagerDuty's AnalyticsModel request body. */
export interface AnalyticsRequest {
  filters?: {
    created_at_start?: string;
    created_at_end?: string;
    urgency?: 'high' | 'low';
    major?: boolean;
    min_ackowledgements?: number;
    min_timeout_escalations?: number;
    min_manual_escalations?: number;
    team_ids?: string[];
    service_ids?: string[];
    escalation_policy_ids?: string[];
    integration_ids?: string[];
    priority_ids?: string[];
    priority_names?: string[];
  };
  time_zone?: string;
  order?: 'asc' | 'desc';
  order_by?: string;
  aggregate_unit?: AggregateUnit | null;
}

const DAY = 86_400_000;
const MAX_RANGE = 366 * DAY;
const DEFAULT_RANGE = 30 * DAY;

/** Validates the request into a store filter; without dates, the last 30 days up to now. */
export function readFilter(req: AnalyticsRequest, now: number): { filter: FactFilter; timeZone: string } {
  const f = req.filters ?? {};
  const problems: string[] = [];
  const parse = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) problems.push(`filters.${name} must be an ISO 8601 date-time.`);
    return ms;
  };
  const end = parse('created_at_end', f.created_at_end) ?? now;
  const start = parse('created_at_start', f.created_at_start) ?? end - DEFAULT_RANGE;
  if (start >= end) problems.push('filters.created_at_start must be before filters.created_at_end.');
  if (end - start > MAX_RANGE) problems.push('The time range between created_at_start and created_at_end may be at most one year.');
  const timeZone = req.time_zone ?? 'Etc/UTC';
  if (!isTimeZone(timeZone)) problems.push(`time_zone "${timeZone}" is not a known time zone.`);
  if (problems.length) throw new InvalidInputError(problems);
  return {
    timeZone,
    filter: {
      start,
      end,
      serviceIds: f.service_ids,
      teamIds: f.team_ids,
      integrationIds: f.integration_ids,
      escalationPolicyIds: f.escalation_policy_ids,
      priorityIds: f.priority_ids,
      urgency: f.urgency,
      major: f.major,
      minAcknowledgements: f.min_ackowledgements,
      minTimeoutEscalations: f.min_timeout_escalations,
      minManualEscalations: f.min_manual_escalations,
    },
  };
}

// PagerDuty's AnalyticsIncidentMetrics types every mean as an integer (strictly typed clients, Go's
// and Java's, fail on 0.5), so a mean is rounded to a whole number; null when nothing was measured.
const mean = (sum: number, n: number) => (n > 0 ? Math.round(sum / n) : null);

/** PagerDuty's AnalyticsIncidentMetrics fields from one aggregate. */
export function toMetrics(a: Aggregate, rangeMs: number) {
  return {
    mean_assignment_count: mean(a.sum_assignments, a.total_incident_count),
    mean_engaged_seconds: mean(a.total_engaged_seconds, a.n_engaged),
    mean_engaged_user_count: mean(a.sum_engaged_users, a.total_incident_count),
    mean_seconds_to_engage: mean(a.sum_engage, a.n_engage),
    mean_seconds_to_first_ack: mean(a.sum_first_ack, a.n_first_ack),
    mean_seconds_to_mobilize: mean(a.sum_mobilize, a.n_mobilize),
    mean_seconds_to_resolve: mean(a.sum_resolve, a.n_resolve),
    mean_user_defined_engaged_seconds: mean(a.total_engaged_seconds, a.n_engaged),
    total_business_hour_interruptions: a.total_business_hour_interruptions,
    total_engaged_seconds: a.total_engaged_seconds,
    total_escalation_count: a.total_escalation_count,
    total_incident_count: a.total_incident_count,
    total_incidents_acknowledged: a.total_incidents_acknowledged,
    total_incidents_auto_resolved: a.total_incidents_auto_resolved,
    total_incidents_manual_escalated: a.total_incidents_manual_escalated,
    total_incidents_reassigned: a.total_incidents_reassigned,
    total_incidents_timeout_escalated: a.total_incidents_timeout_escalated,
    total_interruptions: a.total_interruptions,
    total_notifications: a.total_notifications,
    total_off_hour_interruptions: a.total_off_hour_interruptions,
    total_sleep_hour_interruptions: a.total_sleep_hour_interruptions,
    total_snoozed_seconds: a.total_snoozed_seconds,
    total_user_defined_engaged_seconds: a.total_engaged_seconds,
    up_time_pct: Math.max(0, 100 * (1 - a.major_seconds / Math.max(1, rangeMs / 1000))),
  };
}

export type Metrics = ReturnType<typeof toMetrics>;
export type { GroupBy } from './rollups.js';

/**
 * Aggregates per group, and per calendar bucket when an aggregate unit is given. `from`: 'rollups'
 * (the daily rollups where they answer exactly, the facts elsewhere) or 'facts' (every incident's
 * facts; the equivalence test and the bench compare the two).
 */
export async function metricRows(
  db: Db,
  req: AnalyticsRequest,
  groupBy: GroupBy,
  now: number,
  from: 'rollups' | 'facts' = 'rollups',
): Promise<{ rows: Array<{ group: string | null; range_start: string | null; metrics: Metrics; alerts: number }>; timeZone: string; filter: FactFilter }> {
  const { filter, timeZone } = readFilter(req, now);
  const ranges = req.aggregate_unit
    ? buckets(filter.start, filter.end, req.aggregate_unit, timeZone)
    : [{ start: filter.start, end: filter.end, label: null as string | null }];
  const rows: Array<{ group: string | null; range_start: string | null; metrics: Metrics; alerts: number }> = [];
  // One grouped scan for every bucket: the buckets are a CASE over created_at.
  const starts = ranges.slice(1).map((r) => r.start);
  const aggs = await (from === 'rollups' ? aggregateWithRollups : aggregateFacts)(db, filter, groupBy, starts);
  // A fixed order before sorting, so ties come out the same whichever way the figures were read.
  aggs.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '') || a.bucket - b.bucket);
  for (const a of aggs) {
    const r = ranges[Number(a.bucket)];
    if (a.total_incident_count === 0 || !r) continue;
    rows.push({ group: a.group, range_start: r.label, metrics: toMetrics(a, r.end - r.start), alerts: a.total_alerts });
  }
  const order = req.order ?? 'asc';
  const by = (req.order_by ?? (req.aggregate_unit ? 'range_start' : groupBy)) as string | null;
  if (by) {
    const key = (x: (typeof rows)[number]) =>
      by === 'range_start' ? (x.range_start ?? '') : by === groupBy ? (x.group ?? '') : ((x.metrics as Record<string, number | null>)[by] ?? -1);
    rows.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : 0;
      return order === 'asc' ? c : -c;
    });
  }
  return { rows, timeZone, filter };
}
