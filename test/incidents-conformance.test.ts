// Validates the incidents, log entries and notes responses against PagerDuty's own OpenAPI
// description (test/fixtures/pagerduty/rest-openapiv3.json.gz). Where Tocsin follows the real API
// rather than the spec, the spec is patched below, named (what other tests patch too, in fixtures/pagerduty/spec.ts).
import { orNull, pagerDutyRestSpec, patchAccounts, patchChannel, patchIncident, patchLogEntry, patchService, specChecker } from './fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyAlertEvent, type AlertEvent } from '../src/alerts/index.js';
import { inboundEvent } from '../src/events/index.js';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../src/testing/app.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();

/** The spec's gaps for incidents, each patched to what the real API (and Tocsin) returns. */
function patchQuirks(doc: Json): void {
  const s = doc.components.schemas;
  // The spec's AcknowledgeLogEntry says `acknowledgement_log_entry`; its LogEntry base and the real API
  // say `acknowledge_log_entry`. The timeout is null when the service has none (its own description).
  const ack = s.AcknowledgeLogEntry.allOf[1].properties;
  ack.type.enum = ['acknowledge_log_entry'];
  ack.acknowledgement_timeout = orNull(ack.acknowledgement_timeout);
  // An alert's body.details is "an arbitrary JSON object or string" (its own description; the type says
  // object), and null when the event had no custom details. The alert's integration is null when the
  // alert came from no integration (or it was deleted).
  const alert = s.Alert.allOf[1].properties;
  alert.body.properties.details = { anyOf: [{ type: 'object' }, { type: 'string' }, { type: 'null' }] };
  alert.integration = orNull(alert.integration);
}
patchQuirks(spec);
// Unset values are null: an incident's, a log entry's note, and with include[]=services /
// escalation_policies / assignees / teams the full objects' (as the services and accounts tests patch them).
patchIncident(spec);
patchChannel(spec);
patchLogEntry(spec);
patchService(spec);
patchAccounts(spec);

const { conforms } = specChecker(spec, { 'activesupport-time-zone': true });

