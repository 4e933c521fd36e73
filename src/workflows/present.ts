// Domain → wire: PagerDuty's incident_workflow, workflow_trigger, action and
// incident_workflow_instance objects.
import type { Urls } from '../context.js';
import { reference } from '../http/urls.js';
import { ACTIONS, findAction, type Action } from './actions.js';
import type { Instance, Trigger, Workflow } from './model.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApiWorkflow(urls: Urls, w: Workflow) {
  return {
    id: w.id,
    type: 'incident_workflow' as const,
    summary: w.name,
    self: urls.api(`/incident_workflows/${w.id}`),
    html_url: urls.html(`/incident_workflows/${w.id}`),
    name: w.name,
    description: w.description,
    created_at: iso(w.createdAt)!,
    team: w.teamId ? { id: w.teamId, type: 'team_reference' } : null,
    is_enabled: w.isEnabled,
    steps: w.steps.map((s) => ({
      id: s.id,
      type: 'step' as const,
      summary: s.name,
      self: null,
      html_url: null,
      name: s.name,
      action_configuration: {
        action_id: s.actionId,
        description: findAction(s.actionId)?.description ?? null,
        inputs: s.inputs.map((i) => ({ name: i.name, parameter_type: findAction(s.actionId)?.inputs.find((a) => a.name === i.name)?.type ?? 'text', value: i.value })),
        outputs: [],
      },
    })),
  };
}

export function toApiTrigger(urls: Urls, tr: Trigger, workflowName: string, serviceNames: Map<string, string>) {
  return {
    id: tr.id,
    type: 'workflow_trigger' as const,
    summary: `${tr.triggerType === 'conditional' ? 'Conditional' : 'Manual'} trigger of ${workflowName}`,
    self: urls.api(`/incident_workflows/triggers/${tr.id}`),
    html_url: null,
    trigger_type: tr.triggerType,
    trigger_type_name: tr.triggerType === 'conditional' ? 'Conditional' : 'Manual',
    condition: tr.condition,
    workflow: { id: tr.workflowId, type: 'workflow_reference', name: workflowName, self: urls.api(`/incident_workflows/${tr.workflowId}`), html_url: urls.html(`/incident_workflows/${tr.workflowId}`) },
    services: tr.serviceIds.map((id) => ({ ...reference(urls, 'service', id, serviceNames.get(id) ?? null, `/services/${id}`), type: 'service' })),
    is_subscribed_to_all_services: tr.allServices,
    permissions: { restricted: false },
  };
}

export function toApiAction(urls: Urls, a: Action) {
  const [domain, pkg, fn, version] = a.id.split(':');
  return {
    id: a.id,
    type: 'action' as const,
    summary: a.name,
    self: urls.api(`/incident_workflows/actions/${a.id}`),
    html_url: null,
    name: a.name,
    description: a.description,
    domain_name: domain,
    package_name: pkg,
    function_name: fn,
    version: Number(version),
    action_type: 'action' as const,
    inputs: a.inputs.map((i) => ({ name: i.name, type: i.type, is_required: i.isRequired, description: i.description, ...(i.choices ? { metadata: JSON.stringify({ choices: i.choices }) } : {}) })),
    outputs: [],
  };
}

export const allActions = (urls: Urls) => ACTIONS.map((a) => toApiAction(urls, a));

/** The instance as POST …/instances answers it, plus (Tocsin) its workflow, status and each step's result. */
export function toApiInstance(urls: Urls, i: Instance) {
  return {
    id: i.id,
    type: 'incident_workflow_instance' as const,
    incident: reference(urls, 'incident', i.incidentId, null, `/incidents/${i.incidentId}`),
    incident_workflow: { id: i.workflowId, type: 'incident_workflow_reference', summary: i.workflowName, self: urls.api(`/incident_workflows/${i.workflowId}`), html_url: urls.html(`/incident_workflows/${i.workflowId}`) },
    trigger: i.triggerId ? { id: i.triggerId, type: 'workflow_trigger_reference' } : null,
    status: i.status,
    created_at: iso(i.createdAt)!,
    completed_at: iso(i.completedAt),
    steps: i.steps.map((s, k) => ({
      name: s.name,
      action_id: s.actionId,
      status: i.stepRuns[k].status,
      attempts: i.stepRuns[k].attempt,
      result: i.stepRuns[k].result,
      error: i.stepRuns[k].error,
      started_at: iso(i.stepRuns[k].startedAt),
      finished_at: iso(i.stepRuns[k].finishedAt),
      next_attempt_at: i.stepRuns[k].status === 'retrying' ? iso(i.dueAt) : null,
    })),
  };
}
