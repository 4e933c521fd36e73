import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in new migrations. Times are epoch milliseconds (bigint),
// JSON is TEXT, booleans are integers 0/1: the same on SQLite and PostgreSQL.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text')
    .addColumn('color', 'text')
    .addColumn('description', 'text')
    .addColumn('job_title', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_email_key').on('users').column('email').unique().execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('default_role', 'text', (c) => c.notNull().defaultTo('manager'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_name_key').on('teams').column('name').unique().execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_members_pkey', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user_id_idx').on('team_members').column('user_id').execute();

  await db.schema
    .createTable('escalation_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('num_loops', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('on_call_handoff_notifications', 'text', (c) => c.notNull().defaultTo('if_has_services'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalation_policies_name_key').on('escalation_policies').column('name').unique().execute();

  await db.schema
    .createTable('escalation_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull().references('escalation_policies.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('escalation_delay_in_minutes', 'integer', (c) => c.notNull())
    .addColumn('assignment_strategy', 'text')
    .addColumn('targets', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('escalation_rules_policy_id_idx').on('escalation_rules').columns(['policy_id', 'position']).execute();

  await db.schema
    .createTable('escalation_policy_teams')
    .addColumn('policy_id', 'text', (c) => c.notNull().references('escalation_policies.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('escalation_policy_teams_pkey', ['policy_id', 'team_id'])
    .execute();

  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('escalation_policy_id', 'text', (c) => c.notNull().references('escalation_policies.id'))
    // 'active' or 'disabled': what the user chose. The status the API shows is derived from this,
    // maintenance windows and open incidents.
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('incident_urgency_rule', 'text', (c) => c.notNull())
    .addColumn('support_hours', 'text')
    .addColumn('scheduled_actions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('acknowledgement_timeout', 'integer')
    .addColumn('auto_resolve_timeout', 'integer')
    .addColumn('alert_creation', 'text', (c) => c.notNull().defaultTo('create_alerts_and_incidents'))
    .addColumn('alert_grouping_parameters', 'text')
    .addColumn('auto_pause_notifications_parameters', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_incident_timestamp', 'bigint')
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('services_name_key')
    .on('services')
    .column('name')
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('services_escalation_policy_id_idx').on('services').column('escalation_policy_id').execute();

  await db.schema
    .createTable('service_teams')
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('service_teams_pkey', ['service_id', 'team_id'])
    .execute();
  await db.schema.createIndex('service_teams_team_id_idx').on('service_teams').column('team_id').execute();

  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vendor_id', 'text')
    // Unique over deleted rows too, so a key or address is never handed out twice.
    .addColumn('integration_key', 'text')
    .addColumn('integration_email', 'text')
    .addColumn('email_config', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  await db.schema.createIndex('integrations_integration_key_key').on('integrations').column('integration_key').unique().execute();
  await db.schema.createIndex('integrations_integration_email_key').on('integrations').column('integration_email').unique().execute();
  await db.schema.createIndex('integrations_service_id_idx').on('integrations').column('service_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'integrations',
    'service_teams',
    'services',
    'escalation_policy_teams',
    'escalation_rules',
    'escalation_policies',
    'team_members',
    'teams',
    'api_tokens',
    'users',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