forEachDialect((dialect) => {
  describe(`${dialect}: incidents conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const policyId = await makePolicy(ctx, [[t.ownerId]]);
    const serviceId = await makeService(ctx, policyId, { acknowledgementTimeout: 600, autoResolveTimeout: 3600 });
    const from = { headers: { from: OWNER_EMAIL } };
    const created = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Conformance', service: { id: serviceId, type: 'service_reference' }, incident_key: 'c-1' } }, from);
    const id = created.json().incident.id as string;

    it('POST /incidents and GET /incidents/{id}', async () => {
      assert.equal(created.statusCode, 201, created.body);
      conforms('/incidents', 'post', 201, created.json());
      const res = await t.request('GET', `/incidents/${id}?include[]=first_trigger_log_entries`);
      conforms('/incidents/{id}', 'get', 200, res.json());
      const full = await t.request('GET', `/incidents?include[]=services&include[]=escalation_policies&include[]=assignees&include[]=teams`);
      assert.equal(full.json().incidents[0].service.type, 'service');
      assert.equal(full.json().incidents[0].escalation_policy.type, 'escalation_policy');
      assert.equal(full.json().incidents[0].assignments[0].assignee.type, 'user');
      conforms('/incidents', 'get', 200, full.json());
    });

    it('PUT /incidents/{id}, snooze, and the list', async () => {
      const ack = await t.request('PUT', `/incidents/${id}`, { incident: { type: 'incident_reference', status: 'acknowledged' } }, from);
      conforms('/incidents/{id}', 'put', 200, ack.json());
      const snoozed = await t.request('POST', `/incidents/${id}/snooze`, { duration: 60 }, from);
      assert.equal(snoozed.statusCode, 201);
      conforms('/incidents/{id}/snooze', 'post', 201, snoozed.json());
      const list = await t.request('GET', '/incidents?total=true');
      conforms('/incidents', 'get', 200, list.json());
      const bulk = await t.request('PUT', '/incidents', { incidents: [{ id, type: 'incident_reference', status: 'resolved' }] }, from);
      conforms('/incidents', 'put', 200, bulk.json());
    });

    it('an incident an integration triggered: agents, last_status_change_by and its alerts', async () => {
      const integ = await t.request('POST', `/services/${serviceId}/integrations`, { integration: { type: 'events_api_v2_inbound_integration', name: 'v2' } });
      assert.equal(integ.statusCode, 201, integ.body);
      const integrationId = integ.json().integration.id as string;
      const service = { id: serviceId, alertCreation: 'create_alerts_and_incidents' as const, alertGroupingParameters: null };
      const event: AlertEvent = inboundEvent({ api: 'events_v2', action: 'trigger', dedupKey: 'conf-alert', summary: 'Disk full', source: 'db-1', severity: 'critical', channel: 'api' });
      const applied = await ctx.db.transaction().execute((tx) => applyAlertEvent(tx, ctx, { event, integrationId, service: service as never, at: ctx.clock.now() }));
      const incidentId = applied.incidentId!;
      const inc = await t.request('GET', `/incidents/${incidentId}`);
      conforms('/incidents/{id}', 'get', 200, inc.json());
      // The schema's AgentReference: user_reference, service_reference or integration_reference only.
      assert.equal(inc.json().incident.last_status_change_by.type, 'integration_reference');
      // An Events API acknowledge: the acknowledger is the service (AcknowledgerReference: user or service).
      const ackEvent: AlertEvent = { ...event, action: 'acknowledge' };
      await ctx.db.transaction().execute((tx) => applyAlertEvent(tx, ctx, { event: ackEvent, integrationId, service: service as never, at: ctx.clock.now() }));
      const acked = await t.request('GET', `/incidents/${incidentId}`);
      conforms('/incidents/{id}', 'get', 200, acked.json());
      assert.equal(acked.json().incident.status, 'acknowledged');
      assert.deepEqual(acked.json().incident.acknowledgements.map((a: Json) => a.acknowledger.type), ['service_reference']);
      const logs = await t.request('GET', `/incidents/${incidentId}/log_entries`);
      conforms('/incidents/{id}/log_entries', 'get', 200, logs.json());
      for (const e of logs.json().log_entries) assert.ok(['user_reference', 'service_reference', 'integration_reference'].includes(e.agent.type), e.agent.type);
      const alerts = await t.request('GET', `/incidents/${incidentId}/alerts`);
      conforms('/incidents/{id}/alerts', 'get', 200, alerts.json());
      const alert = alerts.json().alerts[0];
      assert.equal(alert.first_trigger_log_entry.type, 'trigger_log_entry_reference');
      conforms('/incidents/{id}/alerts/{alert_id}', 'get', 200, (await t.request('GET', `/incidents/${incidentId}/alerts/${alert.id}`)).json());
      const one = await t.request('PUT', `/incidents/${incidentId}/alerts/${alert.id}`, { alert: { type: 'alert', status: 'resolved' } }, from);
      conforms('/incidents/{id}/alerts/{alert_id}', 'put', 200, one.json());
      const bulk = await t.request('PUT', `/incidents/${incidentId}/alerts`, { alerts: [{ id: alert.id, type: 'alert', status: 'resolved' }] }, from);
      assert.equal(bulk.statusCode, 200, bulk.body);
      conforms('/incidents/{id}/alerts', 'put', 200, bulk.json());
      // Resolved by the owner: include[]=agents makes last_status_change_by the full user.
      const agents = (await t.request('GET', `/incidents/${incidentId}?include[]=agents`)).json().incident;
      assert.equal(agents.status, 'resolved');
      assert.equal(agents.last_status_change_by.type, 'user');
      assert.equal(agents.last_status_change_by.email, OWNER_EMAIL);
    });

    it('notes and log entries', async () => {
      const note = await t.request('POST', `/incidents/${id}/notes`, { note: { content: 'hello' } }, from);
      conforms('/incidents/{id}/notes', 'post', 200, note.json());
      conforms('/incidents/{id}/notes', 'get', 200, (await t.request('GET', `/incidents/${id}/notes`)).json());
      const logs = await t.request('GET', `/incidents/${id}/log_entries`);
      conforms('/incidents/{id}/log_entries', 'get', 200, logs.json());
      conforms('/log_entries', 'get', 200, (await t.request('GET', '/log_entries')).json());
      const one = await t.request('GET', `/log_entries/${logs.json().log_entries[0].id}`);
      conforms('/log_entries/{id}', 'get', 200, one.json());
    });
  });
});
