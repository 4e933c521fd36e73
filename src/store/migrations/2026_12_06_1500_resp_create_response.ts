import type { Kysely } from 'kysely';

// Mobilizing a response (issue 13, branch resp): the account's ordered priorities (P1–P5 by default,
// seeded here with fixed ids so every node and every fresh database agrees), an incident's priority,
// responder requests and the responders they invite, and status updates with their subscribers.

const DEFAULTS: Array<[string, string, string]> = [
  ['PSLWBL8', 'P1', 'Critical issue that warrants public notification and liaison with executive teams'],
  ['P53ZZH5', 'P2', "Critical system issue actively impacting many customers' ability to use the product"],
  ['PGE9YCZ', 'P3', 'Stability or minor customer-impacting issues that require immediate attention from service owners'],
  ['PVJPWYW', 'P4', 'Minor issues requiring action, but not affecting customer ability to use the product'],
  ['P81SUUT', 'P5', 'Cosmetic issues or bugs, not affecting customer ability to use the product'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('priorities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('priorities')
    .values(DEFAULTS.map(([id, name, description], n) => ({ id, name, description, position: n + 1, created_at: 0, updated_at: 0 })))
    .execute();
  await db.schema.alterTable('incidents').addColumn('priority_id', 'text').execute();
  // Analytics filters by priority (PagerDuty's filters.priority_ids / priority_names).
  await db.schema.alterTable('incident_facts').addColumn('priority_id', 'text').execute();

  await db.schema
    .createTable('responder_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('responder_requests_incident_idx').on('responder_requests').column('incident_id').execute();
  await db.schema
    .createTable('incident_responders')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_responders_pkey', ['incident_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('status_update_subscribers')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('subscriber_type', 'text', (c) => c.notNull())
    .addColumn('subscriber_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('status_update_subscribers_pkey', ['incident_id', 'subscriber_type', 'subscriber_id'])
    .execute();
  await db.schema
    .createTable('status_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('sender_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('html_message', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_updates_incident_idx').on('status_updates').columns(['incident_id', 'created_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['status_updates', 'status_update_subscribers', 'incident_responders', 'responder_requests', 'priorities']) await db.schema.dropTable(t).execute();
  await db.schema.alterTable('incidents').dropColumn('priority_id').execute();
  await db.schema.alterTable('incident_facts').dropColumn('priority_id').execute();
}
