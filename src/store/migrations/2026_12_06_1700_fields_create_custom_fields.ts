import type { Kysely } from 'kysely';

// Frozen once merged. custom-fields (issue 14): PagerDuty's incident types, the custom fields of
// each type, the fixed options of a field, and the values set on incidents. The base type
// `incident_default` exists on every install (seeded here with a fixed id). Options keep the order they were added in (`position`). Values and defaults are
// JSON text (a string, number, boolean, array of strings, or null); `enabled` is 0 or 1. Field names
// are unique on the account (values are set by name). Times are epoch ms (bigint).

const BASE_TYPE_ID = 'PBASE00';
const SEEDED_AT = Date.UTC(2026, 11, 6, 17, 0, 0);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_types')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('incident_types')
    .values({ id: BASE_TYPE_ID, name: 'incident_default', display_name: 'Base Incident', description: 'The base incident type.', parent_id: null, enabled: 1, created_at: SEEDED_AT, updated_at: SEEDED_AT })
    .execute();
  await db.schema
    .createTable('incident_custom_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type_id', 'text', (c) => c.notNull().references('incident_types.id'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('field_type', 'text', (c) => c.notNull())
    .addColumn('default_value', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_custom_fields_type_idx').on('incident_custom_fields').column('type_id').execute();
  await db.schema
    .createTable('incident_custom_field_options')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('field_id', 'text', (c) => c.notNull().references('incident_custom_fields.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('incident_custom_field_options_value_key', ['field_id', 'value'])
    .execute();
  await db.schema
    .createTable('incident_custom_field_values')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('field_id', 'text', (c) => c.notNull().references('incident_custom_fields.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_custom_field_values_pkey', ['incident_id', 'field_id'])
    .execute();
  await db.schema.createIndex('incident_custom_field_values_field_idx').on('incident_custom_field_values').column('field_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_custom_field_values').execute();
  await db.schema.dropTable('incident_custom_field_options').execute();
  await db.schema.dropTable('incident_custom_fields').execute();
  await db.schema.dropTable('incident_types').execute();
}
