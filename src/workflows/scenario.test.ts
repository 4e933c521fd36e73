// Incident workflows end to end in one process, on both databases: conditional triggers start runs
// when an incident opens or changes to match (once per incident), steps act on the incident, an HTTP
// step against a real local server is retried after a 500 with its failure visible meanwhile.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildTestApp, OWNER_EMAIL } from '../testing/app.js';
import { buildEscalationPolicy, buildUser } from '../testing/builders.js';
import { forEachDialect } from '../testing/dialects.js';
import { createIncident, getIncident, makeService, updateIncident } from '../../test/scenarios/helpers.js';
import { startReceiver } from '../../test/workflows/receiver.js';
import { listOutbox } from '../notify/outbox-store.js';
import { WorkflowRunner } from './runner.js';
import { responsePort } from './wiring.js';

const from = { headers: { from: OWNER_EMAIL } };
const A = (name: string) => `pagerduty.com:incident-workflows:${name}:1`;
const step = (name: string, action: string, inputs: Record<string, string>) => ({
  name,
  action_configuration: { action_id: A(action), inputs: Object.entries(inputs).map(([n, value]) => ({ name: n, value })) },
});

forEachDialect((dialect) => {
  describe(`${dialect}: incident workflows`, async () => {
    const receiver = await startReceiver();
    after(() => receiver.close());
    const t = await buildTestApp(dialect, { TOCSIN_WEBHOOK_ALLOW_PRIVATE: 'true', TOCSIN_WORKFLOW_RETRY_BASE_MS: '5000' });
    const ep = await buildEscalationPolicy(t);
    const svc = await makeService(t, ep.id);
    const other = await makeService(t, ep.id);
    const lead = await buildUser(t, { name: 'Incident Lead' });
    const stakeholder = await buildUser(t, { name: 'Stakeholder' });
    const deputy = await buildUser(t, { name: 'Deputy' });
    // PagerDuty's default priorities' fixed ids (docs/response.md).
    const [P1, P2] = ['PSLWBL8', 'P53ZZH5'];

    const workflow = async (name: string, steps: unknown[]) => {
      const res = await t.request('POST', '/incident_workflows', { incident_workflow: { type: 'incident_workflow', name, steps } }, from);
      assert.equal(res.statusCode, 201, res.body);
      return res.json().incident_workflow;
    };
    const trigger = async (workflowId: string, condition: string | null, services: string[], type = 'conditional') => {
      const res = await t.request('POST', '/incident_workflows/triggers', {
        trigger: { type: 'workflow_trigger', trigger_type: type, condition, workflow: { id: workflowId }, services: services.map((id) => ({ id, type: 'service_reference' })) },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().trigger;
    };
    const runs = async (incidentId: string) => {
      const res = await t.request('GET', `/incidents/${incidentId}/incident_workflow_instances`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().incident_workflow_instances as Array<Record<string, any>>;
    };

    it('a P1 opens on a service with a conditional trigger: responders paged, subscribers emailed, bridge attached, note added, all recorded', async () => {
      const w = await workflow('Major incident', [
        step('Page the lead', 'add-responders', { Responders: JSON.stringify([{ type: 'user_reference', id: lead.id }]), Message: 'Join the P1 bridge' }),
        step('Add stakeholders', 'add-subscribers', { Subscribers: JSON.stringify([{ type: 'user_reference', id: stakeholder.id }]) }),
        step('Tell stakeholders', 'send-status-update', { Message: 'We are investigating a P1.' }),
        step('Open a bridge', 'add-conference-bridge', { 'Conference Number': '+1 415-555-0100,,123#', 'Conference URL': 'https://meet.example.com/major' }),
        step('Post the plan', 'add-note', { Note: 'Major incident declared by workflow' }),
        step('Hand to the deputy', 'reassign', { Assignees: JSON.stringify([{ type: 'user_reference', id: deputy.id }]) }),
        step('Tell the status page', 'send-http-request', { URL: `${receiver.url}/major` }),
      ]);
      const tr = await trigger(w.id, "incident.priority matches 'P1'", [svc.id]);
      assert.equal(tr.trigger_type_name, 'Conditional');
      assert.deepEqual(tr.services.map((s: { id: string }) => s.id), [svc.id]);

      const p2 = await createIncident(t, svc.id, { title: 'Disk almost full', priority: { id: P2, type: 'priority_reference' } });
      const none = await createIncident(t, svc.id, { title: 'No priority' });
      const elsewhere = await createIncident(t, other.id, { title: 'P1 elsewhere', priority: { id: P1, type: 'priority_reference' } });
      const hit = await createIncident(t, svc.id, { title: 'Checkout down', priority: { id: P1, type: 'priority_reference' } });
      for (const i of [p2, none, elsewhere]) assert.equal((await runs(i.id)).length, 0);
      const [pending] = await runs(hit.id);
      assert.equal(pending.status, 'running');
      assert.ok(pending.steps.every((s: { status: string }) => s.status === 'pending'));

      await t.app.workflows.runDue();
      const [run] = await runs(hit.id);
      assert.equal(run.status, 'completed', JSON.stringify(run));
      assert.equal(run.incident_workflow.id, w.id);
      assert.equal(run.trigger.id, tr.id);
      assert.deepEqual(run.steps.map((s: { status: string; attempts: number }) => [s.status, s.attempts]), Array(7).fill(['succeeded', 1]));
      assert.match(run.steps[6].result, /HTTP 200/);

      const i = await getIncident(t, hit.id);
      assert.deepEqual(i.conference_bridge, { conference_number: '+1 415-555-0100,,123#', conference_url: 'https://meet.example.com/major' });
      assert.deepEqual(i.assignments.map((a: { assignee: { id: string } }) => a.assignee.id), [deputy.id]);
      assert.deepEqual(i.incidents_responders.map((r: { user: { id: string }; state: string }) => [r.user.id, r.state]), [[lead.id, 'pending']]);
      const notes = (await t.request('GET', `/incidents/${hit.id}/notes`)).json().notes;
      assert.ok(notes.some((n: { content: string }) => n.content === 'Major incident declared by workflow'), JSON.stringify(notes));
      const emails = (await listOutbox(t.app.ctx.db, { kind: 'email' })).filter((r) => r.incidentId === hit.id).map((r) => r.payload as Record<string, unknown>);
      assert.deepEqual(emails.filter((e) => e.eventType === 'incident.responder.added').map((e) => e.userId), [lead.id], 'the lead is paged');
      assert.deepEqual(emails.filter((e) => e.statusUpdate).map((e) => e.userId), [stakeholder.id], 'the stakeholder is emailed once');
      const updates = (await t.request('GET', `/incidents/${hit.id}/status_updates`)).json().status_updates;
      assert.deepEqual(updates.map((u: { message: string }) => u.message), ['We are investigating a P1.']);
      const sent = receiver.received.filter((r) => r.path === '/major');
      assert.equal(sent.length, 1);
      assert.equal(JSON.parse(sent[0].body).incident.id, hit.id);
      assert.equal(sent[0].headers['idempotency-key'], `${run.id}:6`);

      // Later changes of a matching incident start nothing more: once per trigger and incident.
      await updateIncident(t, hit.id, { priority: { id: P2, type: 'priority_reference' } });
      await updateIncident(t, hit.id, { priority: { id: P1, type: 'priority_reference' } });
      await t.app.workflows.runDue();
      assert.equal((await runs(hit.id)).length, 1);
      await t.request('DELETE', `/incident_workflows/${w.id}`);
    });

    it('an update that makes the condition true starts the run then, and only once', async () => {
      const w = await workflow('Escalated to high', [step('Note', 'add-note', { Note: 'Now high' })]);
      await trigger(w.id, "incident.urgency matches 'high' and incident.title matches part 'slow'", [svc.id]);
      const i = await createIncident(t, svc.id, { title: 'Slow page', urgency: 'low' });
      assert.equal((await runs(i.id)).length, 0);
      await updateIncident(t, i.id, { urgency: 'high' });
      await updateIncident(t, i.id, { title: 'Slow page, still' });
      await t.app.workflows.runDue();
      const list = await runs(i.id);
      assert.equal(list.length, 1);
      assert.equal(list[0].status, 'completed');
      await t.request('DELETE', `/incident_workflows/${w.id}`);
    });

    it('an HTTP step answered 500 is retried with backoff, its failure visible meanwhile, and then succeeds', async () => {
      receiver.answer('/flaky', [500, 200]);
      const w = await workflow('Flaky receiver', [step('Call', 'send-http-request', { URL: `${receiver.url}/flaky`, Body: '{"hello":"world"}' }), step('After', 'add-note', { Note: 'after the call' })]);
      await trigger(w.id, "incident.title matches part 'flaky'", [svc.id]);
      const i = await createIncident(t, svc.id, { title: 'Flaky thing' });
      await t.app.workflows.runDue();
      let [run] = await runs(i.id);
      assert.equal(run.status, 'running');
      assert.equal(run.steps[0].status, 'retrying');
      assert.equal(run.steps[0].attempts, 1);
      assert.match(run.steps[0].error, /HTTP 500/);
      assert.equal(run.steps[0].next_attempt_at, new Date(t.clock.now() + 5000).toISOString());
      assert.equal(run.steps[1].status, 'pending');
      // Not before its time.
      t.clock.advance(4000);
      await t.app.workflows.runDue();
      assert.equal(receiver.received.filter((r) => r.path === '/flaky').length, 1);
      t.clock.advance(1000);
      await t.app.workflows.runDue();
      [run] = await runs(i.id);
      assert.equal(run.status, 'completed', JSON.stringify(run));
      assert.deepEqual([run.steps[0].status, run.steps[0].attempts, run.steps[0].error], ['succeeded', 2, null]);
      const calls = receiver.received.filter((r) => r.path === '/flaky');
      assert.equal(calls.length, 2);
      assert.equal(calls[0].body, '{"hello":"world"}');
      assert.equal(calls[0].headers['idempotency-key'], calls[1].headers['idempotency-key']);
      await t.request('DELETE', `/incident_workflows/${w.id}`);
    });

    it('a step that keeps failing fails the run after its attempts, and later steps do not run', async () => {
      receiver.answer('/down', [503]);
      const w = await workflow('Always down', [step('Call', 'send-http-request', { URL: `${receiver.url}/down` }), step('Never', 'add-note', { Note: 'never' })]);
      await trigger(w.id, "incident.title matches part 'always'", [svc.id]);
      const i = await createIncident(t, svc.id, { title: 'Always failing' });
      for (let k = 0; k < 6; k++) {
        await t.app.workflows.runDue();
        const next = await t.app.workflows.nextDueAt();
        if (next === null) break;
        t.clock.set(next);
      }
      const [run] = await runs(i.id);
      assert.equal(run.status, 'failed');
      assert.deepEqual([run.steps[0].status, run.steps[0].attempts], ['failed', 5]);
      assert.match(run.steps[0].error, /HTTP 503/);
      assert.equal(run.steps[1].status, 'pending');
      assert.equal(receiver.received.filter((r) => r.path === '/down').length, 5);
      assert.equal((await t.request('GET', `/incidents/${i.id}/notes`)).json().notes.length, 0);
      await t.request('DELETE', `/incident_workflows/${w.id}`);
    });

    it('a manual trigger is offered for the incident, and POST …/instances runs the workflow as the requester', async () => {
      const w = await workflow('By hand', [step('Lower', 'set-urgency', { Urgency: 'low' })]);
      await trigger(w.id, null, [svc.id], 'manual');
      const i = await createIncident(t, svc.id, { title: 'Manual one', urgency: 'high' });
      const offered = (await t.request('GET', `/incident_workflows/triggers?incident_id=${i.id}&trigger_type=manual`)).json().triggers;
      assert.deepEqual(offered.map((x: { workflow: { id: string } }) => x.workflow.id), [w.id]);
      const res = await t.request('POST', `/incident_workflows/${w.id}/instances`, { incident_workflow_instance: { incident: { id: i.id, type: 'incident_reference' } } }, from);
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().incident_workflow_instance.type, 'incident_workflow_instance');
      assert.equal(res.json().incident_workflow_instance.incident.id, i.id);
      await t.app.workflows.runDue();
      assert.equal((await getIncident(t, i.id)).urgency, 'low');
      await t.request('DELETE', `/incident_workflows/${w.id}`);
    });

    it('an HTTP step found in flight after its node stopped is not sent again: it fails, saying why; the old node writes nothing', async () => {
      receiver.answer('/hang', [0]);
      const w = await workflow('In flight', [step('Call', 'send-http-request', { URL: `${receiver.url}/hang` }), step('After', 'add-note', { Note: 'after' })]);
      const i = await createIncident(t, svc.id, { title: 'In flight' });
      await t.request('POST', `/incident_workflows/${w.id}/instances`, { incident_workflow_instance: { incident: { id: i.id } } }, from);
      const stalled = t.app.workflows.runDue();
      for (let k = 0; k < 200 && !receiver.received.some((r) => r.path === '/hang'); k++) await new Promise((r) => setTimeout(r, 10));
      assert.equal((await runs(i.id))[0].steps[0].status, 'sending');
      // Its node is gone (the lease runs out); another node takes the run.
      t.clock.advance(61_000);
      await new WorkflowRunner(t.app.ctx, responsePort(t.app.ctx)).runDue();
      let [run] = await runs(i.id);
      assert.equal(run.status, 'failed');
      assert.match(run.steps[0].error, /Interrupted while its request was in flight/);
      // The old node's answer comes late: its lease is gone, so it records nothing.
      receiver.release(200);
      await stalled;
      [run] = await runs(i.id);
      assert.deepEqual([run.status, run.steps[0].status, run.steps[1].status], ['failed', 'failed', 'pending']);
      assert.equal(receiver.received.filter((r) => r.path === '/hang').length, 1);
      await t.request('DELETE', `/incident_workflows/${w.id}`);
    });

    it('sets the priority by name; an unknown priority name fails the run at once, visibly, without retries', async () => {
      const w = await workflow('Priority', [step('P2', 'set-priority', { Priority: 'P2' })]);
      const bad = await workflow('Bad priority', [step('P9', 'set-priority', { Priority: 'P9' })]);
      const i = await createIncident(t, svc.id, { title: 'Needs priority' });
      for (const id of [w.id, bad.id]) await t.request('POST', `/incident_workflows/${id}/instances`, { incident_workflow_instance: { incident: { id: i.id } } }, from);
      await t.app.workflows.runDue();
      const all = await runs(i.id);
      const good = all.find((r) => r.incident_workflow.id === w.id)!;
      const failed = all.find((r) => r.incident_workflow.id === bad.id)!;
      assert.equal(good.status, 'completed');
      assert.equal((await getIncident(t, i.id)).priority.summary, 'P2');
      assert.equal(failed.status, 'failed');
      assert.equal(failed.steps[0].attempts, 1);
      assert.match(failed.steps[0].error, /P9/);
    });
  });
});
