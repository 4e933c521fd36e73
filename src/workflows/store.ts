// The only code that touches workflows' tables: incident_workflows, incident_workflow_triggers,
// incident_workflow_trigger_services and incident_workflow_instances.
import { sql } from 'kysely';
import type { Db, Dialect } from '../store/db.js';
import { likeContains } from '../store/like.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import { txCached } from '../store/tx-cache.js';
import type { Instance, Step, StepRun, Trigger, TriggerType, Workflow } from './model.js';

interface WorkflowsTable {
  id: string;
  name: string;
  description: string | null;
  team_id: string | null;
  is_enabled: number;
  steps: Json<Step[]>;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
interface TriggersTable {
  id: string;
  workflow_id: string;
  trigger_type: string;
  condition: string | null;
  all_services: number;
  created_at: number;
}
interface TriggerServicesTable {
  trigger_id: string;
  service_id: string;
}
interface InstancesTable {
  id: string;
  workflow_id: string;
  workflow_name: string;
  trigger_id: string | null;
  incident_id: string;
  acting_user_id: string | null;
  steps: Json<Step[]>;
  step_runs: Json<StepRun[]>;
  status: string;
  next_step: number;
  due_at: number;
  lease_until: number;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
}
interface Tables {
  incident_workflows: WorkflowsTable;
  incident_workflow_triggers: TriggersTable;
  incident_workflow_trigger_services: TriggerServicesTable;
  incident_workflow_instances: InstancesTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'workflows/store': Tables;
  }
}

const toWorkflow = (r: WorkflowsTable): Workflow => ({
  id: r.id,
  name: r.name,
  description: r.description,
  teamId: r.team_id,
  isEnabled: Number(r.is_enabled) === 1,
  steps: fromJson<Step[]>(r.steps, []),
  createdBy: r.created_by,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

const workflowRow = (w: Workflow): WorkflowsTable => ({
  id: w.id,
  name: w.name,
  description: w.description,
  team_id: w.teamId,
  is_enabled: w.isEnabled ? 1 : 0,
  steps: toJson(w.steps),
  created_by: w.createdBy,
  created_at: w.createdAt,
  updated_at: w.updatedAt,
});

export async function insertWorkflow(db: Db, w: Workflow): Promise<void> {
  await db.insertInto('incident_workflows').values(workflowRow(w)).execute();
}

export async function updateWorkflow(db: Db, w: Workflow): Promise<void> {
  const r = workflowRow(w);
  await db
    .updateTable('incident_workflows')
    .set({ name: r.name, description: r.description, team_id: r.team_id, is_enabled: r.is_enabled, steps: r.steps, updated_at: r.updated_at })
    .where('id', '=', w.id)
    .execute();
}

/** Deletes the workflow and (cascade) its triggers; its past runs stay on their incidents. */
export async function deleteWorkflow(db: Db, id: string): Promise<void> {
  const triggerIds = db.selectFrom('incident_workflow_triggers').select('id').where('workflow_id', '=', id);
  await db.deleteFrom('incident_workflow_trigger_services').where('trigger_id', 'in', triggerIds).execute();
  await db.deleteFrom('incident_workflow_triggers').where('workflow_id', '=', id).execute();
  await db.deleteFrom('incident_workflows').where('id', '=', id).execute();
}

export async function findWorkflow(db: Db, id: string): Promise<Workflow | null> {
  const r = await db.selectFrom('incident_workflows').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toWorkflow(r) : null;
}

export async function findWorkflowsByIds(db: Db, ids: string[]): Promise<Workflow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('incident_workflows').selectAll().where('id', 'in', ids).execute()).map(toWorkflow);
}

/** Workflows by name, optionally those whose name contains `query` (case-insensitive). */
export async function listWorkflows(db: Db, query?: string): Promise<Workflow[]> {
  let q = db.selectFrom('incident_workflows').selectAll();
  if (query) q = q.where(likeContains(sql`lower(name)`, query.toLowerCase()));
  return (await q.orderBy('name').orderBy('id').execute()).map(toWorkflow);
}

async function servicesOfTriggers(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('incident_workflow_trigger_services').selectAll().where('trigger_id', 'in', ids).orderBy('service_id').execute();
  for (const r of rows) out.get(r.trigger_id)!.push(r.service_id);
  return out;
}

