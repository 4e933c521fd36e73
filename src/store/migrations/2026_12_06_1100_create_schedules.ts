import type { Kysely } from 'kysely';

// On-call schedules (PagerDuty's Schedule): a schedule, its ordered layers (users and restrictions as
// JSON text, read whole with the layer), its overrides (ordered by `seq`, creation order: the latest
// wins where overrides overlap) and its teams. Schedules are deleted softly, as policies are, so
// incidents and log entries keep naming them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schedules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    // Bumped by every write to the schedule, its layers or its overrides: a node's cache of rendered
    // spans is keyed by it, so a change made on another node is never served stale.
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();

  await db.schema
    .createTable('schedule_layers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint')
    .addColumn('rotation_virtual_start', 'bigint', (c) => c.notNull())
    .addColumn('rotation_turn_length_seconds', 'integer', (c) => c.notNull())
    .addColumn('user_ids', 'text', (c) => c.notNull())
    .addColumn('restrictions', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedule_layers_schedule_id_idx').on('schedule_layers').columns(['schedule_id', 'position']).execute();

  await db.schema
    .createTable('schedule_overrides')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('start_at', 'bigint', (c) => c.notNull())
    .addColumn('end_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('schedule_overrides_schedule_id_idx').on('schedule_overrides').columns(['schedule_id', 'end_at']).execute();
  await db.schema.createIndex('schedule_overrides_user_id_idx').on('schedule_overrides').column('user_id').execute();

  await db.schema
    .createTable('schedule_teams')
    .addColumn('schedule_id', 'text', (c) => c.notNull().references('schedules.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('schedule_teams_pkey', ['schedule_id', 'team_id'])
    .execute();
  await db.schema.createIndex('schedule_teams_team_id_idx').on('schedule_teams').column('team_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('schedule_teams').execute();
  await db.schema.dropTable('schedule_overrides').execute();
  await db.schema.dropTable('schedule_layers').execute();
  await db.schema.dropTable('schedules').execute();
}
