// The REST use cases of workflows and triggers: checks (permissions, steps, conditions, services)
// and writes. The caller owns the transaction.
import { can, type Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import { checkStep } from './actions.js';
import { ConditionError, parseCondition } from './condition.js';
import type { Step, StepInput, Trigger, TriggerType, Workflow } from './model.js';
import { deleteTrigger, deleteWorkflow, findTrigger, findWorkflow, insertTrigger, insertWorkflow, updateTrigger, updateWorkflow } from './store.js';

type Deps = Pick<Context, 'clock' | 'ids' | 'config'>;

export interface StepIn {
  name: string;
  actionId: string;
  inputs: StepInput[];
}

export interface WorkflowInput {
  name?: string;
  description?: string | null;
  teamId?: string | null;
  isEnabled?: boolean;
  steps?: StepIn[];
}

function checkWrite(actor: Actor, teamId: string | null): void {
  if (!can(actor, 'services.update', teamId ? [teamId] : [])) throw new ForbiddenError('You do not have permission to change incident workflows.');
}

function buildSteps(deps: Deps, steps: StepIn[]): Step[] {
  return steps.map((s, n) => {
    const step: Step = { id: deps.ids.id(), name: s.name?.trim() || `Step ${n + 1}`, actionId: s.actionId, inputs: s.inputs.map((i) => ({ name: i.name, value: String(i.value) })) };
    checkStep(step, n + 1, { allowPrivate: deps.config.webhookAllowPrivate });
    return step;
  });
}

export async function getWorkflow(db: Db, id: string): Promise<Workflow> {
  const w = await findWorkflow(db, id);
  if (!w) throw new NotFoundError('Incident Workflow', id);
  return w;
}

/** POST /incident_workflows: the requester is who conditional runs act as. */
export async function createWorkflow(db: Db, deps: Deps, actor: Actor, userId: string, input: WorkflowInput): Promise<Workflow> {
  const name = input.name?.trim();
  if (!name) throw new InvalidInputError('Name is required.');
  checkWrite(actor, input.teamId ?? null);
  const now = deps.clock.now();
  const w: Workflow = {
    id: deps.ids.id(),
    name,
    description: input.description ?? null,
    teamId: input.teamId ?? null,
    isEnabled: input.isEnabled ?? true,
    steps: buildSteps(deps, input.steps ?? []),
    createdBy: userId,
    createdAt: now,
    updatedAt: now,
  };
  await insertWorkflow(db, w);
  return w;
}

/** PUT /incident_workflows/{id}: partial; `steps` replaces the list. Runs already started keep their steps. */
export async function changeWorkflow(db: Db, deps: Deps, actor: Actor, id: string, input: WorkflowInput): Promise<Workflow> {
  const cur = await getWorkflow(db, id);
  checkWrite(actor, cur.teamId);
  if (input.name !== undefined && !input.name.trim()) throw new InvalidInputError('Name cannot be empty.');
  const next: Workflow = {
    ...cur,
    name: input.name?.trim() ?? cur.name,
    description: input.description !== undefined ? input.description : cur.description,
    teamId: input.teamId !== undefined ? input.teamId : cur.teamId,
    isEnabled: input.isEnabled ?? cur.isEnabled,
    steps: input.steps ? buildSteps(deps, input.steps) : cur.steps,
    updatedAt: deps.clock.now(),
  };
  await updateWorkflow(db, next);
  return next;
}

export async function removeWorkflow(db: Db, actor: Actor, id: string): Promise<void> {
  const cur = await getWorkflow(db, id);
  checkWrite(actor, cur.teamId);
  await deleteWorkflow(db, id);
}

export interface TriggerInput {
  triggerType?: string;
  condition?: string | null;
  workflowId?: string;
  serviceIds?: string[];
  allServices?: boolean;
}

function checkCondition(type: TriggerType, condition: string | null): void {
  if (type === 'manual') {
    if (condition) throw new InvalidInputError('A manual trigger has no condition.');
    return;
  }
  if (!condition?.trim()) throw new InvalidInputError('A conditional trigger needs a condition, e.g. incident.priority matches \'P1\'.');
  try {
    parseCondition(condition);
  } catch (err) {
    if (err instanceof ConditionError) throw new InvalidInputError(err.message);
    throw err;
  }
}

async function checkServices(db: Db, ids: string[]): Promise<void> {
  const found = new Set((await findServicesByIds(db, ids)).map((s) => s.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new InvalidInputError(`Service not found: ${missing.join(', ')}`);
}

export async function getTrigger(db: Db, id: string): Promise<Trigger> {
  const tr = await findTrigger(db, id);
  if (!tr) throw new NotFoundError('Trigger', id);
  return tr;
}

/** POST /incident_workflows/triggers. */
export async function createTrigger(db: Db, deps: Deps, actor: Actor, input: TriggerInput): Promise<Trigger> {
  if (input.triggerType !== 'conditional' && input.triggerType !== 'manual') {
    throw new InvalidInputError(`trigger_type must be conditional or manual${input.triggerType ? ` (${input.triggerType} is not supported)` : ''}.`);
  }
  if (!input.workflowId) throw new InvalidInputError('workflow.id is required.');
  const w = await findWorkflow(db, input.workflowId);
  if (!w) throw new InvalidInputError(`Incident Workflow not found: ${input.workflowId}`);
  checkWrite(actor, w.teamId);
  const condition = input.condition ?? null;
  checkCondition(input.triggerType, condition);
  const serviceIds = [...new Set(input.serviceIds ?? [])];
  await checkServices(db, serviceIds);
  const tr: Trigger = {
    id: deps.ids.id(),
    workflowId: w.id,
    triggerType: input.triggerType,
    condition,
    allServices: input.allServices ?? false,
    serviceIds,
    createdAt: deps.clock.now(),
  };
  await insertTrigger(db, tr);
  return tr;
}

/** PUT /incident_workflows/triggers/{id}: condition, services, all services (the type and workflow are fixed). */
export async function changeTrigger(db: Db, actor: Actor, id: string, input: TriggerInput): Promise<Trigger> {
  const cur = await getTrigger(db, id);
  checkWrite(actor, (await findWorkflow(db, cur.workflowId))?.teamId ?? null);
  const next: Trigger = {
    ...cur,
    condition: input.condition !== undefined ? input.condition : cur.condition,
    allServices: input.allServices ?? cur.allServices,
    serviceIds: input.serviceIds ? [...new Set(input.serviceIds)] : cur.serviceIds,
  };
  checkCondition(next.triggerType, next.condition);
  if (input.serviceIds) await checkServices(db, next.serviceIds);
  await updateTrigger(db, next);
  return next;
}

export async function removeTrigger(db: Db, actor: Actor, id: string): Promise<void> {
  const cur = await getTrigger(db, id);
  checkWrite(actor, (await findWorkflow(db, cur.workflowId))?.teamId ?? null);
  await deleteTrigger(db, id);
}

/** POST /incident_workflows/triggers/{id}/services and DELETE …/services/{service_id}. */
export async function setTriggerService(db: Db, actor: Actor, id: string, serviceId: string, attached: boolean): Promise<Trigger> {
  const cur = await getTrigger(db, id);
  checkWrite(actor, (await findWorkflow(db, cur.workflowId))?.teamId ?? null);
  if (attached) await checkServices(db, [serviceId]);
  else if (!cur.serviceIds.includes(serviceId)) throw new NotFoundError('Service', serviceId);
  const serviceIds = attached ? [...new Set([...cur.serviceIds, serviceId])] : cur.serviceIds.filter((s) => s !== serviceId);
  const next = { ...cur, serviceIds };
  await updateTrigger(db, next);
  return next;
}
