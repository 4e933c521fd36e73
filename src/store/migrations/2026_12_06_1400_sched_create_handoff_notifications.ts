import type { Kysely } from 'kysely';

// On-call handoff notifications (branch sched): the users' rules (PagerDuty's
// /users/{id}/oncall_handoff_notification_rules) and the ledger of handoffs already announced, whose
// primary key makes "once per rule and handoff" hold across retries, restarts and several nodes.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('handoff_notification_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) => c.notNull().references('contact_methods.id').onDelete('cascade'))
    .addColumn('handoff_type', 'text', (c) => c.notNull())
    .addColumn('notify_advance_in_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('handoff_notification_rules_user_id_idx').on('handoff_notification_rules').column('user_id').execute();
  await db.schema
    .createTable('handoff_notices')
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text', (c) => c.notNull())
    .addColumn('handoff_at', 'bigint', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('handoff_notices_pkey', ['rule_id', 'schedule_id', 'handoff_at', 'direction'])
    .execute();
  await db.schema.createIndex('handoff_notices_schedule_idx').on('handoff_notices').columns(['schedule_id', 'handoff_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('handoff_notices').execute();
  await db.schema.dropTable('handoff_notification_rules').execute();
}
