// Validates issue 14's user, incident, change event and alert grouping answers (sessions, licences,
// status update and handoff notification rules, note edits, past/related/outlier incidents, change
// event writes, alert grouping settings) against PagerDuty's own OpenAPI description, on both dialects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setUserPassword } from '../src/accounts/set-password.js';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp, checkedRequest, OWNER_EMAIL } from '../src/testing/app.js';
import { buildUser } from '../src/testing/builders.js';
import { forEachDialect } from '../src/testing/dialects.js';
import { pagerDutyRestSpec, patchChannel, patchIncident, specChecker } from './fixtures/pagerduty/spec.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// With additional_details[]=incident the full incident appears: unset values are null on the wire.
patchIncident(spec);
patchChannel(spec);
const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: issue 14's user, incident and grouping answers conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const policyId = await makePolicy(t.app.ctx, [[t.ownerId]]);
    const serviceId = await makeService(t.app.ctx, policyId);
    const from = { headers: { from: OWNER_EMAIL } };
    const ok = checkedRequest(t);

    it('sessions and licences', async () => {
      const u = await buildUser(t);
      await setUserPassword(t.app.ctx.db, u.email, 'correct horse');
      const login = await t.request('POST', '/auth/login', { email: u.email, password: 'correct horse' }, { token: null, headers: { 'x-requested-with': 'tocsin-ui', 'user-agent': 'Mozilla/5.0' } });
      assert.equal(login.statusCode, 200);
      const list = await ok('GET', `/users/${u.id}/sessions`, 200);
      assert.equal(list.user_sessions.length, 1);
      conforms('/users/{id}/sessions', 'get', 200, list);
      conforms('/users/{id}/sessions/{type}/{session_id}', 'get', 200, await ok('GET', `/users/${u.id}/sessions/browser/${list.user_sessions[0].id}`, 200));
      conforms('/licenses', 'get', 200, await ok('GET', '/licenses', 200));
      conforms('/license_allocations', 'get', 200, await ok('GET', '/license_allocations', 200));
      conforms('/users/{id}/license', 'get', 200, await ok('GET', `/users/${u.id}/license`, 200));
    });

    it('status update and on-call handoff notification rules', async () => {
      const u = await buildUser(t);
      const rules = await ok('GET', `/users/${u.id}/status_update_notification_rules`, 200);
      conforms('/users/{id}/status_update_notification_rules', 'get', 200, rules);
      const ruleId = rules.status_update_notification_rules[0].id;
      const cm = (await ok('POST', `/users/${u.id}/contact_methods`, 201, { contact_method: { type: 'email_contact_method', label: 'Home', address: 'home@example.com' } })).contact_method;
      const made = await ok('POST', `/users/${u.id}/status_update_notification_rules`, 201, { status_update_notification_rule: { contact_method: { id: cm.id, type: 'email_contact_method' } } });
      conforms('/users/{id}/status_update_notification_rules', 'post', 201, made);
      const one = '/users/{id}/status_update_notification_rules/{status_update_notification_rule_id}';
      conforms(one, 'get', 200, await ok('GET', `/users/${u.id}/status_update_notification_rules/${ruleId}`, 200));
      await t.request('DELETE', `/users/${u.id}/status_update_notification_rules/${made.status_update_notification_rule.id}`);
      conforms(one, 'put', 200, await ok('PUT', `/users/${u.id}/status_update_notification_rules/${ruleId}`, 200, { status_update_notification_rule: { contact_method: { id: cm.id } } }));

      const handoff = { oncall_handoff_notification_rule: { handoff_type: 'both', notify_advance_in_minutes: 60, contact_method: { id: cm.id, type: 'email_contact_method_reference' } } };
      const h = await ok('POST', `/users/${u.id}/oncall_handoff_notification_rules`, 201, handoff);
      conforms('/users/{id}/oncall_handoff_notification_rules', 'post', 201, h);
      conforms('/users/{id}/oncall_handoff_notification_rules', 'get', 200, await ok('GET', `/users/${u.id}/oncall_handoff_notification_rules`, 200));
      const hp = '/users/{id}/oncall_handoff_notification_rules/{oncall_handoff_notification_rule_id}';
      conforms(hp, 'get', 200, await ok('GET', `/users/${u.id}/oncall_handoff_notification_rules/${h.oncall_handoff_notification_rule.id}`, 200));
      conforms(hp, 'put', 200, await ok('PUT', `/users/${u.id}/oncall_handoff_notification_rules/${h.oncall_handoff_notification_rule.id}`, 200, { oncall_handoff_notification_rule: { handoff_type: 'oncall' } }));
    });

    it('incident notes, past, related and outlier incidents', async () => {
      const create = async (service: string) => (await ok('POST', '/incidents', 201, { incident: { type: 'incident', title: 'Disk full', service: { id: service, type: 'service_reference' } } }, from)).incident;
      const other = await makeService(t.app.ctx, policyId);
      const first = await create(serviceId);
      await ok('PUT', `/incidents/${first.id}`, 200, { incident: { type: 'incident_reference', status: 'resolved' } }, from);
      t.clock.advance(60_000);
      const i = await create(serviceId);
      await create(other);
      const note = (await ok('POST', `/incidents/${i.id}/notes`, 200, { note: { content: 'first' } }, from)).note;
      conforms('/incidents/{id}/notes/{note_id}', 'put', 200, await ok('PUT', `/incidents/${i.id}/notes/${note.id}`, 200, { note: { content: 'second' } }, from));
      const past = await ok('GET', `/incidents/${i.id}/past_incidents?total=true`, 200);
      assert.equal(past.past_incidents.length, 1);
      conforms('/incidents/{id}/past_incidents', 'get', 200, past);
      const related = await ok('GET', `/incidents/${i.id}/related_incidents`, 200);
      assert.equal(related.related_incidents.length, 1);
      conforms('/incidents/{id}/related_incidents', 'get', 200, related);
      conforms('/incidents/{id}/related_incidents', 'get', 200, await ok('GET', `/incidents/${i.id}/related_incidents?additional_details[]=incident`, 200));
      conforms('/incidents/{id}/outlier_incident', 'get', 200, await ok('GET', `/incidents/${i.id}/outlier_incident`, 200));
    });

    it('alert grouping settings and change event edits', async () => {
      const body = { alert_grouping_setting: { name: 'Web', description: null, type: 'content_based', config: { aggregate: 'all', fields: ['summary'], time_window: 900 }, services: [{ id: serviceId }] } };
      const made = await ok('POST', '/alert_grouping_settings', 201, body);
      conforms('/alert_grouping_settings', 'post', 201, made);
      const id = made.alert_grouping_setting.id;
      conforms('/alert_grouping_settings', 'get', 200, await ok('GET', '/alert_grouping_settings?total=true', 200));
      conforms('/alert_grouping_settings/{id}', 'get', 200, await ok('GET', `/alert_grouping_settings/${id}`, 200));
      conforms('/alert_grouping_settings/{id}', 'put', 200, await ok('PUT', `/alert_grouping_settings/${id}`, 200, { alert_grouping_setting: { type: 'time', config: { timeout: 600 } } }));

      const integ = (await ok('POST', `/services/${serviceId}/integrations`, 201, { integration: { type: 'events_api_v2_inbound_integration', name: 'CI' } })).integration;
      await ok('POST', '/change_events', 202, { routing_key: integ.integration_key, payload: { summary: 'Deploy 1', source: 'ci' } });
      const [e] = (await ok('GET', `/services/${serviceId}/change_events`, 200)).change_events;
      conforms('/change_events/{id}', 'put', 200, await ok('PUT', `/change_events/${e.id}`, 200, { change_event: { summary: 'Deploy 1 (rolled back)' } }));
    });
  });
});
