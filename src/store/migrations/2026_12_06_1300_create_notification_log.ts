import type { Kysely } from 'kysely';

// Frozen once merged. notify: one row per notification sent to (or given up for) a person, for
// GET /notifications. The outbox forgets a row once delivered, so this is the record of what went
// out. Kept for 100 days (a retention sweep in notify's housekeeping): PagerDuty's window is 3 months.
// Times are epoch ms (bigint).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('contact_method_id', 'text')
    .addColumn('incident_id', 'text')
    .addColumn('address', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_log_started_at_idx').on('notification_log').columns(['started_at', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notification_log').execute();
}
