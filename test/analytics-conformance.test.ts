// Validates the analytics reports' responses against PagerDuty's own OpenAPI description, on both
// dialects, over incidents that were acknowledged and resolved (so every figure is measured).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp } from '../src/testing/app.js';
import { buildUser } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';
import { pagerDutyRestSpec, specChecker } from './fixtures/pagerduty/spec.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// A mean or percentile over no incident (none engaged: mean_seconds_to_engage) is null, as the real
// API answers it; the spec types them `integer` without `nullable`. Patched wherever they appear in
// the analytics answers (components and inline schemas).
function nullableMeans(node: Json): void {
  if (!node || typeof node !== 'object') return;
  if (node.properties) {
    for (const [k, v] of Object.entries(node.properties)) if (/^(mean_|p\d+_)/.test(k)) node.properties[k] = { anyOf: [v, { type: 'null' }] };
  }
  for (const v of Object.values(node)) nullableMeans(v);
}
for (const [path, item] of Object.entries(spec.paths)) if (path.startsWith('/analytics/')) nullableMeans(item);
for (const [name, schema] of Object.entries(spec.components.schemas)) if (name.startsWith('Analytics')) nullableMeans(schema);
const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: analytics responses conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const policyId = await makePolicy(t.app.ctx, [[t.ownerId]]);
    const serviceId = await makeService(t.app.ctx, policyId);
    const ok = async (method: 'GET' | 'POST' | 'PUT', url: string, status: number, body?: unknown) => {
      const res = await t.request(method, url, body);
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`);
      return res.json();
    };
    const start = new Date(t.clock.now() - 60_000).toISOString();
    for (const status of ['acknowledged', 'resolved', null]) {
      const made = await ok('POST', '/incidents', 201, { incident: { type: 'incident', title: `conformance ${status}`, service: { id: serviceId, type: 'service_reference' } } });
      if (status === 'resolved') await ok('PUT', `/incidents/${made.incident.id}`, 200, { incident: { type: 'incident', status: 'acknowledged' } });
      if (status) await ok('PUT', `/incidents/${made.incident.id}`, 200, { incident: { type: 'incident', status } });
    }
    const body = { filters: { created_at_start: start, created_at_end: new Date(t.clock.now() + 60_000).toISOString() }, time_zone: 'Europe/Paris' };

    it('incident metrics, per group and as one row', async () => {
      // The incidents have no team: the per-team report has no row, the others one.
      const teams = await ok('POST', '/analytics/metrics/incidents/teams', 200, body);
      assert.deepEqual(teams.data, []);
      conforms('/analytics/metrics/incidents/teams', 'post', 200, teams);
      for (const path of ['all', 'services', 'services/all', 'teams/all', 'escalation_policies', 'escalation_policies/all']) {
        const url = `/analytics/metrics/incidents/${path}`;
        const res = await ok('POST', url, 200, body);
        assert.equal(res.data.length, 1, `${url}: ${JSON.stringify(res.data)}`);
        assert.equal(res.data[0].total_incident_count, 3, url);
        conforms(url, 'post', 200, res);
      }
      const daily = await ok('POST', '/analytics/metrics/incidents/escalation_policies/all', 200, { ...body, aggregate_unit: 'day' });
      assert.ok(daily.data[0].range_start);
      conforms('/analytics/metrics/incidents/escalation_policies/all', 'post', 200, daily);
    });

    it('filters the /all rows by team and escalation policy', async () => {
      const none = await ok('POST', '/analytics/metrics/incidents/teams/all', 200, { filters: { ...body.filters, team_ids: ['PNOTEAM'] } });
      assert.deepEqual(none.data, []);
      const ep = await ok('POST', '/analytics/metrics/incidents/escalation_policies/all', 200, { filters: { ...body.filters, escalation_policy_ids: [policyId] } });
      assert.equal(ep.data[0].total_incident_count, 3);
      assert.equal(ep.data[0].total_incidents_acknowledged, 2);
      assert.equal(ep.data[0].escalation_policy_id, undefined);
    });

    it("an incident's responses: the assignee who acknowledged, and an invited responder still pending", async () => {
      const bob = await buildUser(t, { name: 'Bob' });
      const made = await ok('POST', '/incidents', 201, { incident: { type: 'incident', title: 'responses', service: { id: serviceId, type: 'service_reference' } } });
      const id = made.incident.id as string;
      t.clock.advance(90_000);
      await ok('PUT', `/incidents/${id}`, 200, { incident: { type: 'incident', status: 'acknowledged' } });
      await ok('POST', `/incidents/${id}/responder_requests`, 200, {
        requester_id: t.ownerId,
        message: 'help',
        responder_request_targets: [{ responder_request_target: { id: bob.id, type: 'user_reference' } }],
      });
      const res = await ok('GET', `/analytics/raw/incidents/${id}/responses?order=asc&time_zone=Europe/Paris`, 200);
      conforms('/analytics/raw/incidents/{id}/responses', 'get', 200, res);
      assert.equal(res.incident_id, id);
      assert.deepEqual(
        res.responses.map((r: Json) => [r.responder_id, r.responder_type, r.response_status, r.time_to_respond_seconds]),
        [
          [t.ownerId, 'assigned', 'joined', 90],
          [bob.id, 'added_responder', 'pending', undefined],
        ],
      );
      assert.equal(res.responses[1].responder_name, 'Bob');
      assert.match(res.responses[0].requested_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
      assert.equal((await t.request('GET', '/analytics/raw/incidents/PNOPE/responses')).statusCode, 404);
    });
  });
});
