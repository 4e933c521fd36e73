import type { Kysely } from 'kysely';

// Frozen once merged. business (issue 14): PagerDuty's business services and the dependencies
// between services (technical or business). `*_type` is 'service' or 'business_service'. Times are
// epoch ms (bigint).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('business_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('point_of_contact', 'text')
    .addColumn('team_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('service_dependencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('supporting_type', 'text', (c) => c.notNull())
    .addColumn('supporting_id', 'text', (c) => c.notNull())
    .addColumn('dependent_type', 'text', (c) => c.notNull())
    .addColumn('dependent_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('service_dependencies_pair_key', ['supporting_type', 'supporting_id', 'dependent_type', 'dependent_id'])
    .execute();
  await db.schema.createIndex('service_dependencies_dependent_idx').on('service_dependencies').columns(['dependent_type', 'dependent_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_dependencies').execute();
  await db.schema.dropTable('business_services').execute();
}
