import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen once merged. The event path: the durable inbox (which is also each integration's event
// log), alerts, and change events. Times are epoch ms (bigint), JSON is TEXT, booleans 0/1.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  // Arrival order is `seq`. A row is pending while processed_at is null; it stays afterwards as the
  // integration's event log (with its outcome) until retention removes it.
  await db.schema
    .createTable('event_inbox')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    // The service when the event arrived: the unit of ordering.
    .addColumn('service_id', 'text', (c) => c.notNull())
    // 'events_v2' | 'events_v1' | 'email' | 'vendor'
    .addColumn('api', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    // The normalised event (summary, severity, details, channel, ...).
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .addColumn('outcome', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('incident_id', 'text')
    .execute();
  // Few indexes: every one is paid on the ingestion hot path. Pending events in arrival order
  // (the processor claims from it; on PostgreSQL it filters the services it locked), and each
  // integration's event log.
  await db.schema
    .createIndex('event_inbox_pending_seq_idx')
    .on('event_inbox')
    .column('seq')
    .where(sql.ref('processed_at'), 'is', null)
    .execute();
  await db.schema.createIndex('event_inbox_integration_id_seq_idx').on('event_inbox').columns(['integration_id', 'seq']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text')
    .addColumn('alert_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('suppressed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_trigger_log_entry_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  // Dedup lives in the database: one open alert per (integration, key).
  await db.schema
    .createIndex('alerts_integration_id_alert_key_key')
    .on('alerts')
    .columns(['integration_id', 'alert_key'])
    .unique()
    .where(sql.ref('status'), '=', 'triggered')
    .execute();
  await db.schema.createIndex('alerts_incident_id_created_at_idx').on('alerts').columns(['incident_id', 'created_at']).execute();
  await db.schema.createIndex('alerts_service_id_status_created_at_idx').on('alerts').columns(['service_id', 'status', 'created_at']).execute();

  await db.schema
    .createTable('change_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('routing_key', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('images', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_details', 'text')
    .addColumn('team_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_events_timestamp_idx').on('change_events').columns(['timestamp', 'id']).execute();
  await db.schema.createIndex('change_events_service_id_timestamp_idx').on('change_events').columns(['service_id', 'timestamp']).execute();
  await db.schema.createIndex('change_events_integration_id_idx').on('change_events').column('integration_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['change_events', 'alerts', 'event_inbox']) await db.schema.dropTable(t).execute();
}
