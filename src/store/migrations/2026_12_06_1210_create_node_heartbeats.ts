import type { Kysely } from 'kysely';

// /readyz proves that the database takes a write by writing this node's heartbeat row (one row per
// node, overwritten: the table never grows).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('node_heartbeats')
    .addColumn('node_id', 'text', (c) => c.primaryKey())
    .addColumn('beat_at', 'bigint', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('node_heartbeats').execute();
}
