import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildEscalationPolicy, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { makeService } from '../../test/scenarios/helpers.js';

const from = { headers: { from: OWNER_EMAIL } };
const note = (value: string) => ({ name: 'Note', action_configuration: { action_id: 'pagerduty.com:incident-workflows:add-note:1', inputs: [{ name: 'Note', value }] } });

forEachDialect((dialect) => {
  describe(`${dialect}: /incident_workflows`, async () => {
    const t = await buildTestApp(dialect);
    const ep = await buildEscalationPolicy(t);
    const svc = await makeService(t, ep.id);
    const svc2 = await makeService(t, ep.id);

    it('creates, shows, lists, updates and deletes a workflow in PagerDuty shapes', async () => {
      const res = await t.request('POST', '/incident_workflows', { incident_workflow: { type: 'incident_workflow', name: 'Declare', description: 'd', steps: [note('hello')] } }, from);
      assert.equal(res.statusCode, 201, res.body);
      const w = res.json().incident_workflow;
      assert.equal(w.type, 'incident_workflow');
      assert.equal(w.self, `http://tocsin.test/incident_workflows/${w.id}`);
      assert.equal(w.is_enabled, true);
      assert.equal(w.steps[0].type, 'step');
      assert.deepEqual(w.steps[0].action_configuration.inputs, [{ name: 'Note', parameter_type: 'text', value: 'hello' }]);
      assert.equal((await t.request('GET', `/incident_workflows/${w.id}`)).json().incident_workflow.name, 'Declare');
      const list = (await t.request('GET', '/incident_workflows?query=decl&total=true')).json();
      assert.deepEqual([list.incident_workflows.map((x: { id: string }) => x.id), list.total, list.more], [[w.id], 1, false]);
      const put = await t.request('PUT', `/incident_workflows/${w.id}`, { incident_workflow: { name: 'Declare major', is_enabled: false } });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual([put.json().incident_workflow.name, put.json().incident_workflow.is_enabled, put.json().incident_workflow.steps.length], ['Declare major', false, 1]);
      assert.equal((await t.request('DELETE', `/incident_workflows/${w.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/incident_workflows/${w.id}`)).statusCode, 404);
    });

    it('refuses steps with an unknown action, a missing or unknown input, bad JSON or a private URL', async () => {
      const post = (steps: unknown[]) => t.request('POST', '/incident_workflows', { incident_workflow: { name: 'Bad', steps } }, from);
      const cases: Array<[unknown, RegExp]> = [
        [{ name: 'x', action_configuration: { action_id: 'nope', inputs: [] } }, /unknown action_id "nope"/],
        [{ name: 'x', action_configuration: { action_id: 'pagerduty.com:incident-workflows:add-note:1', inputs: [] } }, /input "Note" is required/],
        [{ name: 'x', action_configuration: { action_id: 'pagerduty.com:incident-workflows:add-note:1', inputs: [{ name: 'Text', value: 'a' }] } }, /has no input "Text"/],
        [{ name: 'x', action_configuration: { action_id: 'pagerduty.com:incident-workflows:reassign:1', inputs: [{ name: 'Assignees', value: '[{"id":"P1"}]' }] } }, /JSON array of user_reference or escalation_policy_reference/],
        [{ name: 'x', action_configuration: { action_id: 'pagerduty.com:incident-workflows:set-urgency:1', inputs: [{ name: 'Urgency', value: 'urgent' }] } }, /one of high, low/],
        [{ name: 'x', action_configuration: { action_id: 'pagerduty.com:incident-workflows:send-http-request:1', inputs: [{ name: 'URL', value: 'http://127.0.0.1:9/x' }] } }, /private or loopback/],
      ];
      for (const [s, message] of cases) {
        const res = await post([s]);
        assert.equal(res.statusCode, 400, res.body);
        assert.match(res.json().error.errors.join(" "), message);
      }
    });

    it('lists the actions with their inputs', async () => {
      const res = await t.request('GET', '/incident_workflows/actions?limit=100');
      assert.equal(res.statusCode, 200, res.body);
      const byId = new Map(res.json().actions.map((a: { id: string }) => [a.id, a]));
      for (const name of ['add-responders', 'add-subscribers', 'send-status-update', 'set-priority', 'set-urgency', 'add-note', 'add-conference-bridge', 'reassign', 'send-http-request']) {
        assert.ok(byId.has(`pagerduty.com:incident-workflows:${name}:1`), name);
      }
      const priority = byId.get('pagerduty.com:incident-workflows:set-priority:1') as { inputs: Array<{ name: string; type: string; is_required: boolean }> };
      assert.deepEqual(priority.inputs.map((i) => [i.name, i.type, i.is_required]), [['Priority', 'text', true]]);
      const page = (await t.request('GET', '/incident_workflows/actions?limit=2')).json();
      assert.deepEqual([page.actions.length, page.more, page.next_cursor], [2, true, '2']);
    });

    it('triggers: create with a parsed condition, attach and detach services, filter, update, delete', async () => {
      const w = (await t.request('POST', '/incident_workflows', { incident_workflow: { name: 'Trig', steps: [note('n')] } }, from)).json().incident_workflow;
      const bad = await t.request('POST', '/incident_workflows/triggers', { trigger: { trigger_type: 'conditional', condition: "incident.priority = 'P1'", workflow: { id: w.id } } });
      assert.equal(bad.statusCode, 400);
      assert.match(JSON.stringify(bad.json().error), /Invalid condition at position 19: unexpected character '='/);
      const res = await t.request('POST', '/incident_workflows/triggers', { trigger: { type: 'workflow_trigger', trigger_type: 'conditional', condition: "incident.priority matches 'P1'", workflow: { id: w.id }, services: [{ id: svc.id }] } });
      assert.equal(res.statusCode, 201, res.body);
      const tr = res.json().trigger;
      assert.deepEqual([tr.type, tr.workflow.type, tr.workflow.name, tr.services[0].summary, tr.is_subscribed_to_all_services], ['workflow_trigger', 'workflow_reference', 'Trig', svc.name, false]);
      const attached = await t.request('POST', `/incident_workflows/triggers/${tr.id}/services`, { service: { id: svc2.id } });
      assert.equal(attached.statusCode, 201, attached.body);
      assert.deepEqual(attached.json().trigger.services.map((s: { id: string }) => s.id).sort(), [svc.id, svc2.id].sort());
      const forSvc2 = (await t.request('GET', `/incident_workflows/triggers?service_id=${svc2.id}`)).json().triggers;
      assert.deepEqual(forSvc2.map((x: { id: string }) => x.id), [tr.id]);
      const detached = await t.request('DELETE', `/incident_workflows/triggers/${tr.id}/services/${svc2.id}`);
      assert.equal(detached.statusCode, 201, detached.body);
      assert.equal((await t.request('GET', `/incident_workflows/triggers?service_id=${svc2.id}`)).json().triggers.length, 0);
      const put = await t.request('PUT', `/incident_workflows/triggers/${tr.id}`, { trigger: { condition: "incident.urgency matches 'high'", is_subscribed_to_all_services: true } });
      assert.equal(put.statusCode, 200, put.body);
      assert.equal(put.json().trigger.condition, "incident.urgency matches 'high'");
      assert.equal((await t.request('GET', `/incident_workflows/triggers?service_id=${svc2.id}&workflow_name_contains=tri`)).json().triggers.length, 1);
      assert.equal((await t.request('DELETE', `/incident_workflows/triggers/${tr.id}`)).statusCode, 204);
      assert.equal((await t.request('GET', `/incident_workflows/triggers/${tr.id}`)).statusCode, 404);
      const manual = await t.request('POST', '/incident_workflows/triggers', { trigger: { trigger_type: 'manual', condition: "incident.urgency matches 'high'", workflow: { id: w.id } } });
      assert.equal(manual.statusCode, 400);
    });

    it('only those who may change services may write workflows; everyone may read them', async () => {
      const observer = await buildUser(t, { role: 'observer' });
      const res = await t.request('POST', '/incident_workflows', { incident_workflow: { name: 'No' } }, { token: observer.token });
      assert.equal(res.statusCode, 403, res.body);
      assert.equal((await t.request('GET', '/incident_workflows', undefined, { token: observer.token })).statusCode, 200);
    });
  });
});
