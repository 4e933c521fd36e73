import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { aggregateFacts, bucketCase, FACT_SUMS, numericAggregate, type Aggregate, type FactFilter } from './store.js';

const DAY = 86_400_000;

export type GroupBy = 'service_id' | 'team_id' | 'integration_id' | 'escalation_policy_id' | null;
type Row = Aggregate & { bucket: number };

/**
 * Which of [start, end) the daily rollups answer: the whole UTC days inside it that no bucket
 * boundary cuts. The rest (the edges of the range, and days that a boundary in another time zone
 * cuts) is read from incident_facts.
 */
export function planSpans(start: number, end: number, bucketStarts: number[]): { rollup: Array<[number, number]>; facts: Array<[number, number]> } {
  const rollup: Array<[number, number]> = [];
  const facts: Array<[number, number]> = [];
  const push = (list: Array<[number, number]>, a: number, b: number) => {
    if (a >= b) return;
    const last = list[list.length - 1];
    if (last && last[1] === a) last[1] = b;
    else list.push([a, b]);
  };
  let at = start;
  for (let day = Math.ceil(start / DAY) * DAY; day + DAY <= end; day += DAY) {
    if (bucketStarts.some((b) => b > day && b < day + DAY)) continue;
    push(facts, at, day);
    push(rollup, day, day + DAY);
    at = day + DAY;
  }
  push(facts, at, end);
  return { rollup, facts };
}

interface RollupsTable {
  day: number;
  service_id: string;
  team_id: string;
  escalation_policy_id: string;
  integration_id: string;
  priority_id: string;
  urgency: string;
}

declare module '../executor.js' {
  interface TableRegistry {
    'analytics/rollups': { analytics_rollups: RollupsTable };
  }
}

async function aggregateRollupSpans(db: Db, f: FactFilter, groupBy: GroupBy, spans: Array<[number, number]>, bucketStarts: number[]): Promise<Row[]> {
  let q = db
    .selectFrom('analytics_rollups')
    .where((eb) => eb.or(spans.map(([a, b]) => eb.and([eb('day', '>=', a), eb('day', '<', b)]))));
  if (f.serviceIds?.length) q = q.where('service_id', 'in', f.serviceIds);
  if (f.teamIds?.length) q = q.where('team_id', 'in', f.teamIds);
  if (f.integrationIds?.length) q = q.where('integration_id', 'in', f.integrationIds);
  if (f.escalationPolicyIds?.length) q = q.where('escalation_policy_id', 'in', f.escalationPolicyIds);
  if (f.priorityIds?.length) q = q.where('priority_id', 'in', f.priorityIds);
  if (f.urgency) q = q.where('urgency', '=', f.urgency);
  const bucket = bucketCase('day', bucketStarts);
  // '' is how the rollups store a missing id.
  let s = q.select([
    sql<string | null>`${groupBy ? sql`nullif(${sql.ref(groupBy)}, '')` : sql`null`}`.as('group'),
    bucket.as('bucket'),
    sql<number>`0`.as('major_seconds'),
    ...FACT_SUMS.map(([name]) => sql<number>`coalesce(sum(${sql.ref(name)}), 0)`.as(name)),
  ]);
  if (groupBy) s = s.groupBy(groupBy);
  if (bucketStarts.length) s = s.groupBy(bucket);
  return ((await s.execute()) as unknown as Row[]).map(numericAggregate);
}

function merge(parts: Row[][]): Row[] {
  const byKey = new Map<string, Row>();
  for (const r of parts.flat()) {
    const key = `${r.group ?? '\u0000'}|${r.bucket}`;
    const had = byKey.get(key);
    if (!had) {
      byKey.set(key, { ...r });
      continue;
    }
    const acc = had as unknown as Record<string, number>;
    for (const [k, v] of Object.entries(r)) if (k !== 'group' && k !== 'bucket') acc[k] += v as number;
  }
  return [...byKey.values()];
}

/**
 * The same aggregates as aggregateFacts over the same incidents, read from the daily rollups where
 * they answer exactly: whole UTC days inside one bucket, incidents that are not major, and no
 * min_* filter (a per-incident condition). Everything else is read from incident_facts.
 */
export async function aggregateWithRollups(db: Db, f: FactFilter, groupBy: GroupBy, bucketStarts: number[]): Promise<Row[]> {
  const perIncident = Boolean(f.minAcknowledgements || f.minTimeoutEscalations || f.minManualEscalations) || f.major === true;
  const plan = planSpans(f.start, f.end, bucketStarts);
  if (perIncident || !plan.rollup.length) return aggregateFacts(db, f, groupBy, bucketStarts);
  const parts: Row[][] = [await aggregateRollupSpans(db, f, groupBy, plan.rollup, bucketStarts)];
  if (plan.facts.length) parts.push(await aggregateFacts(db, { ...f, spans: plan.facts }, groupBy, bucketStarts));
  // Major incidents in the days the rollups answered (their figures depend on the range's end).
  if (f.major === undefined) parts.push(await aggregateFacts(db, { ...f, major: true, spans: plan.rollup }, groupBy, bucketStarts));
  return merge(parts);
}
