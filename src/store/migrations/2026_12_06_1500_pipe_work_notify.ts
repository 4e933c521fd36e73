import { PostgresAdapter, sql, type Kysely } from 'kysely';

// PostgreSQL: a commit that adds inbox events or outbox rows NOTIFYs every node (channels
// tocsin_inbox, tocsin_outbox), whose processor or delivery worker then wakes at once instead of
// waiting for its next poll. One notification per statement, sent by PostgreSQL at commit (never
// for a rolled-back transaction) and folded with its duplicates in the same transaction. SQLite
// has one process: it wakes its workers in process (store/health.ts onCommit).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`
    CREATE OR REPLACE FUNCTION tocsin_notify_work() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify(TG_ARGV[0], '');
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER event_inbox_notify AFTER INSERT ON event_inbox FOR EACH STATEMENT EXECUTE FUNCTION tocsin_notify_work('tocsin_inbox')`.execute(db);
  await sql`CREATE TRIGGER notify_outbox_notify AFTER INSERT ON notify_outbox FOR EACH STATEMENT EXECUTE FUNCTION tocsin_notify_work('tocsin_outbox')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`DROP TRIGGER IF EXISTS notify_outbox_notify ON notify_outbox`.execute(db);
  await sql`DROP TRIGGER IF EXISTS event_inbox_notify ON event_inbox`.execute(db);
  await sql`DROP FUNCTION IF EXISTS tocsin_notify_work()`.execute(db);
}
