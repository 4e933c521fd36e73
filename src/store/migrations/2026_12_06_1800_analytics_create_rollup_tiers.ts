import { sql, type Kysely } from 'kysely';

// Frozen once merged. analytics_rollup_periods (issue 15): the same sums as analytics_rollups for
// weeks (from Monday, UTC) and calendar months (UTC), so a 90-day account report reads a few weeks
// and months of rollups instead of 90 days of them (docs/analytics.md). tier is 'week' or 'month';
// period is the block's first instant in ms. A missing id is stored as '' (as in analytics_rollups).
// analytics_duration_histograms: per tier block (day, week, month), account-wide, how many incidents
// (not major) took each bucket of seconds to first acknowledgement and to resolve, for the percentiles
// of /analytics/metrics/incidents/all.

const SUMS = [
  'total_incident_count', 'sum_resolve', 'n_resolve', 'sum_first_ack', 'n_first_ack', 'sum_engage', 'n_engage',
  'sum_mobilize', 'n_mobilize', 'total_engaged_seconds', 'n_engaged', 'sum_engaged_users', 'sum_assignments',
  'total_escalation_count', 'total_incidents_acknowledged', 'total_incidents_auto_resolved',
  'total_incidents_manual_escalated', 'total_incidents_timeout_escalated', 'total_incidents_reassigned',
  'total_notifications', 'total_interruptions', 'total_business_hour_interruptions', 'total_off_hour_interruptions',
  'total_sleep_hour_interruptions', 'total_snoozed_seconds', 'total_alerts',
];
const KEYS = ['service_id', 'team_id', 'escalation_policy_id', 'integration_id', 'priority_id', 'urgency'];

// The first instant of `col`'s UTC month with integer arithmetic (H. Hinnant's civil-from-days), as
// src/analytics/tiers.ts computes it; copied here so this migration stays as it ran.
function monthStart(col: string): string {
  const d = `(${col} / 86400000)`;
  const z = `(${d} + 719468)`;
  const doe = `(${z} - (${z} / 146097) * 146097)`;
  const yoe = `((${doe} - ${doe} / 1460 + ${doe} / 36524 - ${doe} / 146096) / 365)`;
  const doy = `(${doe} - (365 * ${yoe} + ${yoe} / 4 - ${yoe} / 100))`;
  const mp = `((5 * ${doy} + 2) / 153)`;
  return `((${d} - ${doy} + (153 * ${mp} + 2) / 5) * 86400000)`;
}

// A duration's histogram bucket, as src/analytics/durations.ts computes it: the value below 128 s, else
// the value with all but its 8 most significant bits cleared; total is the sum of the values.
function bucketLo(col: string): string {
  const whens = [];
  for (let k = 8; k < 40; k++) whens.push(`when ${col} < ${2 ** (k + 1)} then ${col} - ${col} % ${2 ** (k - 7)}`);
  return `(case when ${col} < 256 then ${col} ${whens.join(' ')} else ${col} end)`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  let t = db.schema
    .createTable('analytics_rollup_periods')
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('period', 'bigint', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('escalation_policy_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('priority_id', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull());
  for (const s of SUMS) t = t.addColumn(s, 'bigint', (c) => c.notNull());
  await t.addPrimaryKeyConstraint('analytics_rollup_periods_pkey', ['tier', 'period', 'service_id', 'team_id', 'escalation_policy_id', 'integration_id', 'priority_id', 'urgency']).execute();
  // Backfill from the daily rollups (a week or a month is a whole number of UTC days).
  const cols = [...KEYS, ...SUMS].join(', ');
  const sums = SUMS.map((s) => `sum(${s})`).join(', ');
  for (const [tier, expr] of [['week', '(day - ((day + 259200000) % 604800000))'], ['month', monthStart('day')]]) {
    await sql`insert into analytics_rollup_periods (tier, period, ${sql.raw(cols)})
      select ${tier}, p, ${sql.raw(KEYS.join(', '))}, ${sql.raw(sums)}
      from (select ${sql.raw(expr)} as p, r.* from analytics_rollups r) x
      group by p, ${sql.raw(KEYS.join(', '))}`.execute(db);
  }
  await db.schema
    .createTable('analytics_duration_histograms')
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('period', 'bigint', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('lo', 'bigint', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('analytics_duration_histograms_pkey', ['tier', 'period', 'metric', 'lo'])
    .execute();
  const tiers: Array<[string, string]> = [['day', '(created_at - (created_at % 86400000))'], ['week', '(created_at - ((created_at + 259200000) % 604800000))'], ['month', monthStart('created_at')]];
  for (const [tier, p] of tiers) {
    const rows = [['first_ack', 'seconds_to_first_ack'], ['resolve', 'seconds_to_resolve']].map(
      ([metric, col]) => `select ${p} as p, '${metric}' as metric, ${bucketLo(col)} as lo, ${col} as v from incident_facts where major = 0 and ${col} is not null`,
    );
    await sql`insert into analytics_duration_histograms (tier, period, metric, lo, n, total)
      select ${sql.lit(tier)}, p, metric, lo, count(*), sum(v) from (${sql.raw(rows.join(' union all '))}) x group by p, metric, lo`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_duration_histograms').execute();
  await db.schema.dropTable('analytics_rollup_periods').execute();
}
