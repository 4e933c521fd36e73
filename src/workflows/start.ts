// Starting runs: a conditional trigger's run when an incident opens on one of its services with its
// condition true, or when a later change makes it true (once per trigger and incident: a unique
// index), and a run started by hand (POST /incident_workflows/{id}/instances, the incident page).
import type { Context } from '../context.js';
import { ArgumentsError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { HookEvents } from '../hooks.js';
import { can, type Actor } from '../accounts/index.js';
import { findIncidentById, type Incident } from '../incidents/index.js';
import { findServiceById } from '../services/index.js';
import type { Db } from '../store/db.js';
import { cachedCondition, evaluate, type Facts } from './condition.js';
import { newInstance, type Instance } from './model.js';
import type { ResponsePort } from './ports.js';
import { conditionalTriggersOfService, findWorkflow, findWorkflowsByIds, insertInstance, triggersThatRan } from './store.js';

async function factsOf(db: Db, i: Incident, response: ResponsePort): Promise<Facts> {
  return {
    'incident.priority': await response.priorityName(db, i.priorityId),
    'incident.urgency': i.urgency,
    'incident.status': i.status,
    'incident.title': i.title,
    'incident.service.id': i.serviceId,
  };
}

/**
 * The `incident.event` listener (src/reactions.ts): on the emitter's transaction, starts the runs of
 * the service's conditional triggers whose condition is now true and that have not run on the
 * incident. A resolved incident starts nothing. Costs two indexed queries when no trigger matches.
 */
export async function onIncidentEvent(db: Db, ctx: Pick<Context, 'clock' | 'ids' | 'log'>, response: ResponsePort, e: HookEvents['incident.event']): Promise<void> {
  if (e.eventType === 'incident.resolved') return;
  const incident = await findIncidentById(db, e.incidentId);
  if (!incident || incident.status === 'resolved') return;
  const triggers = await conditionalTriggersOfService(db, incident.serviceId);
  if (triggers.length === 0) return;
  const facts = await factsOf(db, incident, response);
  const matching = triggers.filter((t) => {
    try {
      return t.condition === null || t.condition === '' || evaluate(cachedCondition(t.condition), facts);
    } catch (err) {
      // Conditions are parsed when saved; one that no longer parses (a newer grammar) matches nothing.
      ctx.log.warn({ err, triggerId: t.triggerId }, 'workflow trigger condition does not parse');
      return false;
    }
  });
  if (matching.length === 0) return;
  const ran = await triggersThatRan(db, incident.id, matching.map((t) => t.triggerId));
  const toStart = matching.filter((t) => !ran.has(t.triggerId));
  if (toStart.length === 0) return;
  const workflows = new Map((await findWorkflowsByIds(db, toStart.map((t) => t.workflowId))).map((w) => [w.id, w]));
  for (const t of toStart) {
    const w = workflows.get(t.workflowId)!;
    const now = ctx.clock.now();
    await insertInstance(db, newInstance(w, { id: ctx.ids.id(), incidentId: incident.id, triggerId: t.triggerId, actingUserId: w.createdBy, now }));
  }
}

/** POST /incident_workflows/{id}/instances: a run started by hand, acting as the requester. */
export async function startManually(db: Db, ctx: Pick<Context, 'clock' | 'ids'>, actor: Actor, userId: string, workflowId: string, incidentId: string): Promise<Instance> {
  const w = await findWorkflow(db, workflowId);
  if (!w) throw new NotFoundError('Incident Workflow', workflowId);
  if (!w.isEnabled) throw new InvalidInputError('This incident workflow is disabled.');
  const incident = await findIncidentById(db, incidentId);
  if (!incident) throw new ArgumentsError(`Incident ${incidentId} not found.`);
  const service = await findServiceById(db, incident.serviceId);
  if (!can(actor, 'incidents.write', service?.teamIds ?? [])) throw new ForbiddenError('You do not have permission to change incidents on this service.');
  const inst = newInstance(w, { id: ctx.ids.id(), incidentId: incident.id, triggerId: null, actingUserId: userId, now: ctx.clock.now() });
  await insertInstance(db, inst);
  return inst;
}