async function toTriggers(db: Db, rows: TriggersTable[]): Promise<Trigger[]> {
  const services = await servicesOfTriggers(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    workflowId: r.workflow_id,
    triggerType: r.trigger_type as TriggerType,
    condition: r.condition,
    allServices: Number(r.all_services) === 1,
    serviceIds: services.get(r.id)!,
    createdAt: Number(r.created_at),
  }));
}

export async function insertTrigger(db: Db, tr: Trigger): Promise<void> {
  await db
    .insertInto('incident_workflow_triggers')
    .values({ id: tr.id, workflow_id: tr.workflowId, trigger_type: tr.triggerType, condition: tr.condition, all_services: tr.allServices ? 1 : 0, created_at: tr.createdAt })
    .execute();
  await replaceTriggerServices(db, tr.id, tr.serviceIds);
}

export async function updateTrigger(db: Db, tr: Trigger): Promise<void> {
  await db.updateTable('incident_workflow_triggers').set({ condition: tr.condition, all_services: tr.allServices ? 1 : 0 }).where('id', '=', tr.id).execute();
  await replaceTriggerServices(db, tr.id, tr.serviceIds);
}

async function replaceTriggerServices(db: Db, triggerId: string, serviceIds: string[]): Promise<void> {
  await db.deleteFrom('incident_workflow_trigger_services').where('trigger_id', '=', triggerId).execute();
  const ids = [...new Set(serviceIds)];
  if (ids.length) await db.insertInto('incident_workflow_trigger_services').values(ids.map((s) => ({ trigger_id: triggerId, service_id: s }))).execute();
}

export async function deleteTrigger(db: Db, id: string): Promise<void> {
  await db.deleteFrom('incident_workflow_trigger_services').where('trigger_id', '=', id).execute();
  await db.deleteFrom('incident_workflow_triggers').where('id', '=', id).execute();
}

export async function findTrigger(db: Db, id: string): Promise<Trigger | null> {
  const r = await db.selectFrom('incident_workflow_triggers').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? (await toTriggers(db, [r]))[0] : null;
}

export interface TriggerFilter {
  workflowId?: string;
  serviceId?: string;
  triggerType?: TriggerType;
}

/** Triggers in creation order; a service filter keeps those attached to it or to all services. */
export async function listTriggers(db: Db, f: TriggerFilter = {}): Promise<Trigger[]> {
  let q = db.selectFrom('incident_workflow_triggers').selectAll();
  if (f.workflowId) q = q.where('workflow_id', '=', f.workflowId);
  if (f.triggerType) q = q.where('trigger_type', '=', f.triggerType);
  if (f.serviceId) {
    const attached = db.selectFrom('incident_workflow_trigger_services').select('trigger_id').where('service_id', '=', f.serviceId);
    q = q.where((eb) => eb.or([eb('all_services', '=', 1), eb('id', 'in', attached)]));
  }
  return toTriggers(db, await q.orderBy('created_at').orderBy('id').execute());
}

/**
 * What the hot path needs: enabled workflows' conditional triggers of the service, in one query, made
 * once per service in an event-processor batch (store/tx-cache.ts), not once per incident change.
 */
export function conditionalTriggersOfService(db: Db, serviceId: string): Promise<Array<{ triggerId: string; condition: string | null; workflowId: string }>> {
  return txCached(db, `workflow-triggers:${serviceId}`, () => readConditionalTriggers(db, serviceId));
}

async function readConditionalTriggers(db: Db, serviceId: string): Promise<Array<{ triggerId: string; condition: string | null; workflowId: string }>> {
  const rows = await sql<{ id: string; condition: string | null; workflow_id: string }>`
    SELECT tr.id, tr.condition, tr.workflow_id FROM incident_workflow_triggers tr
    JOIN incident_workflows w ON w.id = tr.workflow_id AND w.is_enabled = 1
    WHERE tr.trigger_type = 'conditional'
      AND (tr.all_services = 1 OR EXISTS (SELECT 1 FROM incident_workflow_trigger_services s WHERE s.trigger_id = tr.id AND s.service_id = ${serviceId}))
    ORDER BY tr.created_at, tr.id`.execute(db);
  return rows.rows.map((r) => ({ triggerId: r.id, condition: r.condition, workflowId: r.workflow_id }));
}

