// Histograms of time to first acknowledgement and to resolve, per rollup tier block, account-wide
// (analytics_duration_histograms), for the percentiles of /analytics/metrics/incidents/all.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../store/db.js';
import { TIERS, tierStartSql } from './tiers.js';

export type DurationMetric = 'first_ack' | 'resolve';
export const DURATION_COLUMNS: ReadonlyArray<readonly [DurationMetric, string]> = [
  ['first_ack', 'seconds_to_first_ack'],
  ['resolve', 'seconds_to_resolve'],
];

interface HistogramsTable {
  tier: string;
  period: number;
  metric: string;
  lo: number;
  n: number;
  total: number;
}

declare module '../executor.js' {
  interface TableRegistry {
    'analytics/durations': { analytics_duration_histograms: HistogramsTable };
  }
}

/** Significant bits kept: a value v ≥ 2^BITS falls in a bucket 2^(⌊log2 v⌋ − BITS + 1) wide. */
const BITS = 8;
const MAX_POWER = 40;

/**
 * The bucket of a duration in seconds, as its lowest value: the value itself below 2^BITS (256 s),
 * else the value with all but its BITS most significant bits cleared. Integer arithmetic, so the same
 * on both databases.
 */
export function bucketLoSql(col: string): string {
  const whens = [];
  for (let k = BITS; k < MAX_POWER; k++) whens.push(`when ${col} < ${2 ** (k + 1)} then ${col} - ${col} % ${2 ** (k - BITS + 1)}`);
  return `(case when ${col} < ${2 ** BITS} then ${col} ${whens.join(' ')} else ${col} end)`;
}


/**
 * The rows (metric, lo, v) of the incidents that `where` picks from incident_facts (an alias `f`), not
 * major, with their block start `p` for `tier` when given.
 */
export function durationRowsSql(where: ReturnType<typeof sql>, tier?: (typeof TIERS)[number]) {
  const p = tier ? sql.raw(`${tierStartSql(tier, 'created_at')} as p, `) : sql``;
  return sql.join(
    DURATION_COLUMNS.map(([metric, col]) => sql`select ${p}${sql.lit(metric)} as metric, ${sql.raw(bucketLoSql(col))} as lo, ${sql.raw(col)} as v from incident_facts f where ${sql.raw(col)} is not null and ${where}`),
    sql` union all `,
  );
}

/** Adds (1) or takes away (-1) the durations of the incidents `which` picks in every tier. */
export async function applyDurationRollups(db: Db, which: RawBuilder<unknown>, sign: 1 | -1): Promise<void> {
  const where = sql`major = 0 and ${which}`;
  for (const tier of TIERS) {
    await sql`insert into analytics_duration_histograms as t (tier, period, metric, lo, n, total)
      select ${sql.lit(tier)}, p, metric, lo, ${sql.lit(sign)} * count(*), ${sql.lit(sign)} * sum(v) from (${durationRowsSql(where, tier)}) x
      group by p, metric, lo
      on conflict (tier, period, metric, lo) do update set n = t.n + excluded.n, total = t.total + excluded.total`.execute(db);
  }
}
