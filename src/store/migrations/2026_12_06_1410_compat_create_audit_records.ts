import type { Kysely } from 'kysely';

// Frozen once merged. audit (issue 14): one row per change to a user, team, escalation policy,
// schedule or service made through the REST API or the UI (PagerDuty's audit records). `fields` is
// JSON text [{name, before_value?, value?}]. Times are epoch ms (bigint).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('execution_time', 'bigint', (c) => c.notNull())
    .addColumn('root_type', 'text', (c) => c.notNull())
    .addColumn('root_id', 'text', (c) => c.notNull())
    .addColumn('root_summary', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_summary', 'text')
    .addColumn('method_type', 'text', (c) => c.notNull())
    .addColumn('truncated_token', 'text')
    .addColumn('request_id', 'text')
    .addColumn('remote_address', 'text')
    .addColumn('description', 'text')
    .addColumn('fields', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_records_time_idx').on('audit_records').columns(['execution_time', 'id']).execute();
  await db.schema.createIndex('audit_records_root_idx').on('audit_records').columns(['root_type', 'root_id', 'execution_time']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_records').execute();
}
