import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../store/db.js';
import { aggregateHours, hoursAnswer, planHours } from './hours.js';
import { addBlocks, HOUR, type Blocks } from './tiers.js';
import { aggregateFacts, bucketCase, FACT_SUMS, numericAggregate, type Aggregate, type FactFilter } from './store.js';

const DAY = 86_400_000;

export type GroupBy = 'service_id' | 'team_id' | 'integration_id' | 'escalation_policy_id' | null;
type Row = Aggregate & { bucket: number };

/** How a report over [start, end) with buckets starting at `bucketStarts` is read. */
export interface Plan {
  /** Spans read wholly from incident_facts: the range's cut edges and days two boundaries cut. */
  facts: Array<[number, number]>;
  /** Every whole UTC day the rollups answer (major incidents in them are read from the facts). */
  rollupDays: Array<[number, number]>;
  /** The rollup blocks covering rollupDays, none straddling a bucket. */
  blocks: Blocks;
  /** The bucket starts that rollup blocks are assigned by: on a UTC midnight wherever they cut a day. */
  thresholds: number[];
  /** [boundary, next midnight): in a day the rollups put in the bucket before the real one. */
  tails: Array<[number, number]>;
  /** [midnight, boundary): in a day the rollups put in the bucket after the real one. */
  heads: Array<[number, number]>;
}

/**
 * Which parts of [start, end) the rollups answer. A UTC day that one bucket boundary cuts (local
 * midnight in another time zone) is still read from the rollups, in the bucket that holds most of
 * it; the smaller side is read from incident_facts and moved to its real bucket (its sums subtracted
 * from one and added to the other), so a Europe/Paris week reads 1–2 hours of facts, not a day. The
 * range's cut edges, and a day that two boundaries cut, are read from the facts.
 */
export function planSpans(start: number, end: number, bucketStarts: number[]): Plan {
  const plan: Plan = { facts: [], rollupDays: [], blocks: { days: [], weeks: [], months: [] }, thresholds: [...bucketStarts], tails: [], heads: [] };
  let at = start;
  for (let day = Math.ceil(start / DAY) * DAY; day + DAY <= end; day += DAY) {
    const cuts = bucketStarts.flatMap((b, i) => (b > day && b < day + DAY ? [i] : []));
    if (cuts.length > 1) continue;
    if (cuts.length === 1) {
      const b = bucketStarts[cuts[0]];
      const tail = day + DAY - b <= b - day;
      plan.thresholds[cuts[0]] = tail ? day + DAY : day;
      if (tail) push(plan.tails, b, day + DAY);
      else push(plan.heads, day, b);
    }
    push(plan.facts, at, day);
    push(plan.rollupDays, day, day + DAY);
    at = day + DAY;
  }
  push(plan.facts, at, end);
  // Runs of days in one bucket, each cut into the fewest day, week and month blocks.
  for (const [a, b] of plan.rollupDays) {
    let s = a;
    for (const t of plan.thresholds) {
      if (t > s && t < b) {
        addBlocks(s, t, plan.blocks);
        s = t;
      }
    }
    addBlocks(s, b, plan.blocks);
  }
  return plan;
}

function push(list: Array<[number, number]>, a: number, b: number): void {
  if (a >= b) return;
  const last = list[list.length - 1];
  if (last && last[1] === a) last[1] = b;
  else list.push([a, b]);
}

interface Dimensions {
  service_id: string;
  team_id: string;
  escalation_policy_id: string;
  integration_id: string;
  priority_id: string;
  urgency: string;
}
interface RollupsTable extends Dimensions {
  day: number;
}
interface PeriodsTable extends Dimensions {
  tier: string;
  period: number;
}

declare module '../executor.js' {
  interface TableRegistry {
    'analytics/rollups': { analytics_rollups: RollupsTable; analytics_rollup_periods: PeriodsTable };
  }
}

/** The filters a rollup row can answer (its dimensions). */
function dimensionFilters(f: FactFilter): RawBuilder<unknown>[] {
  const out: RawBuilder<unknown>[] = [];
  const lists: Array<[string, string[] | undefined]> = [
    ['service_id', f.serviceIds],
    ['team_id', f.teamIds],
    ['integration_id', f.integrationIds],
    ['escalation_policy_id', f.escalationPolicyIds],
    ['priority_id', f.priorityIds],
  ];
  for (const [col, ids] of lists) if (ids?.length) out.push(sql`${sql.ref(col)} in (${sql.join(ids)})`);
  if (f.urgency) out.push(sql`urgency = ${f.urgency}`);
  return out;
}

