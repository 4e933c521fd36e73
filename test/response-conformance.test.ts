// Validates issue 13's responses (priorities, responder requests, status updates and subscribers, an
// incident's incidents_responders) against PagerDuty's own OpenAPI description, on both dialects.
// Where Tocsin follows the real API rather than the spec, the spec is patched below, named.
import { orNull, pagerDutyRestSpec, schema, specChecker } from './fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../src/testing/app.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// PagerDuty has no web page for one priority or status update: html_url is null (a Tag's is a string).
const tag = spec.components.schemas.Tag.allOf[0].properties;
if (tag.html_url) tag.html_url = orNull(tag.html_url);
// A status update without custom HTML has html_message and subject null.
const su = spec.components.schemas.StatusUpdate.properties ?? spec.components.schemas.StatusUpdate.allOf?.[1]?.properties;
for (const k of ['html_message', 'subject']) if (su?.[k]) su[k] = orNull(su[k]);

const { conforms, conformsTo } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: responses of issue 13 conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const helper = await t.makeUser('user', 'Helen Helper');
    const policyId = await makePolicy(ctx, [[t.ownerId]]);
    const serviceId = await makeService(ctx, policyId);
    const from = { headers: { from: OWNER_EMAIL } };
    const created = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Conformance', service: { id: serviceId, type: 'service_reference' }, priority: 'P2' } }, from);
    const id = created.json().incident.id as string;

    it('GET /priorities', async () => {
      const res = await t.request('GET', '/priorities');
      assert.equal(res.statusCode, 200);
      conforms('/priorities', 'get', 200, res.json());
    });

    it('responder requests and the incident\'s incidents_responders', async () => {
      const res = await t.request('POST', `/incidents/${id}/responder_requests`, {
        requester_id: t.ownerId,
        message: 'Help please',
        responder_request_targets: [{ responder_request_target: { id: helper.id, type: 'user_reference' } }, { responder_request_target: { id: policyId, type: 'escalation_policy_reference' } }],
      });
      assert.equal(res.statusCode, 200, res.body);
      conforms('/incidents/{id}/responder_requests', 'post', 200, res.json());
      const inc = (await t.request('GET', `/incidents/${id}`)).json().incident;
      assert.equal(inc.incidents_responders.length, 2);
      for (const r of inc.incidents_responders) conformsTo(schema('IncidentsRespondersReference'), r, 'incidents_responders[]');
      for (const q of inc.responder_requests) conformsTo(schema('ResponderRequest'), q, 'responder_requests[]');
      const cancel = await t.request('PUT', `/incidents/${id}/responder_requests/cancel`, { requester_id: t.ownerId, responder_request_targets: [{ id: helper.id, type: 'user_reference' }] });
      assert.equal(cancel.statusCode, 200, cancel.body);
      conforms('/incidents/{id}/responder_requests/cancel', 'put', 200, cancel.json());
    });

    it('status updates and subscribers', async () => {
      const sub = await t.request('POST', `/incidents/${id}/status_updates/subscribers`, { subscribers: [{ subscriber_id: helper.id, subscriber_type: 'user' }] });
      assert.equal(sub.statusCode, 200, sub.body);
      conforms('/incidents/{id}/status_updates/subscribers', 'post', 200, sub.json());
      const list = await t.request('GET', `/incidents/${id}/status_updates/subscribers`);
      conforms('/incidents/{id}/status_updates/subscribers', 'get', 200, list.json());
      const plain = await t.request('POST', `/incidents/${id}/status_updates`, { message: 'Working on it' }, from);
      assert.equal(plain.statusCode, 200, plain.body);
      conforms('/incidents/{id}/status_updates', 'post', 200, plain.json());
      const html = await t.request('POST', `/incidents/${id}/status_updates`, { message: 'Fixed', subject: 'Fixed', html_message: '<p>Fixed</p>' }, from);
      conforms('/incidents/{id}/status_updates', 'post', 200, html.json());
      const un = await t.request('POST', `/incidents/${id}/status_updates/unsubscribe`, { subscribers: [{ subscriber_id: helper.id, subscriber_type: 'user' }] });
      conforms('/incidents/{id}/status_updates/unsubscribe', 'post', 200, un.json());
    });
  });
});
