// Maintenance windows and disabled services over time, through the REST and Events APIs: events
// during a window open nothing, the window ends by itself, disabling resolves open incidents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp } from '../../src/testing/app.js';
import { buildEscalationPolicy } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, fastForward, from, getIncident, makeService, MIN } from './helpers.js';

forEachDialect((dialect) => {
  describe(`${dialect}: maintenance windows and disabled services over time`, async () => {
    const t = await buildTestApp(dialect);
    const ep = await buildEscalationPolicy(t, { delay: 30 });

    async function serviceWithKey(): Promise<{ id: string; key: string }> {
      const svc = await makeService(t, ep.id);
      const res = await t.request('POST', `/services/${svc.id}/integrations`, {
        integration: { type: 'events_api_v2_inbound_integration', name: 'Events' },
      });
      assert.equal(res.statusCode, 201, res.body);
      return { id: svc.id, key: res.json().integration.integration_key };
    }
    async function send(key: string, action: 'trigger' | 'resolve', dedup: string): Promise<void> {
      const body =
        action === 'trigger'
          ? { routing_key: key, event_action: 'trigger', dedup_key: dedup, payload: { summary: `Disk ${dedup}`, source: 'host1', severity: 'critical' } }
          : { routing_key: key, event_action: 'resolve', dedup_key: dedup };
      const res = await t.request('POST', '/v2/enqueue', body, { token: null });
      assert.equal(res.statusCode, 202, res.body);
      await t.app.events.processor.drain();
    }
    const incidentsOf = async (serviceId: string) => {
      const res = await t.request('GET', `/incidents?service_ids[]=${serviceId}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().incidents as Array<{ id: string; status: string; incident_key: string }>;
    };
    const status = async (id: string) => (await t.request('GET', `/services/${id}`)).json().service.status;

    it('accepts events during a window but opens and resolves nothing; the window ends by itself', async () => {
      const svc = await serviceWithKey();
      await send(svc.key, 'trigger', 'before');
      assert.equal((await incidentsOf(svc.id)).length, 1);
      const w = await t.request(
        'POST',
        '/maintenance_windows',
        {
          maintenance_window: {
            type: 'maintenance_window',
            start_time: new Date(t.clock.now() + 10 * MIN).toISOString(),
            end_time: new Date(t.clock.now() + 70 * MIN).toISOString(),
            services: [{ id: svc.id, type: 'service_reference' }],
          },
        },
        from,
      );
      assert.equal(w.statusCode, 201, w.body);
      assert.equal(await status(svc.id), 'critical');
      await fastForward(t, 10 * MIN);
      assert.equal(await status(svc.id), 'maintenance');
      await send(svc.key, 'trigger', 'during');
      await send(svc.key, 'resolve', 'before');
      const during = await incidentsOf(svc.id);
      assert.deepEqual(during.map((i) => i.status), ['triggered']);
      await fastForward(t, 60 * MIN);
      assert.equal(await status(svc.id), 'critical');
      await send(svc.key, 'trigger', 'after');
      assert.equal((await incidentsOf(svc.id)).length, 2);
    });

    it('resolves open incidents when the service is disabled, opens none while disabled, and works again when enabled', async () => {
      const svc = await serviceWithKey();
      const manual = await createIncident(t, svc.id);
      await send(svc.key, 'trigger', 'x');
      assert.equal((await incidentsOf(svc.id)).length, 2);
      let res = await t.request('PUT', `/services/${svc.id}`, { service: { status: 'disabled' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await status(svc.id), 'disabled');
      const after = await incidentsOf(svc.id);
      assert.deepEqual(after.map((i) => i.status), ['resolved', 'resolved']);
      const resolved = await getIncident(t, manual.id);
      assert.equal(resolved.status, 'resolved');
      // No timers fire on resolved incidents.
      await fastForward(t, 120 * MIN);
      await send(svc.key, 'trigger', 'y');
      assert.equal((await incidentsOf(svc.id)).length, 2);
      res = await t.request('PUT', `/services/${svc.id}`, { service: { status: 'active' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(await status(svc.id), 'active');
      await send(svc.key, 'trigger', 'z');
      const now = await incidentsOf(svc.id);
      assert.equal(now.length, 3);
      assert.equal(now.filter((i) => i.status === 'triggered').length, 1);
    });
  });
});
