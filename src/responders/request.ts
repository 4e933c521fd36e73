// Responder requests as use cases callable without HTTP (REST and incident workflows): ask targets to
// join, reply (join or decline), cancel. Each takes the agent that acts and uses the injected clock;
// permission checks are the caller's (the REST routes check incidents.write on the incident's service).
import { findUsersByIds } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ArgumentsError, InvalidInputError, NotFoundError } from '../errors.js';
import { findEscalationPoliciesByIds } from '../escalation/index.js';
import { appendLogEntry, findIncidentById, onCallOfPolicy, type Agent, type Channel } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import type { IncidentResponder, RequestTarget, ResponderRequest, TargetInput } from './model.js';
import { findResponder, insertRequest, listRequests, listResponders, setResponderState, upsertResponder } from './store.js';

export type Deps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect'>;

export interface ResponderRequestInput {
  /** The requesting user (PagerDuty's requester_id); null for a workflow or another non-user agent. */
  requesterId: string | null;
  message: string;
  targets: TargetInput[];
}

const userAgent = (id: string | null): Agent | null => (id ? { type: 'user', id } : null);

async function names(db: Db, ids: string[]): Promise<string> {
  const byId = new Map((await findUsersByIds(db, ids)).map((u) => [u.id, u.name]));
  return ids.map((id) => byId.get(id) ?? id).join(', ');
}

/**
 * Asks users and escalation policies (whoever each has on call now, at its first level) to respond.
 * Users already joined stay joined; everyone else becomes pending and is notified through their
 * notification rules (incident.responder.added) until they reply, whatever the incident's status.
 */
export async function requestResponders(db: Db, deps: Deps, incidentId: string, input: ResponderRequestInput, channel: Channel, agent: Agent | null = userAgent(input.requesterId)): Promise<ResponderRequest> {
  const incident = await findIncidentById(db, incidentId);
  if (!incident) throw new NotFoundError('Incident', incidentId);
  if (input.targets.length === 0) throw new InvalidInputError('responder_request_targets must name at least one user or escalation policy.');
  if (input.targets.length > 100) throw new InvalidInputError('At most 100 responder request targets can be given at once.');
  if (input.message.length > 1000) throw new InvalidInputError('Message is too long (maximum is 1000 characters).');
  if (input.requesterId && (await findUsersByIds(db, [input.requesterId])).length === 0) throw new ArgumentsError(`Requester not found: ${input.requesterId}`);
  const userIds = input.targets.filter((x) => x.type === 'user').map((x) => x.id);
  const policyIds = input.targets.filter((x) => x.type === 'escalation_policy').map((x) => x.id);
  const users = new Set((await findUsersByIds(db, userIds)).filter((u) => u.deletedAt === null).map((u) => u.id));
  const missingUsers = userIds.filter((id) => !users.has(id));
  if (missingUsers.length) throw new ArgumentsError(`User not found: ${missingUsers.join(', ')}`);
  const policies = new Map((await findEscalationPoliciesByIds(db, policyIds)).map((p) => [p.id, p.name]));
  const missingPolicies = policyIds.filter((id) => !policies.has(id));
  if (missingPolicies.length) throw new ArgumentsError(`Escalation Policy Not Found: ${missingPolicies.join(', ')}`);

  const now = deps.clock.now();
  const targets: RequestTarget[] = [];
  for (const x of input.targets) targets.push({ type: x.type, id: x.id, userIds: x.type === 'user' ? [x.id] : await onCallOfPolicy(db, x.id, now) });
  const request: ResponderRequest = { id: deps.ids.id(), incidentId, requesterId: input.requesterId, message: input.message, targets, requestedAt: now };
  await insertRequest(db, request);

  const joined = new Set((await listResponders(db, [incidentId])).filter((r) => r.state === 'joined').map((r) => r.userId));
  const invited = [...new Set(targets.flatMap((x) => x.userIds))].filter((id) => !joined.has(id));
  for (const userId of invited) {
    await upsertResponder(db, { incidentId, userId, requestId: request.id, state: 'pending', requesterId: input.requesterId, message: input.message, requestedAt: now, updatedAt: now });
  }
  const via: string[] = [];
  for (const x of targets.filter((y) => y.type === 'escalation_policy')) via.push(`${policies.get(x.id)} (${x.userIds.length ? await names(db, x.userIds) : 'nobody on call'})`);
  const direct = targets.filter((x) => x.type === 'user').map((x) => x.id);
  const asked = [...(direct.length ? [await names(db, direct)] : []), ...via].join('; ');
  await appendLogEntry(db, deps, {
    incidentId,
    type: 'annotate_log_entry',
    agent,
    channel: { ...channel, type: 'responder_request' },
    summary: `Requested responders: ${asked}`,
    note: input.message,
    at: now,
  });
  if (invited.length) await deps.hooks.emit(db, 'incident.event', { incidentId, eventType: 'incident.responder.added', agent, at: now, responderIds: invited, message: input.message });
  return request;
}

