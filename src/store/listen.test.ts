import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { createPgTestDatabase, DIALECTS, TEST_PG_LIMITS } from '../testing/dialects.js';
import { migrateToLatest } from './migrate.js';
import { openPostgres } from './db.js';
import { listenForWork } from './listen.js';

const until = async (what: string, check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('postgres: a commit of outbox rows or inbox events wakes listeners (LISTEN/NOTIFY), across reconnects', { skip: !DIALECTS.includes('postgres') }, async () => {
  const { url, drop } = await createPgTestDatabase();
  const database = openPostgres(url, 2, TEST_PG_LIMITS);
  await migrateToLatest(database.db);
  const woke = { tocsin_outbox: 0, tocsin_inbox: 0 };
  const logs: string[] = [];
  const log = { warn: (_o: object, m: string) => void logs.push(m), info: (_o: object, m: string) => void logs.push(m) };
  const l = listenForWork(url, { tocsin_outbox: () => woke.tocsin_outbox++, tocsin_inbox: () => woke.tocsin_inbox++ }, log, { baseMs: 20, maxMs: 100 });
  after(async () => {
    await l.close();
    await database.close();
    await drop();
  });
  const outboxRow = (id: string) =>
    sql`insert into notify_outbox (id, kind, key, payload, status, due_at, lease_until, attempt, created_at) values (${id}, 'webhook', ${id}, '{}', 'pending', 0, 0, 0, 0)`;

  it('calls the channel handler once its transaction commits, never for a rollback', async () => {
    await l.ready;
    const before = { ...woke };
    assert.equal(before.tocsin_outbox, 1, 'each handler is called once after connecting');
    await database.db.transaction().execute(async (tx) => {
      await outboxRow('a1').execute(tx);
      await outboxRow('a2').execute(tx);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(woke.tocsin_outbox, before.tocsin_outbox, 'nothing before the commit');
    });
    await until('the notification', () => woke.tocsin_outbox === before.tocsin_outbox + 1);
    await database.db.transaction().execute(async (tx) => {
      await outboxRow('r1').execute(tx);
      throw new Error('roll back');
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(woke.tocsin_outbox, before.tocsin_outbox + 1, 'a rollback notifies no one');
    assert.equal(woke.tocsin_inbox, before.tocsin_inbox);
  });

  it('reconnects after its connection is killed, calls every handler then, and hears later commits', async () => {
    const connects = l.stats.connects;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`);
    await admin.end();
    await until('the reconnection', () => l.stats.connects === connects + 1);
    assert.ok(logs.some((m) => m.startsWith('lost the connection')), logs.join('; '));
    const n = woke.tocsin_outbox;
    await outboxRow('b1').execute(database.db);
    await until('a notification after the reconnection', () => woke.tocsin_outbox === n + 1);
  });
});
