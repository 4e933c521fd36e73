import { sql, type Selectable } from 'kysely';
import type { Db, Dialect } from '../store/db.js';
import { insertObjects } from '../store/insert-rows.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import { txDefer } from '../store/tx-defer.js';
import type { IncidentFacts } from './model.js';
import { applyDurationRollups } from './durations.js';
import { hourStartSql, TIERS, tierStartSql } from './tiers.js';

interface FactsTable {
  incident_id: string;
  service_id: string;
  integration_id: string | null;
  team_id: string | null;
  escalation_policy_id: string | null;
  priority_id: string | null;
  urgency: string;
  major: number;
  status: string;
  created_at: number;
  resolved_at: number | null;
  seconds_to_resolve: number | null;
  seconds_to_first_ack: number | null;
  seconds_to_engage: number | null;
  seconds_to_mobilize: number | null;
  acknowledgement_count: number;
  engaged_user_ids: Json<string[]>;
  engaged_user_count: number;
  engaged_seconds: number;
  assignment_count: number;
  reassignment_count: number;
  escalation_count: number;
  manual_escalation_count: number;
  timeout_escalation_count: number;
  auto_resolved: number;
  resolved_by_user_id: string | null;
  notification_count: number;
  interruptions: number;
  business_hour_interruptions: number;
  off_hour_interruptions: number;
  sleep_hour_interruptions: number;
  snoozed_seconds: number;
  alert_count: number;
  updated_at: number;
}

interface Tables {
  incident_facts: FactsTable;
  analytics_dirty: { incident_id: string; marked_at: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'analytics/store': Tables;
  }
}

/**
 * Marks an incident's facts stale; cheap enough for the event path (one idempotent insert, or, in
 * an event-processor batch, one row of the batch's single insert: store/tx-defer.ts).
 */
export async function markIncidentDirty(db: Db, incidentId: string, at: number): Promise<void> {
  const row = { incident_id: incidentId, marked_at: at };
  if (!txDefer(db, 'analytics_dirty', [row], insertDirty)) await insertDirty(db, [row]);
}

async function insertDirty(db: Db, rows: Array<{ incident_id: string; marked_at: number }>): Promise<void> {
  // The first mark of an incident wins, as it would row by row.
  const first = new Map<string, { incident_id: string; marked_at: number }>();
  for (const r of rows) if (!first.has(r.incident_id)) first.set(r.incident_id, r);
  await insertObjects(db, 'analytics_dirty', [...first.values()], 'on conflict (incident_id) do nothing');
}

/** Takes up to `limit` stale incident ids, oldest first; on PostgreSQL rows other nodes hold are skipped. */
export async function claimDirtyIncidents(db: Db, dialect: Dialect, limit: number): Promise<string[]> {
  const q = db.selectFrom('analytics_dirty').select('incident_id').orderBy('marked_at').limit(limit);
  const rows = await (dialect === 'postgres' ? q.forUpdate().skipLocked() : q).execute();
  const ids = rows.map((r) => r.incident_id);
  if (ids.length) await db.deleteFrom('analytics_dirty').where('incident_id', 'in', ids).execute();
  return ids;
}

function toRow(f: IncidentFacts, now: number): FactsTable {
  return {
    incident_id: f.incidentId,
    service_id: f.serviceId,
    integration_id: f.integrationId,
    team_id: f.teamId,
    escalation_policy_id: f.escalationPolicyId,
    priority_id: f.priorityId ?? null,
    urgency: f.urgency,
    major: f.major ? 1 : 0,
    status: f.status,
    created_at: f.createdAt,
    resolved_at: f.resolvedAt,
    seconds_to_resolve: f.secondsToResolve,
    seconds_to_first_ack: f.secondsToFirstAck,
    seconds_to_engage: f.secondsToEngage,
    seconds_to_mobilize: f.secondsToMobilize,
    acknowledgement_count: f.acknowledgementCount,
    engaged_user_ids: toJson(f.engagedUserIds),
    engaged_user_count: f.engagedUserIds.length,
    engaged_seconds: f.engagedSeconds,
    assignment_count: f.assignmentCount,
    reassignment_count: f.reassignmentCount,
    escalation_count: f.escalationCount,
    manual_escalation_count: f.manualEscalationCount,
    timeout_escalation_count: f.timeoutEscalationCount,
    auto_resolved: f.autoResolved ? 1 : 0,
    resolved_by_user_id: f.resolvedByUserId,
    notification_count: f.notificationCount,
    interruptions: f.interruptions,
    business_hour_interruptions: f.businessHourInterruptions,
    off_hour_interruptions: f.offHourInterruptions,
    sleep_hour_interruptions: f.sleepHourInterruptions,
    snoozed_seconds: f.snoozedSeconds,
    alert_count: f.alertCount,
    updated_at: now,
  };
}

