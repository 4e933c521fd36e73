import type { Kysely } from 'kysely';

// Private calendar feed keys (schedules' http_cal_url/web_cal_url and each user's own feed). The key is
// kept as is, not hashed: PagerDuty shows a schedule's feed URL on every read of the schedule, so
// Tocsin must be able to print it again; rotation is the answer to a leaked URL. One key per owner.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('owner_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_feeds_pkey', ['owner_type', 'owner_id'])
    .addUniqueConstraint('calendar_feeds_secret_key', ['secret'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
}