/** Trigger ids among these that already ran on the incident. */
export async function triggersThatRan(db: Db, incidentId: string, triggerIds: string[]): Promise<Set<string>> {
  if (triggerIds.length === 0) return new Set();
  const rows = await db.selectFrom('incident_workflow_instances').select('trigger_id').where('incident_id', '=', incidentId).where('trigger_id', 'in', triggerIds).execute();
  return new Set(rows.map((r) => r.trigger_id!));
}

const toInstance = (r: InstancesTable): Instance => ({
  id: r.id,
  workflowId: r.workflow_id,
  workflowName: r.workflow_name,
  triggerId: r.trigger_id,
  incidentId: r.incident_id,
  actingUserId: r.acting_user_id,
  steps: fromJson<Step[]>(r.steps, []),
  stepRuns: fromJson<StepRun[]>(r.step_runs, []),
  status: r.status as Instance['status'],
  nextStep: Number(r.next_step),
  dueAt: Number(r.due_at),
  leaseUntil: Number(r.lease_until),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  completedAt: r.completed_at === null ? null : Number(r.completed_at),
});

/** Inserts a run; a conditional trigger's second run on the same incident is ignored (unique index). Returns whether it was new. */
export async function insertInstance(db: Db, i: Instance): Promise<boolean> {
  const r = await db
    .insertInto('incident_workflow_instances')
    .values({
      id: i.id,
      workflow_id: i.workflowId,
      workflow_name: i.workflowName,
      trigger_id: i.triggerId,
      incident_id: i.incidentId,
      acting_user_id: i.actingUserId,
      steps: toJson(i.steps),
      step_runs: toJson(i.stepRuns),
      status: i.status,
      next_step: i.nextStep,
      due_at: i.dueAt,
      lease_until: i.leaseUntil,
      created_at: i.createdAt,
      updated_at: i.updatedAt,
      completed_at: i.completedAt,
    })
    .onConflict((oc) => oc.columns(['trigger_id', 'incident_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findInstance(db: Db, id: string): Promise<Instance | null> {
  const r = await db.selectFrom('incident_workflow_instances').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toInstance(r) : null;
}

export async function listInstancesOfIncident(db: Db, incidentId: string): Promise<Instance[]> {
  const rows = await db.selectFrom('incident_workflow_instances').selectAll().where('incident_id', '=', incidentId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toInstance);
}

/**
 * Claims up to `limit` due running instances for `leaseMs` (SKIP LOCKED on PostgreSQL, as the
 * notify outbox does); the returned rows carry the new lease_until, the fence of every later write.
 */
export async function claimInstances(db: Db, dialect: Dialect, now: number, limit: number, leaseMs: number): Promise<Instance[]> {
  const r = await sql<InstancesTable>`
    UPDATE incident_workflow_instances SET lease_until = ${now + leaseMs}
    WHERE id IN (
      SELECT i.id FROM incident_workflow_instances i
      WHERE i.status = 'running' AND i.due_at <= ${now} AND i.lease_until <= ${now}
      ORDER BY i.due_at, i.id
      LIMIT ${limit}
      ${dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``}
    )
    RETURNING *`.execute(db);
  return r.rows.map(toInstance).sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}

/** Writes the run's state if this node still holds its lease (`lease` as claimed); false when it lost it. */
export async function saveInstance(db: Db, i: Instance, lease: number): Promise<boolean> {
  const r = await db
    .updateTable('incident_workflow_instances')
    .set({
      step_runs: toJson(i.stepRuns),
      status: i.status,
      next_step: i.nextStep,
      due_at: i.dueAt,
      lease_until: i.leaseUntil,
      updated_at: i.updatedAt,
      completed_at: i.completedAt,
    })
    .where('id', '=', i.id)
    .where('lease_until', '=', lease)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The earliest due time of a running instance, or null. */
export async function nextInstanceDueAt(db: Db): Promise<number | null> {
  const r = await db
    .selectFrom('incident_workflow_instances')
    .select((eb) => eb.fn.min('due_at').as('next'))
    .where('status', '=', 'running')
    .executeTakeFirst();
  return r?.next === null || r?.next === undefined ? null : Number(r.next);
}
