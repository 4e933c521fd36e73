import { sql, type Kysely } from 'kysely';

// Escalation policies are deleted softly: services (deleted ones too) and incidents keep naming
// their policy. A deleted policy's name may be used again.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('escalation_policies').addColumn('deleted_at', 'bigint').execute();
  await db.schema.dropIndex('escalation_policies_name_key').execute();
  await db.schema
    .createIndex('escalation_policies_name_key')
    .on('escalation_policies')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('escalation_policies_name_key').execute();
  await db.schema.createIndex('escalation_policies_name_key').on('escalation_policies').column('name').unique().execute();
  await db.schema.alterTable('escalation_policies').dropColumn('deleted_at').execute();
}
