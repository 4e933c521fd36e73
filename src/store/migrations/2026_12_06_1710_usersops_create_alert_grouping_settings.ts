import type { Kysely } from 'kysely';

// Frozen once merged. usersops (issue 14): PagerDuty's alert grouping settings, a named grouping
// config (type, config JSON in the setting's units) shared by services. A service is in at most one
// setting (the primary key of the link). The services' own alert_grouping_parameters stay what
// grouping reads; a setting writes them (services/grouping-settings.ts). Times are epoch ms.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_grouping_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text')
    .addColumn('description', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alert_grouping_setting_services')
    .addColumn('service_id', 'text', (c) => c.primaryKey())
    .addColumn('setting_id', 'text', (c) => c.notNull().references('alert_grouping_settings.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('alert_grouping_setting_services_setting_idx').on('alert_grouping_setting_services').column('setting_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_grouping_setting_services').execute();
  await db.schema.dropTable('alert_grouping_settings').execute();
}
