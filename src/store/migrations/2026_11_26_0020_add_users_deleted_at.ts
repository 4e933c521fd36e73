import { sql, type Kysely } from 'kysely';

// Users are deleted softly so that incidents and log entries can still name who acted; a deleted
// user's email may be used again, so its uniqueness only covers users that are not deleted.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deleted_at', 'bigint').execute();
  await db.schema.dropIndex('users_email_key').execute();
  await db.schema.createIndex('users_email_key').on('users').column('email').unique().where(sql.ref('deleted_at'), 'is', null).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_email_key').execute();
  await db.schema.createIndex('users_email_key').on('users').column('email').unique().execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
}
