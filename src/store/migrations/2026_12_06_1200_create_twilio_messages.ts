import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen once merged. notify/twilio: one row per SMS or call Twilio accepted (its SID), so that
// status callbacks, SMS replies and voice keypresses find the incident, the user and the outbox row
// they concern. Times are epoch ms (bigint), JSON is TEXT.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('twilio_messages')
    // `seq` orders messages sent in the same millisecond: "the latest one sent to that number".
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('sid', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('contact_method_id', 'text', (c) => c.notNull())
    .addColumn('to_number', 'text', (c) => c.notNull())
    // The outbox payload and attempt, so a failed status callback can queue the retry.
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('twilio_messages_sid_key').on('twilio_messages').column('sid').unique().execute();
  await db.schema.createIndex('twilio_messages_to_number_seq_idx').on('twilio_messages').columns(['to_number', 'seq']).execute();
  await db.schema.createIndex('twilio_messages_incident_id_idx').on('twilio_messages').column('incident_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('twilio_messages').execute();
}
