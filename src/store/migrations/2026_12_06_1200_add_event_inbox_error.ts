import type { Kysely } from 'kysely';

// An inbox event the processor gives up on (it failed the same way on every try) keeps the error
// it failed with, for the admins' list of failed events and for `tocsin events replay`.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_inbox').addColumn('error', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('event_inbox').dropColumn('error').execute();
}