const ROLLUP_KEYS = ['service_id', 'team_id', 'escalation_policy_id', 'integration_id', 'priority_id', 'urgency'] as const;
const KEY_EXPRS = ['service_id', "coalesce(team_id, '')", "coalesce(escalation_policy_id, '')", "coalesce(integration_id, '')", "coalesce(priority_id, '')", 'urgency'];

/** Which incidents a rollup write covers: these ids, or those created in [from, to). */
export type RollupSelection = string[] | { from: number; to: number };

function selectionSql(which: RollupSelection) {
  return Array.isArray(which) ? sql`incident_id in (${sql.join(which)})` : sql`created_at >= ${which.from} and created_at < ${which.to}`;
}

/** Every rollup table a fact is summed into: its key columns, and how a fact's are computed (`p`: its block's start). */
const ROLLUP_TARGETS: ReadonlyArray<{ table: string; keys: string[]; head: string; start: string; group: string[] }> = [
  ...TIERS.map((tier) =>
    tier === 'day'
      ? { table: 'analytics_rollups', keys: ['day', ...ROLLUP_KEYS], head: 'p', start: tierStartSql(tier, 'created_at'), group: KEY_EXPRS }
      : { table: 'analytics_rollup_periods', keys: ['tier', 'period', ...ROLLUP_KEYS], head: `'${tier}', p`, start: tierStartSql(tier, 'created_at'), group: KEY_EXPRS },
  ),
  // The account tier: no service, team, escalation policy or integration split (hours.ts).
  { table: 'analytics_rollup_hours', keys: ['hour', 'priority_id', 'urgency'], head: 'p', start: hourStartSql('created_at'), group: ["coalesce(priority_id, '')", 'urgency'] },
];

/**
 * Adds (sign 1) or takes away (sign -1) the current facts of these incidents to or from every rollup
 * tier: per tier one INSERT … SELECT … GROUP BY … ON
 * CONFLICT statement, with FACT_SUMS' own expressions. Major incidents are not rolled up (their open
 * time depends on the report's range).
 */
export async function applyRollups(db: Db, which: RollupSelection, sign: 1 | -1): Promise<void> {
  if (Array.isArray(which) && !which.length) return;
  const sums = FACT_SUMS.map(([name]) => name);
  const add = sql.raw(sums.map((c) => `${c} = t.${c} + excluded.${c}`).join(', '));
  for (const { table, keys, head, start, group } of ROLLUP_TARGETS) {
    const select = [...group, ...FACT_SUMS.map(([, expr]) => (sign === 1 ? expr : `-(${expr})`))].join(', ');
    // The block's start is computed once in a derived table (the month's is a long expression).
    await sql`insert into ${sql.raw(table)} as t (${sql.raw([...keys, ...sums].join(', '))})
      select ${sql.raw(head)}, ${sql.raw(select)}
      from (select ${sql.raw(start)} as p, f.* from incident_facts f where major = 0 and ${selectionSql(which)}) x
      group by p, ${sql.raw(group.join(', '))}
      on conflict (${sql.raw(keys.join(', '))}) do update set ${add}`.execute(db);
  }
  await applyDurationRollups(db, selectionSql(which), sign);
}

