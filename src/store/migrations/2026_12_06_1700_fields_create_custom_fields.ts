import type { Kysely } from 'kysely';

// Frozen once merged. custom-fields (issue 14): PagerDuty's incident types, custom fields (of an
// incident type, namespace `incidents`; or of services, namespace `services`, no type), the fixed
// options of a field (in the order added: `position`), and the values set on incidents or services
// (`object_id`). The base type `incident_default` exists on every install (seeded here with a fixed
// id). Values and defaults are JSON text (a string, number, boolean, array of strings, or null);
// `enabled` is 0 or 1. Field names are unique in their namespace (values are set by name). Times are
// epoch ms (bigint).

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
    .createTable('custom_fields')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('namespace', 'text', (c) => c.notNull())
    .addColumn('type_id', 'text', (c) => c.references('incident_types.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('data_type', 'text', (c) => c.notNull())
    .addColumn('field_type', 'text', (c) => c.notNull())
    .addColumn('default_value', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('custom_fields_name_key', ['namespace', 'name'])
    .execute();
  await db.schema.createIndex('custom_fields_type_idx').on('custom_fields').column('type_id').execute();
  await db.schema
    .createTable('custom_field_options')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('field_id', 'text', (c) => c.notNull().references('custom_fields.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('custom_field_options_value_key', ['field_id', 'value'])
    .execute();
  await db.schema
    .createTable('custom_field_values')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('field_id', 'text', (c) => c.notNull().references('custom_fields.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_field_values_pkey', ['object_id', 'field_id'])
    .execute();
  await db.schema.createIndex('custom_field_values_field_idx').on('custom_field_values').column('field_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('custom_field_values').execute();
  await db.schema.dropTable('custom_field_options').execute();
  await db.schema.dropTable('custom_fields').execute();
  await db.schema.dropTable('incident_types').execute();
}
