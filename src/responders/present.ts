// Responders on the wire: an incident's `incidents_responders` (IncidentsRespondersReference) and
// `responder_requests` (ResponderRequest), batched for a page of incidents.
import { findUsersByIds, userReference } from '../accounts/index.js';
import { iso } from '../clock.js';
import { escalationPolicyReference, findEscalationPoliciesByIds } from '../escalation/index.js';
import { reference, type Urls } from '../http/urls.js';
import type { Db } from '../store/db.js';
import type { IncidentResponder, ResponderRequest } from './model.js';
import { listRequests, listResponders } from './store.js';

export interface IncidentLabel {
  id: string;
  number: number;
  title: string;
}

/** What the wire shapes need: names of users and policies, and each incident's reference. */
export class ResponderNames {
  private constructor(
    private readonly urls: Urls,
    private readonly users: Map<string, string>,
    private readonly policies: Map<string, string>,
    private readonly incidents: Map<string, IncidentLabel>,
  ) {}

  static async load(db: Db, urls: Urls, incidents: IncidentLabel[], requests: ResponderRequest[], responders: IncidentResponder[]): Promise<ResponderNames> {
    const userIds = new Set<string>();
    for (const r of responders) {
      userIds.add(r.userId);
      if (r.requesterId) userIds.add(r.requesterId);
    }
    for (const q of requests) {
      if (q.requesterId) userIds.add(q.requesterId);
      for (const x of q.targets) if (x.type === 'user') userIds.add(x.id);
    }
    const policyIds = [...new Set(requests.flatMap((q) => q.targets.filter((x) => x.type === 'escalation_policy').map((x) => x.id)))];
    const users = new Map((await findUsersByIds(db, [...userIds])).map((u) => [u.id, u.name]));
    const policies = new Map((await findEscalationPoliciesByIds(db, policyIds, { includeDeleted: true })).map((p) => [p.id, p.name]));
    return new ResponderNames(urls, users, policies, new Map(incidents.map((i) => [i.id, i])));
  }

  user(id: string) {
    return userReference(this.urls, { id, name: this.users.get(id) ?? id });
  }

  policy(id: string) {
    return escalationPolicyReference(this.urls, { id, name: this.policies.get(id) ?? id });
  }

  policyName(id: string): string {
    return this.policies.get(id) ?? id;
  }

  incident(id: string) {
    const i = this.incidents.get(id);
    return reference(this.urls, 'incident', id, i ? `[#${i.number}] ${i.title}` : null, `/incidents/${id}`);
  }
}

/** IncidentsRespondersReference; `escalation_policy_requests` names the policies that reached the user. */
export function toApiResponder(n: ResponderNames, r: IncidentResponder, requests: ResponderRequest[]) {
  const viaPolicies = requests.flatMap((q) => q.targets.filter((x) => x.type === 'escalation_policy' && x.userIds.includes(r.userId)).map((x) => n.policyName(x.id)));
  return {
    state: r.state,
    user: n.user(r.userId),
    incident: n.incident(r.incidentId),
    updated_at: iso(r.updatedAt),
    message: r.message,
    requester: r.requesterId ? n.user(r.requesterId) : null,
    requested_at: iso(r.requestedAt),
    escalation_policy_requests: [...new Set(viaPolicies)],
  };
}

/** ResponderRequest: each target with the responders it invited, as they stand now. */
export function toApiResponderRequest(n: ResponderNames, q: ResponderRequest, responders: IncidentResponder[], requests: ResponderRequest[]) {
  return {
    incident: n.incident(q.incidentId),
    requester: q.requesterId ? n.user(q.requesterId) : null,
    requested_at: iso(q.requestedAt),
    message: q.message,
    responder_request_targets: q.targets.map((x) => ({
      responder_request_target: {
        type: x.type,
        id: x.id,
        summary: x.type === 'user' ? n.user(x.id).summary : n.policyName(x.id),
        incidents_responders: responders.filter((r) => x.userIds.includes(r.userId)).map((r) => toApiResponder(n, r, requests)),
      },
    })),
  };
}

/** Both fields of each incident, in one pass over its requests and responders. */
export async function respondersOfIncidents(db: Db, urls: Urls, incidents: IncidentLabel[]): Promise<Map<string, { incidents_responders: unknown[]; responder_requests: unknown[] }>> {
  const ids = incidents.map((i) => i.id);
  const [requests, responders] = await Promise.all([listRequests(db, ids), listResponders(db, ids)]);
  const out = new Map<string, { incidents_responders: unknown[]; responder_requests: unknown[] }>();
  if (requests.length === 0) return out;
  const n = await ResponderNames.load(db, urls, incidents, requests, responders);
  for (const id of ids) {
    const rq = requests.filter((q) => q.incidentId === id);
    if (rq.length === 0) continue;
    const rs = responders.filter((r) => r.incidentId === id);
    out.set(id, {
      incidents_responders: rs.map((r) => toApiResponder(n, r, rq)),
      // Pending requests only, as PagerDuty lists them: a request whose responders all replied is done.
      responder_requests: rq.filter((q) => rs.some((r) => r.requestId === q.id && r.state === 'pending')).map((q) => toApiResponderRequest(n, q, rs, rq)),
    });
  }
  return out;
}