/**
 * Inserts many new incidents' facts in multi-row statements (seeding, backfills). Their rollups are
 * added per chunk, or, with `rollups: false`, left for one rebuildRollups at the end (bulk loads).
 */
export async function insertFactsBulk(db: Db, facts: IncidentFacts[], now: number, opts: { rollups?: boolean } = {}): Promise<void> {
  for (let i = 0; i < facts.length; i += 500) {
    const chunk = facts.slice(i, i + 500);
    await db
      .insertInto('incident_facts')
      .values(chunk.map((f) => toRow(f, now)))
      .execute();
    if (opts.rollups !== false) await applyRollups(db, chunk.map((f) => f.incidentId), 1);
  }
}

/**
 * Recomputes every rollup tier from incident_facts (after a bulk load): one GROUP BY per tier per 30
 * days of incidents, so no statement runs into PostgreSQL's statement timeout (blocks that straddle
 * two windows are added to twice, which ON CONFLICT sums).
 */
export async function rebuildRollups(db: Db): Promise<void> {
  await db.deleteFrom('analytics_rollups').execute();
  await db.deleteFrom('analytics_rollup_periods').execute();
  await db.deleteFrom('analytics_rollup_hours').execute();
  await db.deleteFrom('analytics_duration_histograms').execute();
  const span = await db.selectFrom('incident_facts').select((eb) => [eb.fn.min('created_at').as('lo'), eb.fn.max('created_at').as('hi')]).executeTakeFirst();
  if (span?.lo === null || span?.lo === undefined || span.hi === null) return;
  const WINDOW = 30 * 86_400_000;
  for (let from = Number(span.lo); from <= Number(span.hi); from += WINDOW) await applyRollups(db, { from, to: from + WINDOW }, 1);
}

/**
 * Inserts or replaces many incidents' facts, and moves their contribution in analytics_rollups from
 * the old facts to the new (callers run it in one transaction; on PostgreSQL refresh.ts serialises it).
 */
export async function upsertFacts(db: Db, facts: IncidentFacts[], now: number): Promise<void> {
  const ids = facts.map((f) => f.incidentId);
  await applyRollups(db, ids, -1);
  await writeFacts(db, facts, now);
  await applyRollups(db, ids, 1);
}

async function writeFacts(db: Db, facts: IncidentFacts[], now: number): Promise<void> {
  for (const f of facts) {
    const row = toRow(f, now);
    const { incident_id: _id, ...rest } = row;
    await db
      .insertInto('incident_facts')
      .values(row)
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(rest))
      .execute();
  }
}

export interface FactFilter {
  start: number;
  end: number;
  serviceIds?: string[];
  teamIds?: string[];
  integrationIds?: string[];
  escalationPolicyIds?: string[];
  priorityIds?: string[];
  urgency?: 'high' | 'low';
  major?: boolean;
  minAcknowledgements?: number;
  minTimeoutEscalations?: number;
  minManualEscalations?: number;
  /** Only incidents created inside one of these [start, end) spans (the parts rollups do not cover). */
  spans?: Array<[number, number]>;
}

function filtered(db: Db, f: FactFilter) {
  let q = db.selectFrom('incident_facts').where('created_at', '>=', f.start).where('created_at', '<', f.end);
  if (f.serviceIds?.length) q = q.where('service_id', 'in', f.serviceIds);
  if (f.teamIds?.length) q = q.where('team_id', 'in', f.teamIds);
  if (f.integrationIds?.length) q = q.where('integration_id', 'in', f.integrationIds);
  if (f.escalationPolicyIds?.length) q = q.where('escalation_policy_id', 'in', f.escalationPolicyIds);
  if (f.priorityIds?.length) q = q.where('priority_id', 'in', f.priorityIds);
  if (f.urgency) q = q.where('urgency', '=', f.urgency);
  if (f.major !== undefined) q = q.where('major', '=', f.major ? 1 : 0);
  if (f.minAcknowledgements) q = q.where('acknowledgement_count', '>=', f.minAcknowledgements);
  if (f.minTimeoutEscalations) q = q.where('timeout_escalation_count', '>=', f.minTimeoutEscalations);
  if (f.minManualEscalations) q = q.where('manual_escalation_count', '>=', f.minManualEscalations);
  const spans = f.spans;
  if (spans) q = q.where((eb) => eb.or(spans.map(([a, b]) => eb.and([eb('created_at', '>=', a), eb('created_at', '<', b)]))));
  return q;
}

