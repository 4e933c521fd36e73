// Pipelining: the delivery worker picks up outbox rows when the transaction that wrote them commits
// (the database's commit signal), not at its next poll: with the 1 s safety-net poll, webhooks of
// incidents opened while the worker sleeps still leave within a fraction of it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: outbox rows are delivered as they commit`, async () => {
    const arrivals: number[] = [];
    const recv = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        arrivals.push(performance.now());
        res.end('ok');
      });
    });
    await new Promise<void>((r) => recv.listen(0, '127.0.0.1', r));
    const t = await buildTestApp(dialect, { TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true' });
    after(() => new Promise<void>((r) => recv.close(() => r())));
    const ep = await t.request('POST', '/escalation_policies', {
      escalation_policy: { type: 'escalation_policy', name: 'pipe', escalation_rules: [{ escalation_delay_in_minutes: 30, targets: [{ id: t.ownerId, type: 'user_reference' }] }] },
    });
    const svc = await t.request('POST', '/services', { service: { type: 'service', name: 'pipe', escalation_policy: { id: ep.json().escalation_policy.id, type: 'escalation_policy_reference' } } });
    const port = (recv.address() as { port: number }).port;
    const sub = await t.request('POST', '/webhook_subscriptions', {
      webhook_subscription: { delivery_method: { type: 'http_delivery_method', url: `http://127.0.0.1:${port}/hook` }, events: ['incident.triggered'], filter: { type: 'account_reference' } },
    });
    assert.equal(sub.statusCode, 200, sub.body);
    t.app.notifier.start();
    after(() => t.app.notifier.stop());

    it('delivers each webhook well before the 1 s poll would', async () => {
      assert.equal(t.app.notifier.worker.opts.idleMs, 1000);
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) {
        // Let the worker go idle (asleep until its poll) before the incident commits.
        await new Promise((r) => setTimeout(r, 100));
        const n = arrivals.length;
        const r = await t.request('POST', '/incidents', { incident: { type: 'incident', title: `Pipe ${i}`, service: { id: svc.json().service.id, type: 'service_reference' } } }, { headers: { from: OWNER_EMAIL } });
        assert.equal(r.statusCode, 201, r.body);
        const committed = performance.now();
        const end = committed + 3000;
        while (arrivals.length === n && performance.now() < end) await new Promise((res) => setTimeout(res, 2));
        assert.ok(arrivals.length > n, 'delivered');
        waits.push(arrivals[n] - committed);
      }
      waits.sort((a, b) => a - b);
      // A 1 s poll would put the median near 500 ms (more under load).
      assert.ok(waits[2] < 400, `commit → delivery ms: ${waits.map(Math.round).join(', ')}`);
    });
  });
});
