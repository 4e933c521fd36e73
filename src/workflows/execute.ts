// Runs one step's action. A `db` action runs on the caller's transaction (its effect and the step's
// recorded result commit together: exactly once); the `http` action sends outside any transaction
// (the runner records its intent first and its answer after).
import { actorForUser } from '../accounts/index.js';
import type { Context } from '../context.js';
import { addNote, changeIncidentUrgency, checkWrite, editIncident, findIncidentById, setConferenceBridge, type Incident, type Requester } from '../incidents/index.js';
import { postJson } from '../notify/index.js';
import type { Db } from '../store/db.js';
import { refsOf } from './actions.js';
import { inputOf, type Instance, type Step } from './model.js';
import type { ResponsePort } from './ports.js';
import { StepFailure } from './failure.js';


const action = (step: Step) => step.actionId.split(':')[2];

async function requesterOf(db: Db, inst: Instance): Promise<Requester> {
  const actor = inst.actingUserId ? await actorForUser(db, inst.actingUserId, `workflow:${inst.id}`) : null;
  if (!actor || !inst.actingUserId) throw new StepFailure('The user this run acts as (who created the workflow, or who started the run) no longer exists.', false);
  return { actor, userId: inst.actingUserId, channel: { type: 'auto', summary: `Incident workflow "${inst.workflowName}"` } };
}

/** Runs a `db` step on the transaction; returns a sentence saying what it did. */
export async function runDbStep(db: Db, ctx: Context, response: ResponsePort, inst: Instance, step: Step): Promise<string> {
  const incident = await findIncidentById(db, inst.incidentId);
  if (!incident) throw new StepFailure(`Incident ${inst.incidentId} not found.`, false);
  const by = await requesterOf(db, inst);
  // The acting user's permission on the incident's service, for every action (some below do not check).
  await checkWrite(db, by.actor, incident.serviceId);
  switch (action(step)) {
    case 'add-note':
      await addNote(db, ctx, by, incident.id, inputOf(step, 'Note')!);
      return 'Note added.';
    case 'set-urgency': {
      const urgency = inputOf(step, 'Urgency') as 'high' | 'low';
      await changeIncidentUrgency(db, ctx, incident.id, urgency, { type: 'user', id: by.userId }, by.channel);
      return `Urgency set to ${urgency}.`;
    }
    case 'reassign': {
      const refs = refsOf(step, 'Assignees');
      const policy = refs.find((r) => r.type === 'escalation_policy_reference');
      if (policy) await editIncident(db, ctx, by, incident.id, { escalationPolicyId: policy.id });
      else await editIncident(db, ctx, by, incident.id, { assigneeIds: refs.map((r) => r.id) });
      return policy ? `Reassigned to escalation policy ${policy.id}.` : `Reassigned to ${refs.map((r) => r.id).join(', ')}.`;
    }
    case 'add-conference-bridge': {
      const bridge = { conference_number: inputOf(step, 'Conference Number') || null, conference_url: inputOf(step, 'Conference URL') || null };
      await setConferenceBridge(db, ctx, incident.id, bridge, { type: 'user', id: by.userId }, by.channel);
      return `Conference bridge set to ${[bridge.conference_number, bridge.conference_url].filter(Boolean).join(' ')}.`;
    }
    case 'set-priority': {
      const name = inputOf(step, 'Priority')!;
      await response.setPriority(db, incident.id, name, by);
      return `Priority set to ${name}.`;
    }
    case 'add-responders': {
      const refs = refsOf(step, 'Responders');
      await response.addResponders(db, incident.id, refs, inputOf(step, 'Message') ?? '', by);
      return `Responders requested: ${refs.map((r) => r.id).join(', ')}.`;
    }
    case 'add-subscribers': {
      const refs = refsOf(step, 'Subscribers');
      await response.addSubscribers(db, incident.id, refs, by);
      return `Subscribers added: ${refs.map((r) => r.id).join(', ')}.`;
    }
    case 'send-status-update':
      await response.sendStatusUpdate(db, incident.id, inputOf(step, 'Message')!, by);
      return 'Status update sent.';
    default:
      throw new StepFailure(`Unknown action ${step.actionId}.`, false);
  }
}

/** The default body of an HTTP step: the incident as a reference with its state. */
function defaultBody(ctx: Context, inst: Instance, i: Incident | null): unknown {
  return {
    event: 'incident_workflow.step',
    workflow: { id: inst.workflowId, name: inst.workflowName },
    instance: { id: inst.id },
    incident: i
      ? { id: i.id, type: 'incident_reference', incident_number: i.number, title: i.title, status: i.status, urgency: i.urgency, html_url: ctx.urls.html(`/incidents/${i.id}`) }
      : { id: inst.incidentId, type: 'incident_reference' },
  };
}

/** Sends an HTTP step's request (private addresses refused as for webhooks); throws StepFailure unless 2xx. */
export async function runHttpStep(ctx: Context, inst: Instance, step: Step, stepIndex: number): Promise<string> {
  const url = inputOf(step, 'URL')!;
  const body = inputOf(step, 'Body') || JSON.stringify(defaultBody(ctx, inst, await findIncidentById(ctx.db, inst.incidentId)));
  const headers = JSON.parse(inputOf(step, 'Headers') || '{}') as Record<string, string>;
  // The receiver can drop a repeat it was sent before (e.g. after a 500 it had in fact acted on).
  const idempotencyKey = `${inst.id}:${stepIndex}`;
  const r = await postJson(url, body, { 'idempotency-key': idempotencyKey, ...headers }, { timeoutMs: 10_000, allowPrivate: ctx.config.webhookAllowPrivate });
  if (r.status !== null && r.status >= 200 && r.status < 300) return `HTTP ${r.status} from ${url}.`;
  if (r.blocked) throw new StepFailure(`Not sent: ${r.error}.`, false);
  if (r.status === null) throw new StepFailure(`No answer from ${url}: ${r.error}.`, true);
  const retry = r.status >= 500 || r.status === 429 || r.status === 408;
  throw new StepFailure(`HTTP ${r.status} from ${url}.`, retry);
}
