import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen once merged. notify/: contact methods, notification rules, v3 webhook subscriptions, the
// transactional outbox and the signing keys of emailed action links. Times are epoch ms (bigint),
// JSON is TEXT, booleans are integers 0/1.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('contact_methods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('country_code', 'integer')
    .addColumn('send_short_email', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('device_type', 'text')
    .addColumn('sounds', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('contact_methods_user_id_type_address_key')
    .on('contact_methods')
    .columns(['user_id', 'type', 'address'])
    .unique()
    .execute();

  await db.schema
    .createTable('notification_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('contact_method_id', 'text', (c) => c.notNull().references('contact_methods.id').onDelete('cascade'))
    .addColumn('start_delay_in_minutes', 'integer', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_rules_user_id_idx').on('notification_rules').columns(['user_id', 'urgency']).execute();
  await db.schema.createIndex('notification_rules_contact_method_id_idx').on('notification_rules').column('contact_method_id').execute();

  await db.schema
    .createTable('webhook_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_method_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('custom_headers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('description', 'text')
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('filter_type', 'text', (c) => c.notNull())
    .addColumn('filter_id', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('temporarily_disabled', 'integer', (c) => c.notNull().defaultTo(0))
    // Deliveries dropped in a row (non-retryable answer or retries exhausted); 3 disables it.
    .addColumn('consecutive_drops', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_subscriptions_filter_idx').on('webhook_subscriptions').columns(['filter_type', 'filter_id']).execute();

  // The transactional outbox: written in the transaction of the change, delivered by workers.
  // `seq` orders rows of one `key` (subscription+incident): a row waits while an earlier one is pending.
  await db.schema
    .createTable('notify_outbox')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('incident_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    // 'pending' until delivered (then deleted) or given up ('dead', kept for inspection).
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    // A worker's claim: until then no other node takes the row; a dead node's claim simply expires.
    .addColumn('lease_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notify_outbox_id_key').on('notify_outbox').column('id').unique().execute();
  await db.schema.createIndex('notify_outbox_key_seq_idx').on('notify_outbox').columns(['key', 'seq']).execute();
  await db.schema.createIndex('notify_outbox_status_due_at_idx').on('notify_outbox').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('notify_outbox_target_id_idx').on('notify_outbox').column('target_id').execute();

  await db.schema
    .createTable('notify_keys')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notify_keys', 'notify_outbox', 'webhook_subscriptions', 'notification_rules', 'contact_methods']) {
    await db.schema.dropTable(t).execute();
  }
}
