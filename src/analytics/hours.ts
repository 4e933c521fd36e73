// The account tier (analytics_rollup_hours): the rollups' sums per UTC hour, priority and urgency,
// without the service, team, escalation policy and integration split, for reports that neither
// filter nor group by those. A 90-day report reads 90 × 24 hours × the (priority, urgency) pairs
// used, a few thousand rows whatever the number of services, and local midnights in a zone with a
// whole-hour offset fall between hours, so day, week and month buckets there need no facts.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../store/db.js';
import { bucketCase, FACT_SUMS, numericAggregate, type Aggregate, type FactFilter } from './store.js';
import { HOUR } from './tiers.js';

interface HoursTable {
  hour: number;
  priority_id: string;
  urgency: string;
}

declare module '../executor.js' {
  interface TableRegistry {
    'analytics/hours': { analytics_rollup_hours: HoursTable };
  }
}

/** Whether the account tier answers a report: no grouping, no filter on a dimension it lacks. */
export function hoursAnswer(f: FactFilter, groupBy: string | null): boolean {
  return groupBy === null && ![f.serviceIds, f.teamIds, f.integrationIds, f.escalationPolicyIds].some((ids) => ids?.length);
}

/** How the account tier reads [start, end). */
export interface HourPlan {
  /** The whole UTC hours of the range, [first, end), read from the tier but for `cut`; null if none. */
  hours: [number, number] | null;
  /** Starts of the hours a bucket boundary falls inside (zones with a half-hour offset): read from the facts. */
  cut: number[];
  /** The range's parts before its first whole hour and after its last: read from the facts. */
  edges: Array<[number, number]>;
}

export function planHours(start: number, end: number, bucketStarts: number[]): HourPlan {
  const first = Math.ceil(start / HOUR) * HOUR;
  const last = Math.floor(end / HOUR) * HOUR;
  if (first >= last) return { hours: null, cut: [], edges: [[start, end]] };
  const cut = [...new Set(bucketStarts.filter((b) => b % HOUR !== 0 && b > first && b < last).map((b) => b - (b % HOUR)))];
  const edges: Array<[number, number]> = [];
  if (start < first) edges.push([start, first]);
  if (last < end) edges.push([last, end]);
  return { hours: [first, last], cut, edges };
}

/** Sums of the account tier's rows in plan.hours (less the cut hours), per bucket. */
export async function aggregateHours(db: Db, f: FactFilter, plan: HourPlan, bucketStarts: number[]): Promise<Array<Aggregate & { bucket: number }>> {
  if (!plan.hours) return [];
  const where: RawBuilder<unknown>[] = [sql`hour >= ${plan.hours[0]}`, sql`hour < ${plan.hours[1]}`];
  if (plan.cut.length) where.push(sql`hour not in (${sql.join(plan.cut)})`);
  if (f.priorityIds?.length) where.push(sql`priority_id in (${sql.join(f.priorityIds)})`);
  if (f.urgency) where.push(sql`urgency = ${f.urgency}`);
  const bucket = bucketCase('hour', bucketStarts);
  const sums = FACT_SUMS.map(([name]) => sql`coalesce(sum(${sql.ref(name)}), 0) as ${sql.ref(name)}`);
  const q = sql<Aggregate & { bucket: number }>`select null as ${sql.ref('group')}, ${bucket} as bucket, 0 as major_seconds, ${sql.join(sums)}
    from analytics_rollup_hours where ${sql.join(where, sql` and `)}
    ${bucketStarts.length ? sql`group by ${bucket}` : sql``}`;
  return (await q.execute(db)).rows.map(numericAggregate);
}
