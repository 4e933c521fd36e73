// Analytics over a known incident history, checked against figures computed by hand: an ack timeout
// that re-triggers, a timeout escalation, a manual reassignment, auto-resolution and a merge.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../../src/testing/app.js';
import { buildEscalationPolicy, buildUser } from '../../src/testing/builders.js';
import { forEachDialect } from '../../src/testing/dialects.js';
import { createIncident, fastForward, makeService, MIN } from './helpers.js';

forEachDialect((dialect) => {
  describe(`${dialect}: analytics over a known incident history`, async () => {
    const t = await buildTestApp(dialect);
    const alice = await buildUser(t, { name: 'Alice' });
    const bob = await buildUser(t, { name: 'Bob' });
    const ep = await buildEscalationPolicy(t, { rules: [[alice.id], [bob.id]], delay: 10 });
    const svc = await makeService(t, ep.id, { acknowledgement_timeout: 1800, auto_resolve_timeout: 14400 });
    const other = await makeService(t, ep.id, { acknowledgement_timeout: null, auto_resolve_timeout: null });
    const t0 = t.clock.now();
    const as = (token: string) => ({ token, headers: { from: OWNER_EMAIL } });
    const put = async (id: string, fields: Record<string, unknown>, token?: string) => {
      const res = await t.request('PUT', `/incidents/${id}`, { incident: { type: 'incident', ...fields } }, token ? as(token) : { headers: { from: OWNER_EMAIL } });
      assert.equal(res.statusCode, 200, res.body);
    };

    // #1: Alice acks at 5 m; the 30 m ack timeout re-triggers it at 35 m; it escalates to Bob at 45 m;
    // Bob acks at 50 m and resolves at 70 m.
    const i1 = await createIncident(t, svc.id);
    await fastForward(t, 5 * MIN);
    await put(i1.id, { status: 'acknowledged' }, alice.token);
    await fastForward(t, 45 * MIN); // now 50 m
    await put(i1.id, { status: 'acknowledged' }, bob.token);
    await fastForward(t, 20 * MIN); // now 70 m
    await put(i1.id, { status: 'resolved' }, bob.token);

    // #2 at 70 m: reassigned by hand to Bob at 72 m, never acknowledged, auto-resolved 4 h after creation.
    const i2 = await createIncident(t, svc.id);
    await fastForward(t, 2 * MIN);
    await put(i2.id, { assignments: [{ assignee: { id: bob.id, type: 'user_reference' } }] });
    await fastForward(t, 240 * MIN); // now 312 m

    // #3 and #4 at 312 m on the other service: #4 is merged into #3 at 322 m; #3 is resolved at 332 m.
    const i3 = await createIncident(t, other.id);
    const i4 = await createIncident(t, other.id);
    await fastForward(t, 10 * MIN);
    const merge = await t.request('PUT', `/incidents/${i3.id}/merge`, { source_incidents: [{ id: i4.id, type: 'incident_reference' }] }, { headers: { from: OWNER_EMAIL } });
    assert.equal(merge.statusCode, 200, merge.body);
    await fastForward(t, 10 * MIN);
    await put(i3.id, { status: 'resolved' });

    const range = { created_at_start: new Date(t0 - MIN).toISOString(), created_at_end: new Date(t.clock.now() + MIN).toISOString() };

    it('reports each service with the hand-computed figures', async () => {
      const res = await t.request('POST', '/analytics/metrics/incidents/services', { filters: range });
      assert.equal(res.statusCode, 200, res.body);
      const rows = res.json().data as Array<Record<string, number | string | null>>;
      const s = rows.find((r) => r.service_id === svc.id)!;
      assert.equal(s.service_name, svc.name);
      assert.equal(s.total_incident_count, 2);
      assert.equal(s.total_incidents_acknowledged, 1);
      assert.equal(s.total_incidents_auto_resolved, 1);
      assert.equal(s.total_incidents_reassigned, 1);
      assert.equal(s.total_incidents_timeout_escalated, 1);
      assert.equal(s.total_incidents_manual_escalated, 0);
      assert.equal(s.mean_seconds_to_first_ack, 5 * 60);
      assert.equal(s.mean_seconds_to_resolve, (70 * 60 + 240 * 60) / 2);
      // Alice engaged 5→70 m, Bob 50→70 m.
      assert.equal(s.total_engaged_seconds, 65 * 60 + 20 * 60);
      assert.equal(s.mean_seconds_to_engage, 45 * 60);
      assert.equal(s.mean_seconds_to_mobilize, 50 * 60);
      const o = rows.find((r) => r.service_id === other.id)!;
      assert.equal(o.total_incident_count, 2);
      assert.equal(o.total_incidents_auto_resolved, 0, 'a merge is resolved by a user, not automatically');
      assert.equal(o.mean_seconds_to_resolve, (20 * 60 + 10 * 60) / 2);
    });

    it('reports the account as a whole with percentiles, and one incident raw', async () => {
      const all = await t.request('POST', '/analytics/metrics/incidents/all', { filters: range });
      assert.equal(all.statusCode, 200, all.body);
      const row = all.json().data[0];
      assert.equal(row.total_incident_count, 4);
      assert.equal(row.p50_seconds_to_resolve, 20 * 60);
      assert.equal(row.p95_seconds_to_resolve, 240 * 60);
      const raw = await t.request('GET', `/analytics/raw/incidents/${i1.id}`);
      assert.equal(raw.statusCode, 200, raw.body);
      assert.equal(raw.json().seconds_to_resolve, 70 * 60);
      assert.deepEqual(raw.json().joined_user_ids, [alice.id, bob.id]);
    });

    it('reports per integration, as Tocsin adds', async () => {
      const res = await t.request('POST', '/analytics/metrics/incidents/integrations', { filters: range });
      assert.equal(res.statusCode, 200, res.body);
      // Manual incidents come from no integration: one row with a null integration.
      const rows = res.json().data as Array<Record<string, unknown>>;
      assert.equal(rows.length, 1);
      assert.equal(rows[0].integration_id, null);
      assert.equal(rows[0].total_incident_count, 4);
    });
  });
});
