import type { Kysely } from 'kysely';

// Frozen once merged. workflows/: incident workflows (steps as JSON), their triggers and the services
// a trigger is attached to, and each run (an instance) with its steps' durable state: the instance
// row is the run's queue entry (due_at, lease_until), claimed like the timers and the notify outbox.
// Times are epoch ms (bigint), JSON is TEXT, booleans are integers 0/1.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident_workflows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('team_id', 'text')
    .addColumn('is_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('incident_workflow_triggers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull().references('incident_workflows.id').onDelete('cascade'))
    .addColumn('trigger_type', 'text', (c) => c.notNull())
    .addColumn('condition', 'text')
    .addColumn('all_services', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incident_workflow_triggers_workflow_idx').on('incident_workflow_triggers').column('workflow_id').execute();

  await db.schema
    .createTable('incident_workflow_trigger_services')
    .addColumn('trigger_id', 'text', (c) => c.notNull().references('incident_workflow_triggers.id').onDelete('cascade'))
    .addColumn('service_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_workflow_trigger_services_pkey', ['trigger_id', 'service_id'])
    .execute();
  await db.schema.createIndex('incident_workflow_trigger_services_service_idx').on('incident_workflow_trigger_services').column('service_id').execute();

  await db.schema
    .createTable('incident_workflow_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('workflow_name', 'text', (c) => c.notNull())
    // Null for a run started by hand; a conditional trigger runs once per incident (unique below).
    .addColumn('trigger_id', 'text')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('acting_user_id', 'text')
    // The workflow's steps when the run started, and each step's state (JSON arrays of the same length).
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('step_runs', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('next_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('incident_workflow_instances_trigger_incident_key')
    .on('incident_workflow_instances')
    .columns(['trigger_id', 'incident_id'])
    .unique()
    .execute();
  await db.schema.createIndex('incident_workflow_instances_incident_idx').on('incident_workflow_instances').column('incident_id').execute();
  await db.schema.createIndex('incident_workflow_instances_due_idx').on('incident_workflow_instances').columns(['status', 'due_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident_workflow_instances').execute();
  await db.schema.dropTable('incident_workflow_trigger_services').execute();
  await db.schema.dropTable('incident_workflow_triggers').execute();
  await db.schema.dropTable('incident_workflows').execute();
}
