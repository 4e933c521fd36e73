import type { Kysely } from 'kysely';

// Frozen once merged. tags (issue 14): PagerDuty's tags and which users, teams and escalation
// policies carry them. `label_key` is the label in lower case: one tag per label, whatever its case.
// Times are epoch ms (bigint).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('label_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tag_assignments')
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_assignments_pkey', ['tag_id', 'entity_type', 'entity_id'])
    .execute();
  await db.schema.createIndex('tag_assignments_entity_idx').on('tag_assignments').columns(['entity_type', 'entity_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tag_assignments').execute();
  await db.schema.dropTable('tags').execute();
}
