import type { Kysely } from 'kysely';

// PagerDuty's extensions (src/extensions): an extension of a schema (Slack, Generic V2 Webhook) on
// services, and the Slack message posted for each incident (so later changes update that message).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('schema_id', 'text', (c) => c.notNull())
    .addColumn('endpoint_url', 'text')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('temporarily_disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consecutive_drops', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('extension_objects')
    .addColumn('extension_id', 'text', (c) => c.notNull().references('extensions.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('extension_objects_pkey', ['extension_id', 'service_id'])
    .execute();
  await db.schema.createIndex('extension_objects_service_id_idx').on('extension_objects').column('service_id').execute();
  await db.schema
    .createTable('slack_messages')
    .addColumn('extension_id', 'text', (c) => c.notNull().references('extensions.id').onDelete('cascade'))
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('slack_messages_pkey', ['extension_id', 'incident_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('slack_messages').execute();
  await db.schema.dropTable('extension_objects').execute();
  await db.schema.dropTable('extensions').execute();
}
