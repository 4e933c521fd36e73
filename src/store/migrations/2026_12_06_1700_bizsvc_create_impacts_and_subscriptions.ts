import type { Kysely } from 'kysely';

// Frozen once merged. business (issue 14): an incident's manual impact on a business service
// (relation 'impacted' or 'not_impacted', overriding the computed one), the account's priority
// threshold for impact (one row, id 'global'), the account's subscriptions to business services (the
// built-in status dashboard shows them), and status-updates' subscribers of business services (users
// and teams that get the status updates of incidents impacting them). Times are epoch ms (bigint).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('business_impact_overrides')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('business_service_id', 'text', (c) => c.notNull())
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('business_impact_overrides_pkey', ['incident_id', 'business_service_id'])
    .execute();
  await db.schema
    .createTable('business_priority_thresholds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('priority_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('business_account_subscriptions')
    .addColumn('business_service_id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('business_service_subscribers')
    .addColumn('business_service_id', 'text', (c) => c.notNull())
    .addColumn('subscriber_type', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('business_service_subscribers_pkey', ['business_service_id', 'subscriber_type', 'subscriber_id'])
    .execute();
  await db.schema.createIndex('business_service_subscribers_subscriber_idx').on('business_service_subscribers').columns(['subscriber_type', 'subscriber_id']).execute();
  await db.schema.createIndex('status_update_subscribers_subscriber_idx').on('status_update_subscribers').columns(['subscriber_type', 'subscriber_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('status_update_subscribers_subscriber_idx').execute();
  for (const t of ['business_service_subscribers', 'business_account_subscriptions', 'business_priority_thresholds', 'business_impact_overrides']) await db.schema.dropTable(t).execute();
}