/** The user joins or declines; only a pending request can be answered (400 otherwise). */
export async function replyToResponderRequest(db: Db, deps: Deps, incidentId: string, userId: string, reply: 'joined' | 'declined', channel: Channel): Promise<IncidentResponder> {
  const cur = await findResponder(db, incidentId, userId);
  if (!cur) throw new NotFoundError('Responder request', `${incidentId}/${userId}`);
  if (cur.state !== 'pending') throw new InvalidInputError(`This responder request was already answered (${cur.state}).`);
  const now = deps.clock.now();
  if (!(await setResponderState(db, incidentId, userId, 'pending', reply, now))) throw new InvalidInputError('This responder request was answered meanwhile.');
  const agent: Agent = { type: 'user', id: userId };
  await appendLogEntry(db, deps, {
    incidentId,
    type: 'annotate_log_entry',
    agent,
    channel: { ...channel, type: 'responder_request' },
    summary: `${await names(db, [userId])} ${reply === 'joined' ? 'joined the incident as a responder' : 'declined the responder request'}`,
    at: now,
  });
  await deps.hooks.emit(db, 'incident.event', { incidentId, eventType: 'incident.responder.replied', agent, at: now });
  return { ...cur, state: reply, updatedAt: now };
}

/** PUT /incidents/{id}/responder_requests/cancel: each target's pending responders become user_cancelled. */
export async function cancelResponderRequests(db: Db, deps: Deps, incidentId: string, targets: TargetInput[], agent: Agent | null, channel: Channel) {
  const now = deps.clock.now();
  const responders = await listResponders(db, [incidentId]);
  const requests = await listRequests(db, [incidentId]);
  const out: Array<{ type: string; id: string; result: 'cancelled' | 'joined' | 'declined' | 'not_found' }> = [];
  const cancelled: string[] = [];
  for (const x of targets) {
    const users = new Set(requests.flatMap((r) => r.targets.filter((y) => y.type === x.type && y.id === x.id).flatMap((y) => y.userIds)));
    const mine = responders.filter((r) => users.has(r.userId));
    const type = x.type === 'user' ? 'user_reference' : 'escalation_policy_reference';
    if (mine.length === 0) {
      out.push({ type, id: x.id, result: 'not_found' });
      continue;
    }
    let any = false;
    for (const r of mine.filter((r) => r.state === 'pending')) {
      if (await setResponderState(db, incidentId, r.userId, 'pending', 'user_cancelled', now)) {
        any = true;
        cancelled.push(r.userId);
      }
    }
    out.push({ type, id: x.id, result: any ? 'cancelled' : mine.some((r) => r.state === 'joined') ? 'joined' : mine.some((r) => r.state === 'declined') ? 'declined' : 'cancelled' });
  }
  if (cancelled.length) {
    await appendLogEntry(db, deps, {
      incidentId,
      type: 'annotate_log_entry',
      agent,
      channel: { ...channel, type: 'responder_request' },
      summary: `Cancelled the responder request to ${await names(db, cancelled)}`,
      at: now,
    });
  }
  return out;
}