/**
 * How each summed column of an Aggregate is computed from incident_facts rows. Reports over facts and
 * the rollups (rollups.ts, which add and subtract exactly these per fact) share it, so both agree.
 */
export const FACT_SUMS: ReadonlyArray<readonly [Exclude<keyof Aggregate, 'group' | 'major_seconds'>, string]> = [
  ['total_incident_count', 'count(*)'],
  ['sum_resolve', 'coalesce(sum(seconds_to_resolve), 0)'],
  ['n_resolve', 'count(seconds_to_resolve)'],
  ['sum_first_ack', 'coalesce(sum(seconds_to_first_ack), 0)'],
  ['n_first_ack', 'count(seconds_to_first_ack)'],
  ['sum_engage', 'coalesce(sum(seconds_to_engage), 0)'],
  ['n_engage', 'count(seconds_to_engage)'],
  ['sum_mobilize', 'coalesce(sum(seconds_to_mobilize), 0)'],
  ['n_mobilize', 'count(seconds_to_mobilize)'],
  ['total_engaged_seconds', 'coalesce(sum(engaged_seconds), 0)'],
  ['n_engaged', 'sum(case when engaged_user_count > 0 then 1 else 0 end)'],
  ['sum_engaged_users', 'coalesce(sum(engaged_user_count), 0)'],
  ['sum_assignments', 'coalesce(sum(assignment_count), 0)'],
  ['total_escalation_count', 'coalesce(sum(escalation_count), 0)'],
  ['total_incidents_acknowledged', 'sum(case when acknowledgement_count > 0 then 1 else 0 end)'],
  ['total_incidents_auto_resolved', 'sum(case when auto_resolved = 1 then 1 else 0 end)'],
  ['total_incidents_manual_escalated', 'sum(case when manual_escalation_count > 0 then 1 else 0 end)'],
  ['total_incidents_timeout_escalated', 'sum(case when timeout_escalation_count > 0 then 1 else 0 end)'],
  ['total_incidents_reassigned', 'sum(case when reassignment_count > 0 then 1 else 0 end)'],
  ['total_notifications', 'coalesce(sum(notification_count), 0)'],
  ['total_interruptions', 'coalesce(sum(interruptions), 0)'],
  ['total_business_hour_interruptions', 'coalesce(sum(business_hour_interruptions), 0)'],
  ['total_off_hour_interruptions', 'coalesce(sum(off_hour_interruptions), 0)'],
  ['total_sleep_hour_interruptions', 'coalesce(sum(sleep_hour_interruptions), 0)'],
  ['total_snoozed_seconds', 'coalesce(sum(snoozed_seconds), 0)'],
  ['total_alerts', 'coalesce(sum(alert_count), 0)'],
];

/** `bucket` 0…n of a time column given the starts of the buckets after the first (0 without buckets). */
export function bucketCase(column: string, bucketStarts: number[]) {
  return bucketStarts.length
    ? sql<number>`case ${sql.join(
        bucketStarts.map((b, i) => sql`when ${sql.ref(column)} < ${sql.lit(b)} then ${sql.lit(i)}`),
        sql` `,
      )} else ${sql.lit(bucketStarts.length)} end`
    : sql<number>`0`;
}

/** Every figure of an aggregate row as a number (pg returns sums as numeric strings). */
export function numericAggregate<T extends { group: string | null }>(r: T): T {
  const out = { ...r } as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (k !== 'group' && v !== null) out[k] = Number(v);
  return out as T;
}

