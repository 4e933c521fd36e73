import type { Kysely } from 'kysely';

// GET /users/{id}/sessions names each browser session by its User-Agent, as PagerDuty's summary does,
// so a person can tell which browser to sign out. Sessions made before this have none (null).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('user_agent').execute();
}
