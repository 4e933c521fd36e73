import { sql, type Kysely } from 'kysely';

// Frozen once merged. analytics_rollup_hours (issue 15): the account tier, the sums of
// analytics_rollups per UTC hour (hour: its first instant in ms), priority and urgency, without the
// service, team, escalation policy and integration split, so a report that neither filters nor groups
// by those reads 24 rows a day per (priority, urgency), and a day in a zone with a whole-hour offset
// needs no facts (docs/analytics.md). Only facts with major = 0; a missing priority is stored as ''.

const SUMS = [
  'total_incident_count', 'sum_resolve', 'n_resolve', 'sum_first_ack', 'n_first_ack', 'sum_engage', 'n_engage',
  'sum_mobilize', 'n_mobilize', 'total_engaged_seconds', 'n_engaged', 'sum_engaged_users', 'sum_assignments',
  'total_escalation_count', 'total_incidents_acknowledged', 'total_incidents_auto_resolved',
  'total_incidents_manual_escalated', 'total_incidents_timeout_escalated', 'total_incidents_reassigned',
  'total_notifications', 'total_interruptions', 'total_business_hour_interruptions', 'total_off_hour_interruptions',
  'total_sleep_hour_interruptions', 'total_snoozed_seconds', 'total_alerts',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  let t = db.schema
    .createTable('analytics_rollup_hours')
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('priority_id', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull());
  for (const s of SUMS) t = t.addColumn(s, 'bigint', (c) => c.notNull());
  await t.addPrimaryKeyConstraint('analytics_rollup_hours_pkey', ['hour', 'priority_id', 'urgency']).execute();
  // Backfill from the facts already there (the same sums as FACT_SUMS in src/analytics/store.ts).
  await sql`insert into analytics_rollup_hours (hour, priority_id, urgency, ${sql.raw(SUMS.join(', '))})
    select created_at - (created_at % 3600000), coalesce(priority_id, ''), urgency,
      count(*), coalesce(sum(seconds_to_resolve), 0), count(seconds_to_resolve), coalesce(sum(seconds_to_first_ack), 0),
      count(seconds_to_first_ack), coalesce(sum(seconds_to_engage), 0), count(seconds_to_engage),
      coalesce(sum(seconds_to_mobilize), 0), count(seconds_to_mobilize), coalesce(sum(engaged_seconds), 0),
      sum(case when engaged_user_count > 0 then 1 else 0 end), coalesce(sum(engaged_user_count), 0),
      coalesce(sum(assignment_count), 0), coalesce(sum(escalation_count), 0),
      sum(case when acknowledgement_count > 0 then 1 else 0 end), sum(case when auto_resolved = 1 then 1 else 0 end),
      sum(case when manual_escalation_count > 0 then 1 else 0 end), sum(case when timeout_escalation_count > 0 then 1 else 0 end),
      sum(case when reassignment_count > 0 then 1 else 0 end), coalesce(sum(notification_count), 0),
      coalesce(sum(interruptions), 0), coalesce(sum(business_hour_interruptions), 0), coalesce(sum(off_hour_interruptions), 0),
      coalesce(sum(sleep_hour_interruptions), 0), coalesce(sum(snoozed_seconds), 0), coalesce(sum(alert_count), 0)
    from incident_facts where major = 0
    group by created_at - (created_at % 3600000), coalesce(priority_id, ''), urgency`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_rollup_hours').execute();
}