/** The summed and averaged columns of one group of incidents. */
export interface Aggregate {
  group: string | null;
  total_incident_count: number;
  sum_resolve: number;
  n_resolve: number;
  sum_first_ack: number;
  n_first_ack: number;
  sum_engage: number;
  n_engage: number;
  sum_mobilize: number;
  n_mobilize: number;
  total_engaged_seconds: number;
  n_engaged: number;
  sum_engaged_users: number;
  sum_assignments: number;
  total_escalation_count: number;
  total_incidents_acknowledged: number;
  total_incidents_auto_resolved: number;
  total_incidents_manual_escalated: number;
  total_incidents_timeout_escalated: number;
  total_incidents_reassigned: number;
  total_notifications: number;
  total_interruptions: number;
  total_business_hour_interruptions: number;
  total_off_hour_interruptions: number;
  total_sleep_hour_interruptions: number;
  total_snoozed_seconds: number;
  total_alerts: number;
  major_seconds: number;
}

/** One aggregate per value of `groupBy` (or one for everything), over the filtered incidents. */
export async function aggregateFacts(
  db: Db,
  f: FactFilter,
  groupBy: 'service_id' | 'team_id' | 'integration_id' | 'escalation_policy_id' | null,
  /** Starts of the calendar buckets after the first: rows get `bucket` 0…n by created_at, in one scan. */
  bucketStarts: number[] = [],
): Promise<Array<Aggregate & { bucket: number }>> {
  // Time a major incident was open inside the range (for up_time_pct).
  const majorSeconds = sql<number>`coalesce(sum(case when major = 1 then (coalesce(resolved_at, ${f.end}) - created_at) / 1000 else 0 end), 0)`;
  const bucket = bucketCase('created_at', bucketStarts);
  let q = filtered(db, f).select([
    sql<string | null>`${groupBy ? sql.ref(groupBy) : sql`null`}`.as('group'),
    bucket.as('bucket'),
    ...FACT_SUMS.map(([name, expr]) => sql<number>`${sql.raw(expr)}`.as(name)),
    majorSeconds.as('major_seconds'),
  ]);
  if (groupBy) q = q.groupBy(groupBy);
  if (bucketStarts.length) q = q.groupBy(bucket);
  const rows = (await q.execute()) as unknown as Array<Aggregate & { bucket: number }>;
  return rows.map(numericAggregate);
}

/** The sorted non-null values of a duration column, for percentiles. */
export async function sortedValues(db: Db, f: FactFilter, column: 'seconds_to_first_ack' | 'seconds_to_resolve'): Promise<number[]> {
  const rows = await filtered(db, f).select(column).where(column, 'is not', null).orderBy(column).execute();
  return rows.map((r) => Number((r as Record<string, unknown>)[column]));
}

export type FactRow = Selectable<FactsTable>;

/** Raw facts, ordered by created_at then id, after a cursor. */
export async function listFacts(
  db: Db,
  f: FactFilter,
  opts: { limit: number; order: 'asc' | 'desc'; after?: { createdAt: number; id: string } },
): Promise<Array<FactRow & { engagedUserIds: string[] }>> {
  let q = filtered(db, f).selectAll();
  if (opts.after) {
    const { createdAt, id } = opts.after;
    q =
      opts.order === 'asc'
        ? q.where((eb) => eb.or([eb('created_at', '>', createdAt), eb.and([eb('created_at', '=', createdAt), eb('incident_id', '>', id)])]))
        : q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('incident_id', '<', id)])]));
  }
  const rows = await q.orderBy('created_at', opts.order).orderBy('incident_id', opts.order).limit(opts.limit).execute();
  return rows.map((r) => ({ ...r, engagedUserIds: fromJson<string[]>(r.engaged_user_ids, []) }));
}

export async function findFacts(db: Db, incidentId: string): Promise<FactRow | null> {
  return (await db.selectFrom('incident_facts').selectAll().where('incident_id', '=', incidentId).executeTakeFirst()) ?? null;
}
