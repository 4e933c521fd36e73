// Field edits without a REST requester, for callers that act as themselves (incident workflows, the
// UI's own verbs): set the priority, set the conference bridge. They take the agent and channel the log
// and webhooks show, and use the injected clock; permission checks are the caller's.
import { resolvePriority, type PriorityInput } from '../priorities/index.js';
import type { Db } from '../store/db.js';
import { onCallFor, snapshotPolicy, transact, type Deps } from './apply.js';
import { ruleUsers, type Agent, type Channel, type Incident } from './model.js';
import * as tr from './transitions.js';

/** Sets (or with null clears) the priority, given as a reference `{id}` or a name (`P1`); emits incident.priority_updated when it changes. */
export async function setIncidentPriority(db: Db, deps: Deps, incidentId: string, priority: PriorityInput, agent: Agent | null, channel: Channel): Promise<Incident> {
  const priorityId = await resolvePriority(db, priority);
  return transact(db, deps, incidentId, (i, now) => tr.update(i, { agent, channel, now }, { priorityId }));
}

/** Sets (or with null clears) the conference bridge; emits incident.conference_bridge.updated when it changes. */
export async function setConferenceBridge(db: Db, deps: Deps, incidentId: string, bridge: Incident['conferenceBridge'], agent: Agent | null, channel: Channel): Promise<Incident> {
  return transact(db, deps, incidentId, (i, now) => tr.update(i, { agent, channel, now }, { conferenceBridge: bridge }));
}

/** Who an escalation policy reaches now: its first rule's users and whoever is on call on its schedules (responder requests). */
export async function onCallOfPolicy(db: Db, policyId: string, at: number): Promise<string[]> {
  const policy = await snapshotPolicy(db, policyId);
  return ruleUsers(policy, 1, await onCallFor(db, policy, at));
}
