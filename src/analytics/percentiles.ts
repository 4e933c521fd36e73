// The p50/p75/p90/p95 fields of /analytics/metrics/incidents/all (nearest rank).
import { sql } from 'kysely';
import type { Db } from '../store/db.js';
import { DURATION_COLUMNS, durationRowsSql, type DurationMetric } from './durations.js';
import { planSpans } from './rollups.js';
import { sortedValues, type FactFilter } from './store.js';

const PS = [50, 75, 90, 95] as const;

/** Per metric, the histogram buckets (lowest value → count and sum of the values), sorted by lo. */
export type Histogram = Record<DurationMetric, Array<{ lo: number; n: number; total: number }>>;

/** Whether the account-wide histograms answer this filter: only the time range (and major: false). */
export function histogramsAnswer(f: FactFilter): boolean {
  const lists = [f.serviceIds, f.teamIds, f.integrationIds, f.escalationPolicyIds, f.priorityIds];
  return !lists.some((l) => l?.length) && !f.urgency && f.major !== true && !f.minAcknowledgements && !f.minTimeoutEscalations && !f.minManualEscalations;
}

const spansSql = (spans: Array<[number, number]>) => sql`(${sql.join(spans.map(([a, b]) => sql`(created_at >= ${a} and created_at < ${b})`), sql` or `)})`;

/**
 * The duration histograms of the incidents in the filter's range: from the rollup tiers where they
 * answer ('rollups'), or from every incident's facts ('facts'; the equivalence test compares them).
 */
export async function durationHistogram(db: Db, f: FactFilter, from: 'rollups' | 'facts'): Promise<Histogram> {
  const majorOnly = f.major === false ? sql` and major = 0` : sql``;
  const plan = from === 'rollups' ? planSpans(f.start, f.end, []) : { facts: [[f.start, f.end]] as Array<[number, number]>, rollupDays: [], blocks: { days: [], weeks: [], months: [] } };
  const parts: Array<{ metric: string; lo: number; n: number; total: number }[]> = [];
  // The edges from the facts, with the major incidents of the days the rollups answer (never rolled up).
  const factWhere = [
    ...(plan.facts.length ? [sql`(${spansSql(plan.facts)}${majorOnly})`] : []),
    ...(plan.rollupDays.length && f.major === undefined ? [sql`(major = 1 and ${spansSql(plan.rollupDays)})`] : []),
  ];
  if (factWhere.length) {
    const q = sql<{ metric: string; lo: number; n: number; total: number }>`select metric, lo, count(*) as n, sum(v) as total
      from (${durationRowsSql(sql`(${sql.join(factWhere, sql` or `)})`)}) x group by metric, lo`;
    parts.push((await q.execute(db)).rows);
  }
  const { days, weeks, months } = plan.blocks;
  const blocks = [
    ...(days.length ? [sql`(tier = 'day' and (${sql.join(days.map(([a, b]) => sql`(period >= ${a} and period < ${b})`), sql` or `)}))`] : []),
    ...(weeks.length ? [sql`(tier = 'week' and period in (${sql.join(weeks)}))`] : []),
    ...(months.length ? [sql`(tier = 'month' and period in (${sql.join(months)}))`] : []),
  ];
  if (blocks.length) {
    const q = sql<{ metric: string; lo: number; n: number; total: number }>`select metric, lo, sum(n) as n, sum(total) as total
      from analytics_duration_histograms where ${sql.join(blocks, sql` or `)} group by metric, lo`;
    parts.push((await q.execute(db)).rows);
  }
  const out: Histogram = { first_ack: [], resolve: [] };
  for (const [metric] of DURATION_COLUMNS) {
    const byLo = new Map<number, { lo: number; n: number; total: number }>();
    for (const r of parts.flat()) {
      if (r.metric !== metric || Number(r.n) === 0) continue;
      const had = byLo.get(Number(r.lo)) ?? { lo: Number(r.lo), n: 0, total: 0 };
      had.n += Number(r.n);
      had.total += Number(r.total);
      byLo.set(had.lo, had);
    }
    out[metric] = [...byLo.values()].filter((b) => b.n !== 0).sort((a, b) => a.lo - b.lo);
  }
  return out;
}

/** The nearest-rank percentile from a histogram: the mean of the bucket that holds that rank. */
function fromHistogram(buckets: Histogram[DurationMetric], p: number): number | null {
  const n = buckets.reduce((s, b) => s + b.n, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const b of buckets) {
    seen += b.n;
    if (seen >= rank) return Math.round(b.total / b.n);
  }
  return null;
}

function fromSorted(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * The p50/p75/p90/p95 fields. Account-wide (a time range only) from the duration histograms: the
 * bucket holding the nearest rank is exact, the value is its mean, within 1/128 of the exact one
 * (exact below 256 s and whenever the bucket's values are equal). Any other filter, or `exact`: the
 * exact nearest rank over every matching incident, sorted.
 */
export async function percentiles(db: Db, filter: FactFilter, exact = false) {
  const out: Record<string, number | null> = {};
  if (!exact && histogramsAnswer(filter)) {
    const h = await durationHistogram(db, filter, 'rollups');
    for (const p of PS) {
      out[`p${p}_seconds_to_first_ack`] = fromHistogram(h.first_ack, p);
      out[`p${p}_seconds_to_resolve`] = fromHistogram(h.resolve, p);
    }
    return out;
  }
  const ack = await sortedValues(db, filter, 'seconds_to_first_ack');
  const res = await sortedValues(db, filter, 'seconds_to_resolve');
  for (const p of PS) {
    out[`p${p}_seconds_to_first_ack`] = fromSorted(ack, p);
    out[`p${p}_seconds_to_resolve`] = fromSorted(res, p);
  }
  return out;
}