/** Sums of the rollup rows of one table that `where` picks, per group and bucket (by `col`). */
async function aggregateRollupRows(db: Db, col: 'day' | 'period', where: RawBuilder<unknown>, f: FactFilter, groupBy: GroupBy, thresholds: number[]): Promise<Row[]> {
  const bucket = bucketCase(col, thresholds);
  // '' is how the rollups store a missing id.
  const group = groupBy ? sql`nullif(${sql.ref(groupBy)}, '')` : sql`null`;
  const groups = [...(groupBy ? [sql.ref(groupBy)] : []), ...(thresholds.length ? [bucket] : [])];
  const sums = FACT_SUMS.map(([name]) => sql`coalesce(sum(${sql.ref(name)}), 0) as ${sql.ref(name)}`);
  const q = sql<Row>`select ${group} as ${sql.ref('group')}, ${bucket} as bucket, 0 as major_seconds, ${sql.join(sums)}
    from ${sql.table(col === 'day' ? 'analytics_rollups' : 'analytics_rollup_periods')}
    where ${sql.join([where, ...dimensionFilters(f)], sql` and `)}
    ${groups.length ? sql`group by ${sql.join(groups)}` : sql``}`;
  return (await q.execute(db)).rows.map(numericAggregate);
}

async function aggregateBlocks(db: Db, f: FactFilter, groupBy: GroupBy, plan: Plan): Promise<Row[][]> {
  const { days, weeks, months } = plan.blocks;
  const parts: Row[][] = [];
  if (days.length) {
    const where = sql`(${sql.join(days.map(([a, b]) => sql`(day >= ${a} and day < ${b})`), sql` or `)})`;
    parts.push(await aggregateRollupRows(db, 'day', where, f, groupBy, plan.thresholds));
  }
  const periods = [
    ...(weeks.length ? [sql`(tier = 'week' and period in (${sql.join(weeks)}))`] : []),
    ...(months.length ? [sql`(tier = 'month' and period in (${sql.join(months)}))`] : []),
  ];
  if (periods.length) parts.push(await aggregateRollupRows(db, 'period', sql`(${sql.join(periods, sql` or `)})`, f, groupBy, plan.thresholds));
  return parts;
}

/** Rows of facts that the rollups counted in the bucket `shift` away from their real one: moved back. */
function moved(rows: Row[], shift: 1 | -1): Row[] {
  const negated = (r: Row): Row => {
    const out = { ...r, bucket: r.bucket + shift } as Record<string, unknown>;
    for (const [k, v] of Object.entries(r)) if (k !== 'group' && k !== 'bucket') out[k] = -(v as number);
    return out as unknown as Row;
  };
  return rows.flatMap((r) => [r, negated(r)]);
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
 * The same aggregates as aggregateFacts over the same incidents, read from the rollup tiers where
 * they answer exactly: incidents that are not major, and no min_* filter (a per-incident condition).
 * A report that neither groups nor filters by service, team, escalation policy or integration reads
 * the account tier's hours (hours.ts), any other the day, week and month tiers (planSpans).
 * Everything else is read from incident_facts.
 */
export async function aggregateWithRollups(db: Db, f: FactFilter, groupBy: GroupBy, bucketStarts: number[]): Promise<Row[]> {
  const perIncident = Boolean(f.minAcknowledgements || f.minTimeoutEscalations || f.minManualEscalations) || f.major === true;
  if (perIncident) return aggregateFacts(db, f, groupBy, bucketStarts);
  if (hoursAnswer(f, groupBy)) return aggregateAccount(db, f, bucketStarts);
  const plan = planSpans(f.start, f.end, bucketStarts);
  if (!plan.rollupDays.length) return aggregateFacts(db, f, groupBy, bucketStarts);
  const parts = await aggregateBlocks(db, f, groupBy, plan);
  if (plan.facts.length) parts.push(await aggregateFacts(db, { ...f, spans: plan.facts }, groupBy, bucketStarts));
  // The smaller sides of the days a boundary cuts (only incidents the rollups hold: not major), one
  // query per span: PostgreSQL plans an OR of many short ranges as a scan of the whole range.
  for (const [spans, shift] of [[plan.tails, -1], [plan.heads, 1]] as const) {
    for (const span of spans) parts.push(moved(await aggregateFacts(db, { ...f, major: false, spans: [span] }, groupBy, bucketStarts), shift));
  }
  // Major incidents in the days the rollups answered (their figures depend on the range's end).
  if (f.major === undefined) parts.push(await aggregateFacts(db, { ...f, major: true, spans: plan.rollupDays }, groupBy, bucketStarts));
  return merge(parts);
}

/** An account-wide report from the account tier's hours, the range's edges and cut hours from the facts. */
async function aggregateAccount(db: Db, f: FactFilter, bucketStarts: number[]): Promise<Row[]> {
  const plan = planHours(f.start, f.end, bucketStarts);
  if (!plan.hours) return aggregateFacts(db, f, null, bucketStarts);
  const parts = [await aggregateHours(db, f, plan, bucketStarts)];
  if (plan.edges.length) parts.push(await aggregateFacts(db, { ...f, spans: plan.edges }, null, bucketStarts));
  // The hours a boundary cuts, one query per hour with the hour as its range (so the index range is
  // the hour: SQLite scanned the report's range for each); major incidents in them are read below.
  for (const h of plan.cut) parts.push(await aggregateFacts(db, { ...f, start: h, end: h + HOUR, major: false }, null, bucketStarts));
  if (f.major === undefined) parts.push(await aggregateFacts(db, { ...f, major: true, spans: [plan.hours] }, null, bucketStarts));
  return merge(parts);
}
