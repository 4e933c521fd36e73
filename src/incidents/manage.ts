// The REST use cases: manual incidents, PUT edits, snooze, merge, notes. Permission checks live
// here (can(actor, 'incidents.write', service teams)); the caller owns the transaction.
import { can, canEach, findUsersByIds, type Actor } from '../accounts/index.js';
import { ArgumentsError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { findEscalationPolicyById } from '../escalation/index.js';
import { findServiceById, findServicesByIds } from '../services/index.js';
import { resolvePriority, type PriorityInput } from '../priorities/index.js';
import type { Db } from '../store/db.js';
import { onCallFor, snapshotPolicy, timersOf, loadService, transact, type Deps } from './apply.js';
import { acknowledgeIncident, escalateIncident, openIncident, reopenIncident, resolveIncident, retriggerIncident } from './lifecycle.js';
import type { Agent, Channel, Incident, IncidentNote, Urgency } from './model.js';
import { findIncidentById, findIncidentByNumber, findOpenIncidentByKey, lockIncidentById } from './store.js';
import { countNotes, insertLogEntries, insertNote } from './log-store.js';
import * as tr from './transitions.js';

/** Who acts through the API: the actor (permissions), the acting user, and the channel. */
export interface Requester {
  actor: Actor;
  userId: string;
  channel: Channel;
}

const agentOf = (r: Requester): Agent => ({ type: 'user', id: r.userId });

/** Refuses (403, 2010) unless the actor may write incidents of the service. */
export async function checkWrite(db: Db, actor: Actor, serviceId: string): Promise<void> {
  const s = await findServiceById(db, serviceId);
  if (!can(actor, 'incidents.write', s?.teamIds ?? [])) {
    throw new ForbiddenError('You do not have permission to change incidents on this service.');
  }
}

/**
 * Refuses (403, 2010) unless the actor may write incidents of EVERY one of the services (a bulk
 * write touching several incidents): each service's teams are checked on their own (canEach).
 */
export async function checkWriteEach(db: Db, actor: Actor, serviceIds: string[]): Promise<void> {
  const ids = [...new Set(serviceIds)];
  const found = new Map((await findServicesByIds(db, ids)).map((s) => [s.id, s.teamIds] as const));
  if (!canEach(actor, 'incidents.write', ids.map((id) => found.get(id) ?? []))) {
    throw new ForbiddenError('You do not have permission to change incidents on every service this request touches.');
  }
}

/** An incident by id, or by incident number when the id is all digits. */
export async function findIncidentByIdOrNumber(db: Db, idOrNumber: string): Promise<Incident> {
  const i = /^\d{1,15}$/.test(idOrNumber) ? await findIncidentByNumber(db, Number(idOrNumber)) : await findIncidentById(db, idOrNumber);
  if (!i) throw new NotFoundError('Incident', idOrNumber);
  return i;
}

async function checkUsers(db: Db, ids: string[]): Promise<void> {
  const found = new Set((await findUsersByIds(db, ids)).map((u) => u.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new ArgumentsError(`Assigned To User Not Found: ${missing.join(', ')}`);
}

async function checkPolicy(db: Db, id: string): Promise<void> {
  if (!(await findEscalationPolicyById(db, id))) throw new ArgumentsError(`Escalation Policy Not Found: ${id}`);
}

export interface ManualIncidentInput {
  title: string;
  serviceId: string;
  urgency?: Urgency;
  body?: unknown;
  incidentKey?: string | null;
  assigneeIds?: string[];
  escalationPolicyId?: string;
  incidentType?: string;
  conferenceBridge?: Incident['conferenceBridge'];
  /** A priority reference or name (`P1`); null or absent: none. */
  priority?: PriorityInput;
}

/**
 * POST /incidents: a manual incident. A duplicate open incident_key is refused; assigning only the
 * requester creates it acknowledged.
 */
export async function createManualIncident(db: Db, deps: Deps, r: Requester, input: ManualIncidentInput): Promise<Incident> {
  const service = await findServiceById(db, input.serviceId);
  if (!service || service.deletedAt !== null) throw new ArgumentsError('Service not found');
  await checkWrite(db, r.actor, service.id);
  if (input.assigneeIds?.length && input.escalationPolicyId) {
    throw new InvalidInputError('Assignments and escalation_policy cannot both be given.');
  }
  if (input.assigneeIds?.length) await checkUsers(db, input.assigneeIds);
  if (input.escalationPolicyId) await checkPolicy(db, input.escalationPolicyId);
  if (input.incidentKey && (await findOpenIncidentByKey(db, service.id, input.incidentKey))) {
    throw new InvalidInputError('Open incident with matching dedup key already exists on this service');
  }
  const priorityId = input.priority === undefined ? null : await resolvePriority(db, input.priority);
  const agent = agentOf(r);
  const ids = [...new Set(input.assigneeIds ?? [])];
  return openIncident(db, deps, {
    serviceId: service.id,
    title: input.title,
    urgency: input.urgency,
    incidentKey: input.incidentKey ?? null,
    body: input.body,
    agent,
    channel: r.channel,
    assignTo: input.assigneeIds,
    escalationPolicyId: input.escalationPolicyId,
    origin: 'manual',
    incidentType: input.incidentType,
    conferenceBridge: input.conferenceBridge,
    priorityId,
    acknowledged: ids.length === 1 && ids[0] === r.userId,
  });
}

export interface IncidentEdit {
  status?: 'triggered' | 'acknowledged' | 'resolved';
  title?: string;
  urgency?: Urgency;
  escalationLevel?: number;
  assigneeIds?: string[];
  escalationPolicyId?: string;
  resolution?: string | null;
  conferenceBridge?: Incident['conferenceBridge'];
  /** A priority reference or name (`P1`); null clears it. */
  priority?: PriorityInput;
}

/**
 * PUT /incidents/{id}: fields first, then reopening, escalation level, reassignment, and the status
 * change last (so `{status: resolved, resolution}` resolves with the note).
 */
export async function editIncident(db: Db, deps: Deps, r: Requester, idOrNumber: string, e: IncidentEdit): Promise<Incident> {
  const found = await findIncidentByIdOrNumber(db, idOrNumber);
  await checkWrite(db, r.actor, found.serviceId);
  if (e.assigneeIds?.length && e.escalationPolicyId) throw new InvalidInputError('Assignments and escalation_policy cannot both be given.');
  if (e.assigneeIds?.length) await checkUsers(db, e.assigneeIds);
  if (e.escalationPolicyId) await checkPolicy(db, e.escalationPolicyId);
  const priorityId = e.priority === undefined ? undefined : await resolvePriority(db, e.priority);
  const id = found.id;
  const agent = agentOf(r);
  const a = () => ({ agent, channel: r.channel, now: deps.clock.now() });
  let i = await transact(db, deps, id, (cur) =>
    tr.update(cur, a(), { title: e.title, urgency: e.urgency, conferenceBridge: e.conferenceBridge, priorityId }),
  );
  if (i.status === 'resolved' && (e.status === 'triggered' || e.status === 'acknowledged')) {
    i = await reopenIncident(db, deps, id, agent, r.channel, e.status);
  }
  if (e.escalationLevel !== undefined) {
    i = await escalateIncident(db, deps, id, { reason: 'manual', toLevel: e.escalationLevel, agent, channel: r.channel });
  }
  if (e.assigneeIds?.length) {
    i = await transact(db, deps, id, (cur) => tr.reassign(cur, a(), { userIds: e.assigneeIds! }));
  } else if (e.escalationPolicyId) {
    const policy = (await snapshotPolicy(db, e.escalationPolicyId))!;
    i = await transact(db, deps, id, async (cur, now) => tr.reassign(cur, { ...a(), onCall: await onCallFor(db, policy, now) }, { policy }));
  }
  if (e.status === 'resolved') i = await resolveIncident(db, deps, id, agent, r.channel, { resolution: e.resolution ?? null });
  else if (e.status === 'acknowledged') i = await acknowledgeIncident(db, deps, id, agent, r.channel);
  else if (e.status === 'triggered' && i.status === 'acknowledged') i = await retriggerIncident(db, deps, id, agent, r.channel);
  return i;
}

/** POST /incidents/{id}/snooze. */
export async function snoozeIncident(db: Db, deps: Deps, r: Requester, idOrNumber: string, seconds: number): Promise<Incident> {
  const found = await findIncidentByIdOrNumber(db, idOrNumber);
  await checkWrite(db, r.actor, found.serviceId);
  return transact(db, deps, found.id, async (i, now) =>
    tr.snooze(i, { agent: agentOf(r), channel: r.channel, now }, seconds, timersOf(await loadService(db, i.serviceId))),
  );
}

/** What a merge needs from alerts/ (injected): moving alerts, and counting them (mergeability). */
export interface MergePorts {
  moveAlerts(db: Db, fromIncidentId: string, to: { incidentId: string; serviceId: string }): Promise<void>;
  alertCount(db: Db, incidentId: string): Promise<number>;
}

/** Only incidents that have alerts, or that were created manually, can be merged (PagerDuty's rule). */
async function mergeable(db: Db, i: Incident, ports: MergePorts): Promise<boolean> {
  if (i.origin === 'manual') return true;
  return (await ports.alertCount(db, i.id)) > 0;
}

/**
 * PUT /incidents/{id}/merge: each source is resolved with the merge resolve reason and its alerts
 * move to the target. The target must be open; sources must be open, mergeable and distinct.
 */
export async function mergeIncidents(db: Db, deps: Deps, r: Requester, targetIdOrNumber: string, sourceIds: string[], ports: MergePorts): Promise<Incident> {
  const found = await findIncidentByIdOrNumber(db, targetIdOrNumber);
  await checkWrite(db, r.actor, found.serviceId);
  const target = (await lockIncidentById(db, deps.dialect, found.id))!;
  if (target.status === 'resolved') throw new InvalidInputError('Incident Already Resolved: the target of a merge must be open.');
  if (!(await mergeable(db, target, ports))) throw new InvalidInputError('The target incident cannot be merged: it has no alerts and was not created manually.');
  const ids = [...new Set(sourceIds)];
  if (ids.length > 1000) throw new InvalidInputError('At most 1000 incidents can be merged at once.');
  for (const sid of ids) {
    const s = await findIncidentByIdOrNumber(db, sid).catch(() => {
      throw new ArgumentsError(`Incident ${sid} not found.`);
    });
    await checkWrite(db, r.actor, s.serviceId);
    if (s.status === 'resolved') throw new InvalidInputError(`Incident Already Resolved: incident ${s.id} cannot be merged.`);
    if (!(await mergeable(db, s, ports))) throw new InvalidInputError(`Incident ${s.id} cannot be merged: it has no alerts and was not created manually.`);
    // Alerts move first: resolving the source then leaves them open on the target.
    await ports.moveAlerts(db, s.id, { incidentId: target.id, serviceId: target.serviceId });
    await transact(db, deps, s.id, (cur, now) => tr.mergeInto(cur, target, { agent: agentOf(r), channel: r.channel, now }));
  }
  return (await findIncidentById(db, target.id))!;
}

/** POST /incidents/{id}/notes: at most 2000 per incident; logs an annotate entry and emits incident.annotated. */
export async function addNote(db: Db, deps: Deps, r: Requester, idOrNumber: string, content: string): Promise<IncidentNote> {
  const i = await findIncidentByIdOrNumber(db, idOrNumber);
  await checkWrite(db, r.actor, i.serviceId);
  if (!content.trim()) throw new InvalidInputError('Content cannot be empty.');
  if (content.length > 25_000) throw new InvalidInputError('Content is too long (maximum is 25000 characters).');
  if ((await countNotes(db, i.id)) >= 2000) throw new InvalidInputError('An incident can have at most 2000 notes.');
  const now = deps.clock.now();
  const note: IncidentNote = {
    id: deps.ids.id(),
    incidentId: i.id,
    userId: r.userId,
    channel: { type: r.channel.type, summary: 'The PagerDuty website or APIs' },
    content,
    createdAt: now,
    updatedAt: now,
  };
  await insertNote(db, note);
  await insertLogEntries(
    db,
    [{ id: deps.ids.logEntryId(), type: 'annotate_log_entry', incidentId: i.id, serviceId: i.serviceId, teamIds: i.teamIds, agent: agentOf(r), channel: { type: 'note' }, summary: 'Note added', note: content, createdAt: now }],
    i.version * 1000 + 998,
  );
  await deps.hooks.emit(db, 'incident.event', { incidentId: i.id, eventType: 'incident.annotated', agent: agentOf(r), at: now, noteId: note.id });
  return note;
}
