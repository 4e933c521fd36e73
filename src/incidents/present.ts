// Domain → wire: incidents, log entries and notes in PagerDuty's shapes, every field present.
// A Lookups object batches the references a page needs (users, services, policies, teams).
import { findTeamsByIds, findUsersByIds, teamReference, toApiTeam, toApiUser, userReference, type Team, type User } from '../accounts/index.js';
import { escalationPolicyReference, findEscalationPoliciesByIds } from '../escalation/index.js';
import { reference, type Reference, type Urls } from '../http/urls.js';
import { findIntegrationById, integrationReference, type Integration } from '../integrations/index.js';
import { findPrioritiesByIds, priorityReference, toApiPriority, type Priority } from '../priorities/index.js';
import { findServicesByIds, serviceReference, type Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { isoIn } from './time.js';
import { incidentSummary, pendingActions, type Agent, type Incident, type IncidentNote, type LogEntry } from './model.js';

export interface AlertCounts {
  all: number;
  triggered: number;
  resolved: number;
}

/** Batched, cached lookups for rendering a page of incidents or log entries. */
export class Lookups {
  users = new Map<string, User | null>();
  services = new Map<string, Service | null>();
  policies = new Map<string, { id: string; name: string } | null>();
  teams = new Map<string, Team | null>();
  integrations = new Map<string, Integration | null>();
  priorities = new Map<string, Priority | null>();
  incidents = new Map<string, { id: string; number: number; title: string }>();
  alertCounts = new Map<string, AlertCounts>();

  constructor(
    readonly db: Db,
    readonly urls: Urls,
    /** The request's `time_zone`, or null for UTC. */
    readonly timeZone: string | null = null,
  ) {}

  /** A time on the wire, in the request's time zone. */
  t(ms: number | null): string | null {
    return isoIn(ms, this.timeZone);
  }

  async load(ids: { users?: string[]; services?: string[]; policies?: string[]; teams?: string[]; integrations?: string[] }): Promise<void> {
    const missing = (m: Map<string, unknown>, list: string[] = []) => [...new Set(list)].filter((x) => !m.has(x));
    const u = missing(this.users, ids.users);
    const s = missing(this.services, ids.services);
    const p = missing(this.policies, ids.policies);
    const t = missing(this.teams, ids.teams);
    const n = missing(this.integrations, ids.integrations);
    const found = await Promise.all(n.map((id) => findIntegrationById(this.db, id)));
    n.forEach((id, k) => this.integrations.set(id, found[k]));
    const [users, services, policies, teams] = await Promise.all([
      u.length ? findUsersByIds(this.db, u) : [],
      s.length ? findServicesByIds(this.db, s) : [],
      p.length ? findEscalationPoliciesByIds(this.db, p, { includeDeleted: true }) : [],
      t.length ? findTeamsByIds(this.db, t) : [],
    ]);
    for (const x of u) this.users.set(x, users.find((y) => y.id === x) ?? null);
    for (const x of s) this.services.set(x, services.find((y) => y.id === x) ?? null);
    for (const x of p) this.policies.set(x, policies.find((y) => y.id === x) ?? null);
    for (const x of t) this.teams.set(x, teams.find((y) => y.id === x) ?? null);
  }

  /** Loads what `incidents` reference. */
  async loadForIncidents(list: Incident[]): Promise<void> {
    const agents = list.flatMap((i) => [...i.acknowledgements.map((a) => a.agent), ...(i.lastStatusChangeBy ? [i.lastStatusChangeBy] : [])]);
    const users = list.flatMap((i) => [
      ...i.assignments.map((a) => a.userId),
      ...i.acknowledgements.filter((a) => a.agent.type === 'user').map((a) => a.agent.id),
      ...(i.lastStatusChangeBy?.type === 'user' ? [i.lastStatusChangeBy.id] : []),
    ]);
    for (const i of list) this.incidents.set(i.id, { id: i.id, number: i.number, title: i.title });
    const pids = [...new Set(list.flatMap((i) => (i.priorityId && !this.priorities.has(i.priorityId) ? [i.priorityId] : [])))];
    const found = await findPrioritiesByIds(this.db, pids);
    for (const id of pids) this.priorities.set(id, found.find((p) => p.id === id) ?? null);
    await this.load({
      users,
      services: [...list.map((i) => i.serviceId), ...agents.filter((a) => a.type === 'service').map((a) => a.id)],
      policies: list.flatMap((i) => (i.escalationPolicyId ? [i.escalationPolicyId] : [])),
      teams: list.flatMap((i) => i.teamIds),
      integrations: agents.filter((a) => a.type === 'integration').map((a) => a.id),
    });
  }

  userRef(id: string): Reference {
    const u = this.users.get(id);
    return userReference(this.urls, { id, name: u?.name ?? id });
  }

  serviceRef(id: string): Reference {
    return serviceReference(this.urls, { id, name: this.services.get(id)?.name ?? id });
  }

  /**
   * A reference for a log entry's agent, `last_status_change_by` or an acknowledger: PagerDuty's
   * AgentReference, whose type is `user_reference`, `service_reference` or `integration_reference`
   * (never the integration's own type, which IntegrationReference carries elsewhere).
   */
  agentRef(a: Agent | null): Reference | null {
    if (!a) return null;
    if (a.type === 'user') return this.userRef(a.id);
    if (a.type === 'service') return this.serviceRef(a.id);
    const n = this.integrations.get(a.id);
    const path = n ? `/services/${n.serviceId}/integrations/${a.id}` : `/integrations/${a.id}`;
    return reference(this.urls, 'integration', a.id, n?.name ?? a.id, path, n ? path : null);
  }

  /** An alert's `integration` (IntegrationReference, typed by the integration), or null when it is gone. */
  integrationRef(id: string | null): Reference | null {
    const n = id ? this.integrations.get(id) : null;
    return n ? integrationReference(this.urls, n) : null;
  }

  teamRefs(ids: string[]): Reference[] {
    return ids.map((id) => teamReference(this.urls, { id, name: this.teams.get(id)?.name ?? id }));
  }

  /** The incident's priority: a reference, the full object with include[]=priorities, null when none (or deleted). */
  priority(id: string | null, full: boolean) {
    const p = id ? this.priorities.get(id) : null;
    if (!p) return null;
    return full ? toApiPriority(this.urls, p) : priorityReference(this.urls, p);
  }

  incidentRef(id: string): Reference {
    const i = this.incidents.get(id);
    return reference(this.urls, 'incident', id, i ? incidentSummary(i) : null, `/incidents/${id}`);
  }
}

export function logEntryReference(urls: Urls, e: { id: string; type: string; summary: string; incidentId: string }): Reference {
  return {
    id: e.id,
    type: `${e.type}_reference`,
    summary: e.summary,
    self: urls.api(`/log_entries/${e.id}`),
    html_url: urls.html(`/incidents/${e.incidentId}/log_entries/${e.id}`),
  };
}

/** The wire form of a log entry; type-specific fields only on their types. */
export function toApiLogEntry(lk: Lookups, e: LogEntry, include: string[] = []) {
  const d = (e.details ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {
    ...logEntryReference(lk.urls, e),
    type: e.type,
    created_at: lk.t(e.createdAt),
    channel: { ...e.channel, summary: e.channel.summary ?? e.summary, ...(d.notification ? { notification: d.notification } : {}) },
    agent: lk.agentRef(e.agent),
    note: e.note,
    contexts: [],
    service: include.includes('services') ? serviceFull(lk, e.serviceId) : lk.serviceRef(e.serviceId),
    incident: lk.incidentRef(e.incidentId),
    teams: include.includes('teams') ? e.teamIds.map((t) => teamFull(lk, t)) : lk.teamRefs(e.teamIds),
    event_details: { description: (d.event_description as string | undefined) ?? e.summary },
  };
  if (Array.isArray(d.assignees)) out.assignees = (d.assignees as string[]).map((u) => lk.userRef(u));
  if (e.type === 'acknowledge_log_entry') out.acknowledgement_timeout = d.acknowledgement_timeout ?? null;
  if (e.type === 'snooze_log_entry') {
    out.changed_actions = ((d.changed_actions as Array<{ type: string; at: number }>) ?? []).map((a) => ({ type: a.type, at: lk.t(a.at) }));
  }
  if (typeof d.user === 'string') out.user = lk.userRef(d.user);
  return out;
}

function serviceFull(lk: Lookups, id: string): unknown {
  const s = lk.services.get(id);
  if (!s) return lk.serviceRef(id);
  return { ...lk.serviceRef(id), type: 'service', name: s.name, description: s.description };
}

function teamFull(lk: Lookups, id: string): unknown {
  const t = lk.teams.get(id);
  return t ? toApiTeam(lk.urls, t) : lk.teamRefs([id])[0];
}

function userFull(lk: Lookups, id: string): unknown {
  const u = lk.users.get(id);
  return u ? toApiUser(lk.urls, u) : lk.userRef(id);
}

/** include[]=agents (or acknowledgers): a user or service agent as the full object; an integration stays a reference. */
function agentFull(lk: Lookups, a: Agent | null): unknown {
  if (a?.type === 'user') return userFull(lk, a.id);
  if (a?.type === 'service') return serviceFull(lk, a.id);
  return lk.agentRef(a);
}

/** The wire form of an incident, every PagerDuty field present. */
export function toApiIncident(
  lk: Lookups,
  i: Incident,
  opts: {
    include?: string[];
    firstTrigger?: LogEntry | null;
    alertCounts?: AlertCounts;
    service?: unknown;
    escalationPolicy?: unknown;
    /** From responders/ (injected through the routes' deps). */
    responders?: { incidents_responders: unknown[]; responder_requests: unknown[] };
  } = {},
) {
  const inc = new Set(opts.include ?? []);
  const fullUsers = inc.has('users') || inc.has('assignees');
  const fullAcks = inc.has('users') || inc.has('acknowledgers');
  const policy = i.escalationPolicyId ? lk.policies.get(i.escalationPolicyId) : null;
  const policyRef = i.escalationPolicyId
    ? escalationPolicyReference(lk.urls, { id: i.escalationPolicyId, name: policy?.name ?? i.policy?.name ?? i.escalationPolicyId })
    : null;
  const ftle = i.firstTriggerLogEntryId;
  return {
    id: i.id,
    type: 'incident',
    summary: incidentSummary(i),
    self: lk.urls.api(`/incidents/${i.id}`),
    html_url: lk.urls.html(`/incidents/${i.id}`),
    incident_number: i.number,
    title: i.title,
    description: i.title,
    created_at: lk.t(i.createdAt),
    updated_at: lk.t(i.updatedAt),
    status: i.status,
    incident_key: i.incidentKey,
    service: opts.service ?? (inc.has('services') ? serviceFull(lk, i.serviceId) : lk.serviceRef(i.serviceId)),
    assignments: i.assignments.map((a) => ({ at: lk.t(a.at), assignee: fullUsers ? userFull(lk, a.userId) : lk.userRef(a.userId) })),
    assigned_via: i.assignedVia,
    // The spec: "If the incident is not currently acknowledged or resolved, this will be the incident's updated_at".
    last_status_change_at: lk.t(i.status === 'triggered' ? i.updatedAt : i.lastStatusChangeAt),
    last_status_change_by: inc.has('agents') ? agentFull(lk, i.lastStatusChangeBy) : lk.agentRef(i.lastStatusChangeBy),
    resolved_at: lk.t(i.resolvedAt),
    first_trigger_log_entry:
      inc.has('first_trigger_log_entries') && opts.firstTrigger
        ? toApiLogEntry(lk, opts.firstTrigger)
        : ftle
          ? logEntryReference(lk.urls, { id: ftle, type: 'trigger_log_entry', summary: `Triggered`, incidentId: i.id })
          : null,
    alert_counts: opts.alertCounts ?? { all: 0, triggered: 0, resolved: 0 },
    is_mergeable: i.status !== 'resolved' && (i.origin === 'manual' || (opts.alertCounts?.all ?? 0) > 0),
    incident_type: { name: i.incidentType },
    escalation_policy: opts.escalationPolicy ?? policyRef,
    teams: inc.has('teams') ? i.teamIds.map((t) => teamFull(lk, t)) : lk.teamRefs(i.teamIds),
    pending_actions: pendingActions(i).map((p) => ({ type: p.type, at: lk.t(p.at) })),
    acknowledgements: i.acknowledgements.map((a) => ({
      at: lk.t(a.at),
      // AcknowledgerReference is a user or a service: an acknowledgement through an integration (an
      // Events API acknowledge) names the incident's service, whose integration it came through.
      acknowledger:
        a.agent.type === 'integration' ? (fullAcks ? serviceFull(lk, i.serviceId) : lk.serviceRef(i.serviceId)) : fullAcks ? agentFull(lk, a.agent) : lk.agentRef(a.agent),
    })),
    alert_grouping: null,
    priority: lk.priority(i.priorityId, inc.has('priorities')),
    resolve_reason: i.resolveReason ? { type: i.resolveReason.type, incident: lk.incidentRef(i.resolveReason.incidentId) } : null,
    conference_bridge: i.conferenceBridge,
    incidents_responders: opts.responders?.incidents_responders ?? [],
    responder_requests: opts.responders?.responder_requests ?? [],
    urgency: i.urgency,
    body: inc.has('body') ? { type: 'incident_body', details: i.body } : undefined,
  };
}

export function toApiNote(lk: Lookups, n: IncidentNote) {
  return {
    id: n.id,
    user: n.userId ? lk.userRef(n.userId) : null,
    channel: { summary: n.channel.summary ?? 'The PagerDuty website or APIs', type: n.channel.type },
    content: n.content,
    created_at: lk.t(n.createdAt),
    updated_at: lk.t(n.updatedAt),
  };
}
