// A passing storage failure must never retire an accepted event, and must never get a 202: real
// failures on both dialects. SQLite's disk full is `PRAGMA max_page_count` (SQLite then answers
// SQLITE_FULL exactly as on a full disk); PostgreSQL's lost connection is a backend terminated
// mid-transaction (as `pg_ctl restart -m fast` does), and its failover onto a read-only standby is
// `default_transaction_read_only` on the database with its sessions ended.
import type { DatabaseHealth } from '../store/health.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../store/db.js';
import { forEachDialect, TEST_PG_URL } from '../testing/dialects.js';
import { EventRetryError } from './processor.js';
import { listIntegrationEvents, requeueFailedEvents } from './store.js';
import { buildEventsTestApp, trigger, type EventsTestApp } from './test-fixtures.js';

const big = (n: number) => ({ blob: 'x'.repeat(n) });

async function outcomes(t: EventsTestApp, integrationId: string): Promise<string[]> {
  const log = await listIntegrationEvents(t.app.ctx.db, integrationId, { limit: 100, offset: 0 });
  return log.reverse().map((e) => e.outcome ?? 'pending');
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** SQLite: at most `room` more pages from now on (a nearly full disk); `restore` lifts the limit. */
async function fillSqlite(db: Db, room = 0): Promise<() => Promise<void>> {
  const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0].page_count);
  await sql.raw(`pragma max_page_count = ${pages + room}`).execute(db);
  return async () => void (await sql.raw('pragma max_page_count = 1073741823').execute(db));
}

/** PostgreSQL: the database turns read-only for new sessions, and the app's sessions are ended. */
async function readOnlyPostgres(db: Db, on: boolean): Promise<void> {
  const name = (await sql<{ n: string }>`select current_database() as n`.execute(db)).rows[0].n;
  await admin(async (c) => {
    await c.query(`alter database ${name} set default_transaction_read_only = ${on ? 'on' : 'off'}`);
    await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  });
}

