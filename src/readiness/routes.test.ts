import type { DatabaseHealth } from '../store/health.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { buildEventsTestApp, trigger } from '../events/test-fixtures.js';
import { forEachDialect, TEST_PG_URL } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: /readyz and /metrics`, async () => {
    const t = await buildEventsTestApp(dialect, { TOCSIN_READY_MAX_BACKLOG: '2', TOCSIN_READY_MAX_OUTBOX: '10' });
    // An outage ends at the first success here (store/health.test.ts tests the settle time).
    (t.app.ctx.health as DatabaseHealth).settleMs = 0;
    const get = async (url: string) => {
      const r = await t.app.http.inject({ method: 'GET', url });
      return { status: r.statusCode, body: String(r.headers['content-type'] ?? '').startsWith('application/json') ? r.json() : r.body };
    };

    it('is ready when the database takes a write and the backlog is small', async () => {
      const r = await get('/readyz');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.status, 'ready');
      assert.deepEqual(r.body.reasons, []);
      assert.equal(r.body.database.writable, true);
      assert.equal(r.body.backlog.pending, 0);
    });

    it('reports a backlog over the threshold with 503, and is ready again once it drains', async () => {
      const s = await t.service();
      for (let i = 0; i < 3; i++) assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: `b${i}` }))).status, 202);
      const r = await get('/readyz');
      assert.equal(r.status, 503);
      assert.deepEqual(r.body.reasons, ['backlog']);
      assert.equal(r.body.backlog.pending, 3);
      await t.drain();
      assert.equal((await get('/readyz')).status, 200);
    });

    it('reports a database that cannot store (SQLite: no room to grow; PostgreSQL: a read-only standby) with 503; /healthz stays ok', async () => {
      let restore: () => Promise<void>;
      if (dialect === 'sqlite') {
        const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(t.app.ctx.db)).rows[0].page_count);
        await sql.raw(`pragma max_page_count = ${pages}`).execute(t.app.ctx.db);
        restore = async () => void (await sql.raw('pragma max_page_count = 1073741823').execute(t.app.ctx.db));
      } else {
        const name = (await sql<{ n: string }>`select current_database() as n`.execute(t.app.ctx.db)).rows[0].n;
        const flip = async (on: boolean) => {
          const c = new pg.Client({ connectionString: TEST_PG_URL });
          await c.connect();
          await c.query(`alter database ${name} set default_transaction_read_only = ${on ? 'on' : 'off'}`);
          await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
          await c.end();
        };
        await flip(true);
        restore = () => flip(false);
      }
      const r = await get('/readyz');
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.equal(r.body.status, 'not_ready');
      assert.deepEqual(r.body.reasons, [dialect === 'sqlite' ? 'disk_full' : 'database_read_only']);
      assert.equal((await get('/healthz')).status, 200);
      await restore();
      assert.equal((await get('/readyz')).status, 200);
    });

    it('reports an old backlog (backlog_age) and a due outbox over its threshold (outbox_backlog), with both in /metrics', async () => {
      const s = await t.service();
      assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'aged' }))).status, 202);
      t.clock.advance(61_000);
      let r = await get('/readyz');
      assert.equal(r.status, 503);
      assert.deepEqual(r.body.reasons, ['backlog_age']);
      assert.equal(r.body.backlog.pending, 1);
      assert.ok(r.body.backlog.oldest_age_ms >= 61_000, String(r.body.backlog.oldest_age_ms));
      let m = await get('/metrics');
      assert.match(m.body, /^tocsin_events_pending 1$/m);
      assert.ok(Number(/^tocsin_events_oldest_pending_age_seconds (\S+)$/m.exec(m.body)![1]) >= 61, m.body);
      await t.drain();
      // Due outbox rows: one per webhook subscription and incident (and the owner's notifications of
      // the incidents above); the worker is not running here.
      const before = (await get('/readyz')).body.outbox.due as number;
      assert.ok(before <= 10, String(before));
      const subs: string[] = [];
      for (let i = 0; i < 12; i++) {
        const sub = await t.request('POST', '/webhook_subscriptions', {
          webhook_subscription: { delivery_method: { type: 'http_delivery_method', url: `https://hooks.example.com/${i}` }, events: ['incident.triggered'], filter: { type: 'account_reference' } },
        });
        assert.equal(sub.statusCode, 200, sub.body);
        subs.push(sub.json().webhook_subscription.id);
      }
      assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'out' }))).status, 202);
      await t.drain();
      r = await get('/readyz');
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.deepEqual(r.body.reasons, ['outbox_backlog']);
      const due = r.body.outbox.due as number;
      assert.ok(due >= before + 12, `${due} due`);
      m = await get('/metrics');
      assert.match(m.body, new RegExp(`^tocsin_outbox_due ${due}$`, 'm'));
      assert.match(m.body, new RegExp(`^tocsin_outbox_pending ${due}$`, 'm'));
      assert.match(m.body, /^tocsin_events_processed_total [1-9]/m);
      // Deleting a subscription drops its pending rows: ready again.
      for (const id of subs) assert.equal((await t.request('DELETE', `/webhook_subscriptions/${id}`)).statusCode, 204);
      assert.equal((await get('/readyz')).status, 200);
    });

    it('/metrics counts failed and pending events and says whether the database is up', async () => {
      const r = await get('/metrics');
      assert.equal(r.status, 200);
      assert.match(r.body, /^tocsin_database_up 1$/m);
      assert.match(r.body, /^tocsin_events_failed 0$/m);
      assert.match(r.body, /^tocsin_events_pending 0$/m);
      assert.match(r.body, /^# TYPE tocsin_events_marked_failed_total counter$/m);
    });
  });
});
