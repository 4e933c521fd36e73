import type { Kysely } from 'kysely';

// Frozen once merged. A user's pending notifications for one incident (the give-up path's count,
// a reassignment's restart) were found through the target's index alone, so each read scanned every
// row of a user paged by thousands of incidents at once (a storm). The index on (target_id,
// incident_id) replaces the one on target_id: its prefix serves the queries by target alone, so
// writes keep one index, not two.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notify_outbox_target_incident_idx').on('notify_outbox').columns(['target_id', 'incident_id']).execute();
  await db.schema.dropIndex('notify_outbox_target_id_idx').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('notify_outbox_target_id_idx').on('notify_outbox').column('target_id').execute();
  await db.schema.dropIndex('notify_outbox_target_incident_idx').execute();
}
