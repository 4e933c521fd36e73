import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAlertEvent, type AlertEvent } from '../alerts/index.js';
import { inboundEvent } from '../events/index.js';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildTeam, buildUser } from '../testing/builders.js';
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

    const alertsOf = async (id: string) => (await t.request('GET', `/incidents/${id}/alerts`)).json().alerts as Array<{ id: string; status: string; incident: { id: string } }>;

    it('GET /incidents/{id}/alerts/{alert_id} answers one alert, and 404 for an alert of another incident', async () => {
      const id = await trigger('g1');
      const other = await trigger('g2');
      const [a] = await alertsOf(id);
      const res = await t.request('GET', `/incidents/${id}/alerts/${a.id}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().alert.id, a.id);
      assert.equal(res.json().alert.first_trigger_log_entry.type, 'trigger_log_entry_reference');
      assert.equal((await t.request('GET', `/incidents/${other}/alerts/${a.id}`)).statusCode, 404);
    });

    it('include[] on the alert list gives the full service, incident and first trigger log entry in the same fields', async () => {
      const id = await trigger('i1');
      const plain = (await t.request('GET', `/incidents/${id}/alerts`)).json().alerts[0];
      assert.equal(plain.service.type, 'service_reference');
      const res = await t.request('GET', `/incidents/${id}/alerts?include[]=services&include[]=incidents&include[]=first_trigger_log_entries`);
      assert.equal(res.statusCode, 200, res.body);
      const a = res.json().alerts[0];
      assert.equal(a.service.type, 'service');
      assert.equal(a.service.id, serviceId);
      assert.equal(a.incident.type, 'incident');
      assert.equal(a.incident.id, id);
      assert.equal(a.first_trigger_log_entry.type, 'trigger_log_entry');
      assert.equal(a.first_trigger_log_entry.agent.type, 'integration_reference');
    });

    it('PUT /incidents/{id}/alerts resolves some alerts and moves others, in PagerDuty\'s body', async () => {
      const id = await trigger('b1');
      const other = await trigger('b2');
      const [a1] = await alertsOf(id);
      // The single PUT moves b2's alert into `id`, so it has two alerts.
      const [b2] = await alertsOf(other);
      const moveIn = await t.request('PUT', `/incidents/${other}/alerts/${b2.id}`, { alert: { type: 'alert', incident: { id, type: 'incident_reference' } } }, from);
      assert.equal(moveIn.statusCode, 200, moveIn.body);
      assert.equal(moveIn.json().alert.incident.id, id);
      const [x, y] = await alertsOf(id);
      assert.deepEqual([x.id, y.id].sort(), [a1.id, b2.id].sort());
      const dest = await trigger('b4');
      const res = await t.request(
        'PUT',
        `/incidents/${id}/alerts`,
        { alerts: [{ id: x.id, type: 'alert', status: 'resolved' }, { id: y.id, type: 'alert', incident: { id: dest, type: 'incident_reference' } }] },
        from,
      );
      assert.equal(res.statusCode, 200, res.body);
      const out = res.json();
      assert.equal(out.alerts.length, 2);
      assert.equal(out.more, false);
      assert.deepEqual(out.alerts.map((a: { status: string; incident: { id: string } }) => [a.status, a.incident.id]), [['resolved', id], ['triggered', dest]]);
      assert.ok((await alertsOf(dest)).some((a) => a.id === y.id));
      assert.deepEqual((await alertsOf(id)).map((a) => a.id), [x.id]);
    });

    it('PUT /incidents/{id}/alerts is all or nothing: an unknown alert is 404 and nothing changes; over 250 is 413', async () => {
      const id = await trigger('n1');
      const [a] = await alertsOf(id);
      const res = await t.request('PUT', `/incidents/${id}/alerts`, { alerts: [{ id: a.id, type: 'alert', status: 'resolved' }, { id: 'PNOPE00', type: 'alert', status: 'resolved' }] }, from);
      assert.equal(res.statusCode, 404, res.body);
      assert.equal((await alertsOf(id))[0].status, 'triggered');
      const many = Array.from({ length: 251 }, (_, k) => ({ id: `P${k}`, type: 'alert', status: 'resolved' }));
      assert.equal((await t.request('PUT', `/incidents/${id}/alerts`, { alerts: many }, from)).statusCode, 413);
    });

    it('checks incidents.write on EACH service involved: a team responder cannot move an alert to a foreign service\'s incident', async () => {
      const responder = await buildUser(t, { role: 'restricted_access' });
      const team = await buildTeam(t, { members: [{ userId: responder.id, role: 'responder' }] });
      const ownId = await makeService(ctx, policyId, { teamIds: [team.id] });
      const own = { id: ownId, alertCreation: 'create_alerts_and_incidents' as const, alertGroupingParameters: null };
      const r = await ctx.db.transaction().execute((tx) => applyAlertEvent(tx, ctx, { event: event('r1'), integrationId: 'PINTEG2', service: own as never, at: ctx.clock.now() }));
      const mine = r.incidentId!;
      const foreign = await trigger('r2');
      const [a] = await alertsOf(mine);
      const as = { token: responder.token, headers: { from: responder.email } };
      const move = { alerts: [{ id: a.id, type: 'alert', incident: { id: foreign, type: 'incident_reference' } }] };
      const denied = await t.request('PUT', `/incidents/${mine}/alerts`, move, as);
      assert.equal(denied.statusCode, 403, denied.body);
      assert.equal(denied.json().error.code, 2010);
      const single = await t.request('PUT', `/incidents/${mine}/alerts/${a.id}`, { alert: move.alerts[0] }, as);
      assert.equal(single.statusCode, 403, single.body);
      assert.equal((await alertsOf(mine))[0].incident.id, mine);
      // Their own service's alert they may resolve.
      const ok = await t.request('PUT', `/incidents/${mine}/alerts`, { alerts: [{ id: a.id, type: 'alert', status: 'resolved' }] }, as);
      assert.equal(ok.statusCode, 200, ok.body);
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
