import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../incidents/test-fixtures.js';
import { listOutbox } from '../notify/outbox-store.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';

forEachDialect((dialect) => {
  describe(`${dialect}: priorities`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const user = await t.makeUser('user', 'Uma User');
    const policyId = await makePolicy(ctx, [[user.id]]);
    const serviceId = await makeService(ctx, policyId);
    const from = { headers: { from: OWNER_EMAIL } };
    const create = async (title: string, over: Record<string, unknown> = {}) => {
      const res = await t.request('POST', '/incidents', { incident: { type: 'incident', title, service: { id: serviceId, type: 'service_reference' }, ...over } }, from);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().incident as { id: string; priority: { id: string; summary: string; type: string } | null };
    };
    const names = async () => (await t.request('GET', '/priorities')).json().priorities.map((p: { name: string }) => p.name);

    it('lists P1–P5 in order, in PagerDuty\'s shape, paginated', async () => {
      const res = await t.request('GET', '/priorities?limit=2&offset=1&total=true');
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual(body.priorities.map((p: { name: string }) => p.name), ['P2', 'P3']);
      assert.equal(body.total, 5);
      assert.equal(body.more, true);
      const p2 = body.priorities[0];
      assert.equal(p2.type, 'priority');
      assert.equal(p2.summary, 'P2');
      assert.equal(p2.self, `http://tocsin.test/priorities/${p2.id}`);
      assert.match(p2.description, /Critical system issue/);
      assert.deepEqual(await names(), ['P1', 'P2', 'P3', 'P4', 'P5']);
    });

    it('sets an incident\'s priority by reference or by name, clears it with null, and refuses an unknown one', async () => {
      const [p1, p3] = (await t.request('GET', '/priorities')).json().priorities.filter((p: { name: string }) => p.name === 'P1' || p.name === 'P3');
      const i = await create('Checkout slow', { priority: { id: p3.id, type: 'priority_reference' } });
      assert.deepEqual(i.priority, { id: p3.id, type: 'priority_reference', summary: 'P3', self: `http://tocsin.test/priorities/${p3.id}`, html_url: null });
      const byName = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident', priority: 'P1' } }, from);
      assert.equal(byName.statusCode, 200, byName.body);
      assert.equal(byName.json().incident.priority.id, p1.id);
      const full = (await t.request('GET', `/incidents/${i.id}?include[]=priorities`)).json().incident;
      assert.equal(full.priority.type, 'priority');
      assert.equal(full.priority.name, 'P1');
      const bad = await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident', priority: { id: 'PNOPE00', type: 'priority_reference' } } }, from);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 2002);
      const bulk = await t.request('PUT', '/incidents', { incidents: [{ id: i.id, type: 'incident_reference', priority: null }] }, from);
      assert.equal(bulk.statusCode, 200, bulk.body);
      assert.equal(bulk.json().incidents[0].priority, null);
    });

    it('filters and sorts GET /incidents by priority (P1 first, none last)', async () => {
      const [p1, p2] = (await t.request('GET', '/priorities')).json().priorities;
      const a = await create('sort-a', { priority: 'P2' });
      const b = await create('sort-b');
      const c = await create('sort-c', { priority: 'P1' });
      const mine = new Set([a.id, b.id, c.id]);
      const list = async (q: string) => (await t.request('GET', `/incidents?limit=100&${q}`)).json().incidents.filter((x: { id: string }) => mine.has(x.id)).map((x: { id: string }) => x.id);
      assert.deepEqual(await list('sort_by=priority:asc'), [c.id, a.id, b.id]);
      assert.deepEqual(await list('sort_by=priority:desc'), [b.id, a.id, c.id]);
      assert.deepEqual(await list(`priority_ids[]=${p2.id}`), [a.id]);
      assert.deepEqual(await list(`priority_ids[]=${p1.id}&priority_ids[]=none&sort_by=incident_number`), [b.id, c.id]);
    });

    it('emits incident.priority_updated and incident.conference_bridge.updated to webhook subscriptions that ask', async () => {
      const sub = await t.request('POST', '/webhook_subscriptions', {
        webhook_subscription: {
          type: 'webhook_subscription',
          delivery_method: { type: 'http_delivery_method', url: 'https://hooks.example.com/pd' },
          events: ['incident.priority_updated', 'incident.conference_bridge.updated'],
          filter: { type: 'account_reference' },
        },
      });
      assert.equal(sub.statusCode, 200, sub.body);
      const i = await create('hooked');
      const types = async () =>
        (await listOutbox(ctx.db, { kind: 'webhook' }))
          .filter((r) => r.incidentId === i.id)
          .map((r) => JSON.parse((r.payload as { body: string }).body).event as { event_type: string; data: { priority: { summary: string } | null; conference_bridge: unknown } });
      assert.deepEqual(await types(), []);
      await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident', priority: 'P2' } }, from);
      await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident', priority: 'P2' } }, from);
      const bridge = { conference_number: '+1 555 0100', conference_url: 'https://meet.example/abc' };
      await t.request('PUT', `/incidents/${i.id}`, { incident: { type: 'incident', conference_bridge: bridge } }, from);
      const events = await types();
      assert.deepEqual(events.map((e) => e.event_type), ['incident.priority_updated', 'incident.conference_bridge.updated']);
      assert.equal(events[0].data.priority?.summary, 'P2');
      assert.deepEqual(events[1].data.conference_bridge, bridge);
    });

    it('lets admins add, rename, move and delete priorities; others get 403', async () => {
      const denied = await t.request('POST', '/priorities', { priority: { name: 'SEV0' } }, { token: user.token });
      assert.equal(denied.statusCode, 403);
      const made = await t.request('POST', '/priorities', { priority: { name: 'SEV0', description: 'Everything is down', position: 1 } });
      assert.equal(made.statusCode, 201, made.body);
      const sev0 = made.json().priority;
      assert.equal(sev0.position, 1);
      assert.deepEqual(await names(), ['SEV0', 'P1', 'P2', 'P3', 'P4', 'P5']);
      assert.equal((await t.request('POST', '/priorities', { priority: { name: 'p1' } })).statusCode, 400);
      const moved = await t.request('PUT', `/priorities/${sev0.id}`, { priority: { name: 'P0', position: 3 } });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.deepEqual(await names(), ['P1', 'P2', 'P0', 'P3', 'P4', 'P5']);
      const i = await create('to lose its priority', { priority: 'P0' });
      assert.equal((await t.request('DELETE', `/priorities/${sev0.id}`, undefined, { token: user.token })).statusCode, 403);
      assert.equal((await t.request('DELETE', `/priorities/${sev0.id}`)).statusCode, 204);
      assert.deepEqual(await names(), ['P1', 'P2', 'P3', 'P4', 'P5']);
      const positions = (await t.request('GET', '/priorities')).json().priorities.map((p: { position: number }) => p.position);
      assert.deepEqual(positions, [1, 2, 3, 4, 5]);
      assert.equal((await t.request('GET', `/incidents/${i.id}`)).json().incident.priority, null);
      assert.equal((await t.request('DELETE', `/priorities/${sev0.id}`)).statusCode, 404);
    });
  });
});
