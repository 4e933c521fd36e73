import { sql, type Kysely } from 'kysely';

// Frozen once merged. usersops (issue 14): PagerDuty's status update notification rules, which
// contact methods of a user get the status updates of incidents they follow. They decide it: a user
// without one gets none. As in PagerDuty every user starts with one to their default email, so every
// existing user gets a rule to the email contact method at their login address (the rule takes that
// contact method's id, unique already); new users get theirs when they are created (notify/defaults.ts).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('status_update_notification_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) => c.notNull().references('contact_methods.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('status_update_notification_rules_user_contact_key', ['user_id', 'contact_method_id'])
    .execute();
  await sql`
    INSERT INTO status_update_notification_rules (id, user_id, contact_method_id, created_at)
    SELECT cm.id, cm.user_id, cm.id, cm.created_at
    FROM contact_methods cm JOIN users u ON u.id = cm.user_id
    WHERE cm.type = 'email_contact_method' AND lower(cm.address) = lower(u.email)
  `.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('status_update_notification_rules').execute();
}
