// Validates the incident workflow responses (workflows, actions, triggers, instances) against
// PagerDuty's own OpenAPI description, on both dialects. Where Tocsin follows the real API rather than
// the spec, the spec is patched below, named.
import { orNull, pagerDutyRestSpec, specChecker } from './fixtures/pagerduty/spec.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makePolicy, makeService } from '../src/incidents/test-fixtures.js';
import { buildTestApp, OWNER_EMAIL } from '../src/testing/app.js';
import { forEachDialect } from '../src/testing/dialects.js';

type Json = any;
const spec: Json = pagerDutyRestSpec();
// A workflow without a team or description has `team: null`, `description: null` (unset optional fields
// are null on the wire, as services' are).
const wf = spec.components.schemas.IncidentWorkflow.allOf[1].properties;
for (const k of ['team', 'description']) wf[k] = orNull(wf[k]);

const { conforms } = specChecker(spec);

forEachDialect((dialect) => {
  describe(`${dialect}: incident workflow responses conform to PagerDuty's OpenAPI`, async () => {
    const t = await buildTestApp(dialect);
    const ctx = t.app.ctx;
    const policyId = await makePolicy(ctx, [[t.ownerId]]);
    const serviceId = await makeService(ctx, policyId);
    const from = { headers: { from: OWNER_EMAIL } };
    const note = { name: 'Note', action_configuration: { action_id: 'pagerduty.com:incident-workflows:add-note:1', inputs: [{ name: 'Note', value: 'n' }] } };
    const created = await t.request('POST', '/incident_workflows', { incident_workflow: { type: 'incident_workflow', name: 'Conformance', steps: [note] } }, from);
    const w = created.json().incident_workflow;

    it('workflows: create, list, show, update', async () => {
      conforms('/incident_workflows', 'post', 201, created.json());
      conforms('/incident_workflows', 'get', 200, (await t.request('GET', '/incident_workflows')).json());
      const one = await t.request('GET', `/incident_workflows/${w.id}`);
      // The spec documents 201 for a show; Tocsin answers 200 as every other show does.
      conforms('/incident_workflows/{id}', 'get', 201, one.json());
      conforms('/incident_workflows/{id}', 'put', 200, (await t.request('PUT', `/incident_workflows/${w.id}`, { incident_workflow: { name: 'Conformance 2' } })).json());
    });

    it('actions: list and show', async () => {
      const list = (await t.request('GET', '/incident_workflows/actions?limit=100')).json();
      conforms('/incident_workflows/actions', 'get', 200, list);
      conforms('/incident_workflows/actions/{id}', 'get', 200, (await t.request('GET', `/incident_workflows/actions/${list.actions[0].id}`)).json());
    });

    it('triggers: create, list, show, update, attach and detach a service', async () => {
      const res = await t.request('POST', '/incident_workflows/triggers', { trigger: { trigger_type: 'conditional', condition: "incident.urgency matches 'high'", workflow: { id: w.id } } });
      assert.equal(res.statusCode, 201, res.body);
      conforms('/incident_workflows/triggers', 'post', 201, res.json());
      const id = res.json().trigger.id;
      conforms('/incident_workflows/triggers', 'get', 200, (await t.request('GET', '/incident_workflows/triggers')).json());
      conforms('/incident_workflows/triggers/{id}', 'get', 200, (await t.request('GET', `/incident_workflows/triggers/${id}`)).json());
      conforms('/incident_workflows/triggers/{id}', 'put', 200, (await t.request('PUT', `/incident_workflows/triggers/${id}`, { trigger: { condition: "incident.urgency matches 'low'" } })).json());
      conforms('/incident_workflows/triggers/{id}/services', 'post', 201, (await t.request('POST', `/incident_workflows/triggers/${id}/services`, { service: { id: serviceId } })).json());
      conforms('/incident_workflows/triggers/{trigger_id}/services/{service_id}', 'delete', 201, (await t.request('DELETE', `/incident_workflows/triggers/${id}/services/${serviceId}`)).json());
    });

    it('instances: start by hand', async () => {
      const inc = await t.request('POST', '/incidents', { incident: { type: 'incident', title: 'Conformance', service: { id: serviceId, type: 'service_reference' } } }, from);
      const res = await t.request('POST', `/incident_workflows/${w.id}/instances`, { incident_workflow_instance: { incident: { id: inc.json().incident.id, type: 'incident_reference' } } }, from);
      assert.equal(res.statusCode, 201, res.body);
      conforms('/incident_workflows/{id}/instances', 'post', 201, res.json());
    });
  });
});
