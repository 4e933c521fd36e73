import type { Kysely } from 'kysely';

// Analytics summary rows: one per incident, recomputed from its log entries whenever it changes.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_facts')
    .addColumn('incident_id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('escalation_policy_id', 'text')
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('major', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('seconds_to_resolve', 'integer')
    .addColumn('seconds_to_first_ack', 'integer')
    .addColumn('seconds_to_engage', 'integer')
    .addColumn('seconds_to_mobilize', 'integer')
    .addColumn('acknowledgement_count', 'integer', (c) => c.notNull())
    .addColumn('engaged_user_ids', 'text', (c) => c.notNull())
    .addColumn('engaged_user_count', 'integer', (c) => c.notNull())
    .addColumn('engaged_seconds', 'integer', (c) => c.notNull())
    .addColumn('assignment_count', 'integer', (c) => c.notNull())
    .addColumn('reassignment_count', 'integer', (c) => c.notNull())
    .addColumn('escalation_count', 'integer', (c) => c.notNull())
    .addColumn('manual_escalation_count', 'integer', (c) => c.notNull())
    .addColumn('timeout_escalation_count', 'integer', (c) => c.notNull())
    .addColumn('auto_resolved', 'integer', (c) => c.notNull())
    .addColumn('resolved_by_user_id', 'text')
    .addColumn('notification_count', 'integer', (c) => c.notNull())
    .addColumn('interruptions', 'integer', (c) => c.notNull())
    .addColumn('business_hour_interruptions', 'integer', (c) => c.notNull())
    .addColumn('off_hour_interruptions', 'integer', (c) => c.notNull())
    .addColumn('sleep_hour_interruptions', 'integer', (c) => c.notNull())
    .addColumn('snoozed_seconds', 'integer', (c) => c.notNull())
    .addColumn('alert_count', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_facts_service_id_created_at_idx').on('incident_facts').columns(['service_id', 'created_at']).execute();
  await db.schema.createIndex('incident_facts_created_at_idx').on('incident_facts').column('created_at').execute();
  await db.schema
    .createIndex('incident_facts_integration_id_created_at_idx')
    .on('incident_facts')
    .columns(['integration_id', 'created_at'])
    .execute();

  // Incidents whose facts must be recomputed; written in the transaction that changed the incident.
  await db.schema
    .createTable('analytics_dirty')
    .addColumn('incident_id', 'text', (c) => c.primaryKey())
    .addColumn('marked_at', 'bigint', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analytics_dirty').execute();
  await db.schema.dropTable('incident_facts').execute();
}
