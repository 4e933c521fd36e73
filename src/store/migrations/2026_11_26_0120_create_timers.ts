import type { Kysely } from 'kysely';

// Frozen once merged. The durable timers of engine/ and the maintenance windows of maintenance/.
// Times are epoch milliseconds (bigint); booleans are integers 0/1.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('timers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    // The subject's version when the timer was scheduled; the handler no-ops when it is stale.
    .addColumn('fence', 'bigint', (c) => c.notNull().defaultTo(0))
    // Failed runs so far; each failure pushes due_at back (exponential backoff).
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    // The first due time, kept across retries, so lag is measured from when it was meant to run.
    .addColumn('first_due_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  // One pending timer per (kind, subject): scheduling again replaces it.
  await db.schema.createIndex('timers_kind_subject_id_key').on('timers').columns(['kind', 'subject_id']).unique().execute();
  await db.schema.createIndex('timers_due_at_idx').on('timers').columns(['due_at', 'id']).execute();
  await db.schema.createIndex('timers_subject_id_idx').on('timers').column('subject_id').execute();

  await db.schema
    .createTable('maintenance_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sequence_number', 'integer', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('maintenance_windows_sequence_number_key')
    .on('maintenance_windows')
    .column('sequence_number')
    .unique()
    .execute();
  await db.schema.createIndex('maintenance_windows_end_time_idx').on('maintenance_windows').columns(['end_time', 'start_time']).execute();

  await db.schema
    .createTable('maintenance_window_services')
    .addColumn('window_id', 'text', (c) => c.notNull().references('maintenance_windows.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('maintenance_window_services_pkey', ['window_id', 'service_id'])
    .execute();
  await db.schema
    .createIndex('maintenance_window_services_service_id_idx')
    .on('maintenance_window_services')
    .column('service_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['maintenance_window_services', 'maintenance_windows', 'timers']) await db.schema.dropTable(t).execute();
}
