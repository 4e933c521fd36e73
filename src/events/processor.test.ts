import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../testing/dialects.js';
import { EventProcessor } from './processor.js';
import { deleteProcessedEventsBefore, listIntegrationEvents } from './store.js';
import { buildEventsTestApp, trigger, type EventsTestApp } from './test-fixtures.js';

const ack = (key: string, dedup: string) => ({ routing_key: key, event_action: 'acknowledge', dedup_key: dedup });
const resolve = (key: string, dedup: string) => ({ routing_key: key, event_action: 'resolve', dedup_key: dedup });

async function outcomes(t: EventsTestApp, integrationId: string): Promise<string[]> {
  const log = await listIntegrationEvents(t.app.ctx.db, integrationId, { limit: 100, offset: 0 });
  return log.reverse().map((e) => e.outcome ?? 'pending');
}

forEachDialect((dialect) => {
  describe(`${dialect}: event processing`, async () => {
    const t = await buildEventsTestApp(dialect);

    it('a trigger opens an incident with one alert; a repeat is deduplicated; resolve resolves both', async () => {
      const s = await t.service();
      for (let i = 0; i < 3; i++) assert.equal((await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'disk' }))).status, 202);
      await t.drain();
      const [inc] = await t.incidents(s.serviceId);
      assert.equal(inc.status, 'triggered');
      assert.equal(inc.title, 'CPU high on web-1');
      assert.equal(inc.urgency, 'high');
      const alerts = await t.request('GET', `/incidents/${inc.id}/alerts`);
      assert.equal(alerts.statusCode, 200, alerts.body);
      assert.equal(alerts.json().alerts.length, 1);
      assert.equal(alerts.json().alerts[0].alert_key, 'disk');
      assert.deepEqual(inc.alert_counts, { all: 1, triggered: 1, resolved: 0 });
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created', 'deduplicated', 'deduplicated']);
      const logs = await t.request('GET', `/incidents/${inc.id}/log_entries?limit=100`);
      assert.equal(logs.json().log_entries.filter((e: { type: string }) => e.type === 'trigger_log_entry').length, 3);

      await t.send('/v2/enqueue', ack(s.key, 'disk'));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId))[0].status, 'acknowledged');
      await t.send('/v2/enqueue', resolve(s.key, 'disk'));
      await t.drain();
      const [after] = await t.incidents(s.serviceId);
      assert.equal(after.status, 'resolved');
      assert.equal(after.last_status_change_by.id, s.integrationId);
    });

    it('after resolve the same key opens a new alert and incident; ack/resolve of unknown keys are dropped', async () => {
      const s = await t.service();
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'k' }));
      await t.send('/v2/enqueue', resolve(s.key, 'k'));
      await t.send('/v2/enqueue', resolve(s.key, 'k'));
      await t.send('/v2/enqueue', ack(s.key, 'never-seen'));
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'k' }));
      await t.drain();
      const incs = await t.incidents(s.serviceId);
      assert.equal(incs.length, 2);
      assert.deepEqual(incs.map((i: { status: string }) => i.status).sort(), ['resolved', 'triggered']);
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created', 'resolved', 'dropped_no_open_alert', 'dropped_no_open_alert', 'alert_created']);
    });

    it('a trigger followed at once by a resolve never leaves an open incident (same batch, in order)', async () => {
      const s = await t.service();
      await Promise.all([t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'flap' })), t.send('/v2/enqueue', resolve(s.key, 'flap'))]);
      const n = await t.drain();
      assert.equal(n, 2);
      const incs = await t.incidents(s.serviceId);
      assert.equal(incs.length, 1);
      assert.equal(incs[0].status, 'resolved');
    });

    it('dedup is per integration: the same key on two integrations makes two alerts', async () => {
      const s = await t.service();
      const other = await t.integration(s.serviceId);
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'same' }));
      await t.send('/v2/enqueue', trigger(other.key, { dedup_key: 'same' }));
      await t.send('/v2/enqueue', resolve(other.key, 'same'));
      await t.drain();
      const incs = await t.incidents(s.serviceId);
      assert.equal(incs.length, 2);
      assert.deepEqual(incs.map((i: { status: string }) => i.status).sort(), ['resolved', 'triggered']);
    });

    it('processing is idempotent: a processed event is never applied again', async () => {
      const s = await t.service();
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'once' }));
      assert.equal(await t.drain(), 1);
      assert.equal(await t.drain(), 0);
      await t.app.events.processor.runBatch();
      assert.equal((await t.incidents(s.serviceId)).length, 1);
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created']);
    });

    it('a disabled service accepts events into the log but opens no incident', async () => {
      const s = await t.service();
      const put = await t.request('PUT', `/services/${s.serviceId}`, { service: { status: 'disabled' } });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal((await t.send('/v2/enqueue', trigger(s.key))).status, 202);
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 0);
      assert.deepEqual(await outcomes(t, s.integrationId), ['dropped_service_disabled']);
      const log = await t.request('GET', `/services/${s.serviceId}/integrations/${s.integrationId}/events?total=true`);
      assert.equal(log.statusCode, 200, log.body);
      assert.equal(log.json().total, 1);
      assert.equal(log.json().events[0].outcome, 'dropped_service_disabled');
      assert.equal(log.json().events[0].event_action, 'trigger');
      assert.equal((await t.request('GET', `/services/${s.serviceId}/integrations/PNOPE00/events`)).statusCode, 404);
    });

    it('a service in a maintenance window accepts events but opens no incident', async () => {
      const s = await t.service();
      const now = t.clock.now();
      const mw = await t.request(
        'POST',
        '/maintenance_windows',
        {
          maintenance_window: {
            type: 'maintenance_window',
            start_time: new Date(now - 60_000).toISOString(),
            end_time: new Date(now + 3_600_000).toISOString(),
            services: [{ id: s.serviceId, type: 'service_reference' }],
          },
        },
        { headers: { from: 'owner@example.com' } },
      );
      assert.equal(mw.statusCode, 201, mw.body);
      await t.send('/v2/enqueue', trigger(s.key));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 0);
      assert.deepEqual(await outcomes(t, s.integrationId), ['dropped_maintenance']);
    });

    it('severity-based urgency: warning → low', async () => {
      const s = await t.service({ incident_urgency_rule: { type: 'constant', urgency: 'severity_based' } });
      await t.send('/v2/enqueue', trigger(s.key, {}, { severity: 'warning' }));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId))[0].urgency, 'low');
    });

    it('time-based grouping puts alerts within the window into one incident', async () => {
      const s = await t.service({ alert_grouping_parameters: { type: 'time', config: { timeout: 10 } } });
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'a' }));
      await t.drain();
      t.clock.advance('5m');
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'b' }));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 1);
      t.clock.advance('6m');
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'c' }));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 2);
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created', 'grouped', 'alert_created']);
      // The grouped incident resolves only when both of its alerts are resolved.
      await t.send('/v2/enqueue', resolve(s.key, 'a'));
      await t.drain();
      const first = (await t.incidents(s.serviceId)).find((i: { incident_key: string }) => i.incident_key === 'a');
      assert.equal(first.status, 'triggered');
      await t.send('/v2/enqueue', resolve(s.key, 'b'));
      await t.drain();
      const again = (await t.incidents(s.serviceId)).find((i: { incident_key: string }) => i.incident_key === 'a');
      assert.equal(again.status, 'resolved');
    });

    it('content-based grouping joins alerts whose chosen fields match exactly', async () => {
      const s = await t.service({
        alert_grouping_parameters: { type: 'content_based', config: { aggregate: 'all', fields: ['source', 'custom_details.cluster'], time_window: 600 } },
      });
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'x1' }, { source: 'db', custom_details: { cluster: 'eu' } }));
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'x2' }, { source: 'db', custom_details: { cluster: 'eu' }, summary: 'other text' }));
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'x3' }, { source: 'db', custom_details: { cluster: 'us' } }));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 2);
      assert.deepEqual(await outcomes(t, s.integrationId), ['alert_created', 'grouped', 'alert_created']);
      t.clock.advance('11m');
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'x4' }, { source: 'db', custom_details: { cluster: 'eu' } }));
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 3);
    });

    it('Events API v1 on a create_incidents service: incidents keyed by incident_key', async () => {
      const s = await t.service({ alert_creation: 'create_incidents' }, { type: 'generic_events_api_inbound_integration' });
      const v1 = (body: Record<string, unknown>) => t.send('/generic/2010-04-15/create_event.json', { service_key: s.key, ...body });
      await v1({ event_type: 'trigger', incident_key: 'srv01/HTTP', description: 'HTTP down' });
      await v1({ event_type: 'trigger', incident_key: 'srv01/HTTP', description: 'HTTP down' });
      await t.drain();
      const [inc] = await t.incidents(s.serviceId);
      assert.equal(inc.incident_key, 'srv01/HTTP');
      assert.deepEqual(await outcomes(t, s.integrationId), ['incident_created', 'deduplicated']);
      await v1({ event_type: 'acknowledge', incident_key: 'srv01/HTTP' });
      await t.drain();
      assert.equal((await t.incidents(s.serviceId))[0].status, 'acknowledged');
      await v1({ event_type: 'resolve', incident_key: 'srv01/HTTP' });
      await v1({ event_type: 'resolve', incident_key: 'nope' });
      await t.drain();
      assert.equal((await t.incidents(s.serviceId))[0].status, 'resolved');
      assert.equal((await outcomes(t, s.integrationId)).at(-1), 'dropped_no_open_alert');
    });

    it('an event for an integration deleted after its 202 is dropped and logged', async () => {
      const s = await t.service();
      await t.send('/v2/enqueue', trigger(s.key));
      const del = await t.request('DELETE', `/services/${s.serviceId}/integrations/${s.integrationId}`);
      assert.equal(del.statusCode, 204);
      await t.drain();
      assert.equal((await t.incidents(s.serviceId)).length, 0);
      assert.deepEqual(await outcomes(t, s.integrationId), ['dropped_integration_deleted']);
    });

    it('two processors at once (two nodes) keep each service in arrival order', async () => {
      const services = await Promise.all([t.service(), t.service(), t.service()]);
      for (let round = 0; round < 5; round++) {
        for (const s of services) {
          await t.send('/v2/enqueue', trigger(s.key, { dedup_key: `r${round}` }));
          await t.send('/v2/enqueue', ack(s.key, `r${round}`));
          await t.send('/v2/enqueue', resolve(s.key, `r${round}`));
        }
      }
      const second = new EventProcessor(t.app.ctx, { batchSize: 4, servicesPerBatch: 2 });
      const first = new EventProcessor(t.app.ctx, { batchSize: 3, servicesPerBatch: 2 });
      const [a, b] = await Promise.all([first.drain(), second.drain()]);
      assert.equal(a + b, 45);
      for (const s of services) {
        const incs = await t.incidents(s.serviceId);
        assert.equal(incs.length, 5);
        assert.ok(incs.every((i: { status: string }) => i.status === 'resolved'));
        assert.deepEqual(await outcomes(t, s.integrationId), Array(5).fill(['alert_created', 'acknowledged', 'resolved']).flat());
      }
    });

    it('retention removes processed events older than the cutoff, never pending ones', async () => {
      const s = await t.service();
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'old' }));
      await t.drain();
      t.clock.advance('8d');
      await t.send('/v2/enqueue', trigger(s.key, { dedup_key: 'new-pending' }));
      const deleted = await deleteProcessedEventsBefore(t.app.ctx.db, t.clock.now() - 7 * 86_400_000);
      assert.ok(deleted >= 1);
      assert.deepEqual(await outcomes(t, s.integrationId), ['pending']);
      await t.drain();
    });

    it('a vendor payload (Alertmanager) triggers and resolves through /integration/{key}/enqueue', async () => {
      const s = await t.service({}, { vendor: { id: 'PAVZBDG', type: 'vendor_reference' } });
      const alert = { labels: { alertname: 'Down', instance: 'a:1' }, annotations: { summary: 'a:1 down' }, fingerprint: 'f1' };
      const r = await t.send(`/integration/${s.key}/enqueue`, { version: '4', status: 'firing', alerts: [{ ...alert, status: 'firing' }] });
      assert.equal(r.status, 202, JSON.stringify(r.json));
      assert.deepEqual(r.json.dedup_keys, ['f1']);
      await t.drain();
      const [inc] = await t.incidents(s.serviceId);
      assert.equal(inc.title, 'a:1 down');
      await t.send(`/integration/${s.key}/enqueue`, { version: '4', status: 'resolved', alerts: [{ ...alert, status: 'resolved' }] });
      await t.drain();
      assert.equal((await t.incidents(s.serviceId))[0].status, 'resolved');
      const plain = await t.service();
      const refused = await t.send(`/integration/${plain.key}/enqueue`, { alerts: [] });
      assert.equal(refused.status, 400);
    });
  });
});
