import { sql, type Kysely } from 'kysely';

// Incidents, their log entries and notes, and the account-wide incident number counter.
// Frozen once merged. Times are epoch ms (bigint), JSON is TEXT, booleans 0/1.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('incident_counters').values({ name: 'incident_number', value: 0 }).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_number', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('incident_key', 'text')
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text')
    .addColumn('escalation_policy_id', 'text')
    // The escalation policy frozen at trigger (or reassignment): rules with their user targets.
    .addColumn('policy_snapshot', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('loops_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('assigned_via', 'text', (c) => c.notNull())
    .addColumn('assignments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('acknowledgements', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('body', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('incident_type', 'text', (c) => c.notNull().defaultTo('incident_default'))
    .addColumn('conference_bridge', 'text')
    .addColumn('first_trigger_log_entry_id', 'text')
    .addColumn('last_status_change_at', 'bigint', (c) => c.notNull())
    .addColumn('last_status_change_by', 'text')
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolve_reason', 'text')
    // Due times of the pending actions; the engine's timers mirror them, fenced by `version`.
    .addColumn('escalate_at', 'bigint')
    .addColumn('unacknowledge_at', 'bigint')
    .addColumn('auto_resolve_at', 'bigint')
    .addColumn('snoozed_until', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_incident_number_key').on('incidents').column('incident_number').unique().execute();
  // One open incident per (service, incident_key): two racing triggers cannot open two.
  await db.schema
    .createIndex('incidents_service_id_incident_key_key')
    .on('incidents')
    .columns(['service_id', 'incident_key'])
    .unique()
    .where(sql.ref('status'), '<>', 'resolved')
    .where(sql.ref('incident_key'), 'is not', null)
    .execute();
  await db.schema.createIndex('incidents_created_at_idx').on('incidents').column('created_at').execute();
  await db.schema.createIndex('incidents_service_id_created_at_idx').on('incidents').columns(['service_id', 'created_at']).execute();
  await db.schema.createIndex('incidents_status_created_at_idx').on('incidents').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('incidents_service_id_status_idx').on('incidents').columns(['service_id', 'status']).execute();
  await db.schema.createIndex('incidents_integration_id_idx').on('incidents').column('integration_id').execute();

  await db.schema
    .createTable('log_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('agent', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    // Type-specific fields (assignees, acknowledgement_timeout, changed_actions, event_details, ...).
    .addColumn('details', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('log_entries_incident_id_created_at_idx').on('log_entries').columns(['incident_id', 'created_at']).execute();
  await db.schema.createIndex('log_entries_created_at_idx').on('log_entries').column('created_at').execute();

  await db.schema
    .createTable('incident_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('user_id', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_notes_incident_id_idx').on('incident_notes').columns(['incident_id', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['incident_notes', 'log_entries', 'incidents', 'incident_counters']) await db.schema.dropTable(t).execute();
}
