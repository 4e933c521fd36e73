import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAlertEvent, type AlertEvent } from '../alerts/index.js';
import { inboundEvent } from '../events/index.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { forEachDialect } from '../testing/dialects.js';
import { makePolicy, makeService } from './test-fixtures.js';

const event = (dedupKey: string, action: AlertEvent['action'] = 'trigger'): AlertEvent =>
  inboundEvent({ api: 'events_v2', action, dedupKey, summary: `Alert ${dedupKey}`, source: 'host-1', severity: 'critical', channel: 'api' });

forEachDialect((dialect) => {
  describe(`${dialect}: incident alerts and merge`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const policyId = await makePolicy(ctx, [[t.ownerId]]);
    const serviceId = await makeService(ctx, policyId);
    const service = { id: serviceId, alertCreation: 'create_alerts_and_incidents' as const, alertGroupingParameters: null };
    const from = { headers: { from: OWNER_EMAIL } };
    const trigger = async (key: string) => {
      const r = await ctx.db.transaction().execute((tx) => applyAlertEvent(tx, ctx, { event: event(key), integrationId: 'PINTEG1', service: service as never, at: ctx.clock.now() }));
      return r.incidentId!;
    };

    it('counts and lists an incident\'s alerts', async () => {
      const id = await trigger('a1');
      const inc = (await t.request('GET', `/incidents/${id}`)).json().incident;
      assert.deepEqual(inc.alert_counts, { all: 1, triggered: 1, resolved: 0 });
      assert.equal(inc.is_mergeable, true);
      assert.equal(inc.last_status_change_by.id, 'PINTEG1');
      const res = await t.request('GET', `/incidents/${id}/alerts`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().alerts.length, 1);
      assert.equal(res.json().alerts[0].alert_key, 'a1');
      assert.equal(res.json().alerts[0].incident.id, id);
    });

    it('resolving the last alert through PUT resolves the incident', async () => {
      const id = await trigger('a2');
      const alertId = (await t.request('GET', `/incidents/${id}/alerts`)).json().alerts[0].id;
      const res = await t.request('PUT', `/incidents/${id}/alerts/${alertId}`, { alert: { type: 'alert', status: 'resolved' } }, from);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().alert.status, 'resolved');
      assert.equal((await t.request('GET', `/incidents/${id}`)).json().incident.status, 'resolved');
      const missing = await t.request('PUT', `/incidents/${id}/alerts/PNOPE00`, { alert: { status: 'resolved' } }, from);
      assert.equal(missing.statusCode, 404);
    });

    it('merge moves the sources\' alerts to the target and resolves the sources', async () => {
      const target = await trigger('m1');
      const source = await trigger('m2');
      const res = await t.request('PUT', `/incidents/${target}/merge`, { source_incidents: [{ id: source, type: 'incident_reference' }] }, from);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().incident.alert_counts, { all: 2, triggered: 2, resolved: 0 });
      const src = (await t.request('GET', `/incidents/${source}`)).json().incident;
      assert.equal(src.status, 'resolved');
      assert.deepEqual(src.alert_counts, { all: 0, triggered: 0, resolved: 0 });
      assert.equal(src.resolve_reason.incident.id, target);
      // A new event for the moved alert's key now lands on the target.
      assert.equal(await trigger('m2'), target);
    });
  });
});