forEachDialect((dialect) => {
  describe(`${dialect}: storage failures on the event path`, async () => {
    const t = await buildEventsTestApp(dialect, { TOCSIN_EVENT_WRITE_TIMEOUT_MS: '1000' });
    // An outage ends at the first success here (store/health.test.ts tests the settle time).
    (t.app.ctx.health as DatabaseHealth).settleMs = 0;
    // A fault the next incident change meets inside the processor's transaction.
    let fault: ((tx: Db, incidentId: string) => Promise<void>) | null = null;
    t.app.ctx.hooks.on('incident.event', async (tx, e) => {
      if (fault && e.eventType === 'incident.triggered') await fault(tx, e.incidentId);
    });

    it('a storage failure while processing leaves the accepted event pending, and it is applied once storage returns', async () => {
      const s = await t.service();
      const r = await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'kept' }));
      assert.equal(r.status, 202);
      let restore = async () => undefined as void;
      if (dialect === 'sqlite') {
        // A nearly full disk: room for a small write (the old processor's `failed` mark fitted), not
        // for what applying the event writes (here 400 KB more, inside the processor's transaction).
        await sql`create table if not exists scratch_filler (b blob)`.execute(t.app.ctx.db);
        restore = await fillSqlite(t.app.ctx.db, 8);
        fault = async (tx) => void (await sql`insert into scratch_filler values (randomblob(400000))`.execute(tx));
      } else fault = async (tx) => void (await sql`select pg_terminate_backend(pg_backend_pid())`.execute(tx));
      for (let i = 0; i < 3; i++) await assert.rejects(t.drain(), (err) => !(err instanceof EventRetryError));
      // The old processor marked it `failed` here (the mark needs no new page, and runs outside the fault).
      assert.deepEqual(await outcomes(t, s.integrationId), ['pending']);
      await restore();
      fault = null;
      await t.drain();
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created']);
      assert.deepEqual((await t.incidents(s.serviceId)).map((i) => i.incident_key), ['kept']);
      assert.equal(t.app.events.processor.stats.failed, 0);
    });

    it('an event that fails alone the same way every time is marked failed after its tries; its neighbours apply; replay puts it back', async () => {
      const s = await t.service();
      for (const k of ['a', 'poison', 'b']) assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: k }, { summary: k }))).status, 202);
      fault = async (tx, incidentId) => {
        const { rows } = await sql<{ title: string }>`select title from incidents where id = ${incidentId}`.execute(tx);
        if (rows[0]?.title === 'poison') throw new Error('this event breaks a rule');
      };
      let retries = 0;
      for (;;) {
        try {
          await t.drain();
          break;
        } catch (err) {
          assert.ok(err instanceof EventRetryError, String(err));
          retries++;
        }
      }
      assert.equal(retries, 4, 'five tries in all (failAfterAttempts), the last marks it');
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created', 'failed', 'alert_created']);
      assert.equal(t.app.events.processor.stats.failed, 1);
      // Admins see it with its error; other roles may not.
      const list = await t.request('GET', '/failed_events');
      assert.equal(list.statusCode, 200, list.body);
      const mine = list.json().failed_events.filter((e: { dedup_key: string }) => e.dedup_key === 'poison');
      assert.equal(mine.length, 1);
      assert.equal(mine[0].error, 'this event breaks a rule');
      const user = await t.makeUser('user');
      assert.equal((await t.request('GET', '/failed_events', undefined, { token: user.token })).statusCode, 403);
      // The rule is fixed; the event is replayed and applied.
      fault = null;
      assert.equal(await requeueFailedEvents(t.app.ctx.db, [mine[0].id]), 1);
      await t.drain();
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created', 'alert_created', 'alert_created']);
    });

    it('the Events API answers 503 with PagerDuty’s body (never 202) when the inbox cannot store, REST answers 503, and both recover', async () => {
      const s = await t.service();
      let restore: () => Promise<void>;
      if (dialect === 'sqlite') restore = await fillSqlite(t.app.ctx.db);
      else {
        await readOnlyPostgres(t.app.ctx.db, true);
        restore = () => readOnlyPostgres(t.app.ctx.db, false);
      }
      const r = await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'refused' }, { custom_details: big(300_000) }));
      assert.equal(r.status, 503);
      assert.equal(r.json.status, 'error');
      assert.match(r.json.message, /not accepted; retry/);
      assert.match(r.json.errors[0], dialect === 'sqlite' ? /disk is full; nothing was stored/ : /accepts no writes \(a read-only standby\); nothing was stored/);
      const v1 = await t.send('/generic/2010-04-15/create_event.json', { service_key: s.key, event_type: 'trigger', description: 'x', details: big(300_000) });
      assert.equal(v1.status, 503);
      const rest = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'x'.repeat(200), service: { id: s.serviceId, type: 'service_reference' }, body: { type: 'incident_body', details: 'y'.repeat(300_000) } } }, { headers: { from: 'owner@example.com' } });
      assert.equal(rest.statusCode, 503, rest.body);
      assert.equal(rest.headers['retry-after'], '5');
      assert.equal(rest.json().error.message, 'Service Unavailable');
      assert.equal(t.app.ctx.health.snapshot().up, false);
      await restore();
      assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'accepted' }))).status, 202);
      assert.equal(t.app.ctx.health.snapshot().up, true);
      await t.drain();
      assert.deepEqual((await t.incidents(s.serviceId)).map((i) => i.incident_key), ['accepted']);
    });
    if (dialect === 'postgres') {
      it('a write the database holds (a lock, a frozen server) answers 503 within the event write timeout, not never', async () => {
        const s = await t.service();
        const locker = new pg.Client({ connectionString: TEST_PG_URL.replace(/\/[^/]*$/, '/' + (await sql<{ n: string }>`select current_database() as n`.execute(t.app.ctx.db)).rows[0].n) });
        await locker.connect();
        await locker.query('begin');
        await locker.query('lock table event_inbox in access exclusive mode');
        const started = Date.now();
        const r = await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'held' }));
        const took = Date.now() - started;
        assert.equal(r.status, 503);
        assert.match(r.json.errors[0], /did not store the event in time/);
        assert.ok(took < 5000, `answered after ${took} ms`);
        await locker.query('rollback');
        await locker.end();
        // The held write lands once the lock goes (at least once): a retry of it is deduplicated.
        await t.app.events.commit.drain();
        assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'held' }))).status, 202);
        await t.drain();
        assert.deepEqual((await t.incidents(s.serviceId)).map((i) => i.incident_key), ['held']);
      });
    }
  });
});
