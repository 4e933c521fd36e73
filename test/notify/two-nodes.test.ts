// Two app instances (nodes) on one PostgreSQL database share the outbox: every delivery exactly
// once under normal operation, in order per key, and a dead node's claimed rows are finished by the
// other after the lease.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { bootstrapOwner } from '../../src/accounts/bootstrap.js';
import { createApp, type App } from '../../src/app.js';
import { FakeClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { claimOutbox, insertOutboxRows, listOutbox } from '../../src/notify/outbox-store.js';
import { openPostgres } from '../../src/store/db.js';
import { createPgTestDatabase, DIALECTS, TEST_PG_LIMITS } from '../../src/testing/dialects.js';
import { startReceiver } from './fakes.js';

describe('postgres: two nodes share the notification outbox', { skip: !DIALECTS.includes('postgres') }, async () => {
  const { url, drop } = await createPgTestDatabase();
  const recv = await startReceiver();
  const config = loadConfig({ TOCSIN_PUBLIC_URL: 'http://tocsin.test', TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' });
  const nodes: Array<{ app: App; clock: FakeClock; close: () => Promise<void> }> = [];
  for (let k = 0; k < 2; k++) {
    const database = openPostgres(url, 5, TEST_PG_LIMITS);
    const clock = new FakeClock();
    const app = await createApp(config, { database, clock, log: pino({ level: 'silent' }) });
    await app.http.ready();
    nodes.push({ app, clock, close: async () => { await app.close(); await database.close(); } });
  }
  await bootstrapOwner(nodes[0].app.ctx.db, nodes[0].app.ctx, { email: 'owner@example.com', password: null, token: 'owner_token_aaaaaaaaa' });
  after(async () => {
    for (const n of nodes) await n.close();
    await recv.close();
    await drop();
  });
  const res = await nodes[0].app.http.inject({
    method: 'POST',
    url: '/webhook_subscriptions',
    headers: { authorization: 'Token token=owner_token_aaaaaaaaa' },
    payload: { webhook_subscription: { delivery_method: { url: recv.url + '/shared' }, events: ['incident.triggered'], filter: { type: 'account_reference' } } },
  });
  assert.equal(res.statusCode, 200, res.body);
  const subId = res.json().webhook_subscription.id as string;
  const [a, b] = nodes.map((n) => n.app.notifier);

  function rows(prefix: string, keys: number, perKey: number, at: number) {
    const out = [];
    for (let i = 0; i < perKey; i++) {
      for (let k = 0; k < keys; k++) {
        const id = `${prefix}-${k}-${i}`;
        const body = JSON.stringify({ event: { id, event_type: 'incident.triggered', resource_type: 'incident', occurred_at: null, agent: null, client: null, data: { key: k, i } } });
        out.push({ id, kind: 'webhook' as const, key: `wh:${subId}:${prefix}${k}`, targetId: subId, incidentId: null, payload: { subscriptionId: subId, webhookId: id, eventType: 'incident.triggered', body }, dueAt: at, createdAt: at });
      }
    }
    return out;
  }

  it('delivers every row once, in order per key, with both nodes working', async () => {
    await insertOutboxRows(nodes[0].app.ctx.db, rows('n', 20, 15, nodes[0].clock.now()));
    a.worker.opts.concurrency = 4;
    b.worker.opts.concurrency = 4;
    a.worker.start();
    b.worker.start();
    await recv.until((all) => all.length >= 300, '300 deliveries', 30_000);
    await Promise.all([a.worker.stop(), b.worker.stop()]);
    const ids = recv.received.map((r) => String(r.headers['x-webhook-id']));
    assert.equal(ids.length, 300);
    assert.equal(new Set(ids).size, 300, 'no duplicates');
    const perKey = new Map<number, number[]>();
    for (const r of recv.received) {
      const d = r.body.event.data as { key: number; i: number };
      perKey.set(d.key, [...(perKey.get(d.key) ?? []), d.i]);
    }
    for (const [k, seq] of perKey) assert.deepEqual(seq, [...Array(15).keys()], `key ${k} in order`);
    assert.ok(a.worker.stats.delivered > 0 && b.worker.stats.delivered > 0, `both nodes delivered: ${a.worker.stats.delivered}/${b.worker.stats.delivered}`);
    assert.equal(a.worker.stats.delivered + b.worker.stats.delivered, 300);
    assert.equal((await listOutbox(nodes[0].app.ctx.db)).length, 0);
  });

  it("finishes a dead node's claimed rows after its lease runs out", async () => {
    recv.received.length = 0;
    await insertOutboxRows(nodes[0].app.ctx.db, rows('d', 3, 2, nodes[0].clock.now()));
    // Node A claims and "dies" before delivering.
    const claimed = await claimOutbox(nodes[0].app.ctx.db, 'postgres', nodes[0].clock.now(), 10, a.worker.opts.leaseMs);
    assert.equal(claimed.length, 3);
    assert.equal(await b.worker.drain(), 0, 'B cannot take leased rows, nor the rows queued behind them');
    nodes[1].clock.advance(a.worker.opts.leaseMs + 1);
    await b.worker.drain();
    assert.equal(recv.received.length, 6);
    assert.equal(new Set(recv.received.map((r) => r.headers['x-webhook-id'])).size, 6);
  });
});
