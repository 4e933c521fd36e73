import { iso } from '../clock.js';
import type { Context } from '../context.js';
import type { Db } from '../store/db.js';
import { reference } from '../http/urls.js';
import type { IncidentView, NotifyPorts, ServiceView } from './model.js';

/** Builds PagerDuty v3 webhook event bodies: `{"event": {id, event_type, resource_type, occurred_at, agent, client, data}}`. */

export type Deps = Pick<Context, 'urls' | 'ids' | 'clock'>;
export type Agent = { type: 'user' | 'service' | 'integration'; id: string } | null;

function uuid(hex32: string): string {
  return `${hex32.slice(0, 8)}-${hex32.slice(8, 12)}-${hex32.slice(12, 16)}-${hex32.slice(16, 20)}-${hex32.slice(20, 32)}`;
}

export function newEventId(deps: Deps): string {
  return uuid(deps.ids.hex32());
}

async function nameOf(db: Db, ports: NotifyPorts, kind: 'user' | 'team' | 'escalation_policy', ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return ports.names(db, kind, ids);
}

export async function agentReference(db: Db, deps: Deps, ports: NotifyPorts, agent: Agent) {
  if (!agent) return null;
  if (agent.type === 'user') {
    const n = await nameOf(db, ports, 'user', [agent.id]);
    return reference(deps.urls, 'user', agent.id, n.get(agent.id) ?? null, `/users/${agent.id}`);
  }
  if (agent.type === 'service') {
    const s = await ports.findService(db, agent.id);
    return reference(deps.urls, 'service', agent.id, s?.name ?? null, `/services/${agent.id}`, `/service-directory/${agent.id}`);
  }
  return { id: agent.id, type: 'integration_reference', summary: null, self: null, html_url: null };
}

export async function incidentData(db: Db, deps: Deps, ports: NotifyPorts, inc: IncidentView, service: ServiceView | null) {
  const users = await nameOf(db, ports, 'user', inc.assigneeIds);
  const teams = await nameOf(db, ports, 'team', inc.teamIds);
  const eps = inc.escalationPolicyId ? await nameOf(db, ports, 'escalation_policy', [inc.escalationPolicyId]) : new Map();
  return {
    id: inc.id,
    type: 'incident',
    self: deps.urls.api(`/incidents/${inc.id}`),
    html_url: deps.urls.html(`/incidents/${inc.id}`),
    number: inc.number,
    status: inc.status,
    incident_key: inc.incidentKey,
    created_at: iso(inc.createdAt),
    title: inc.title,
    incident_type: { name: inc.incidentType ?? 'incident_default' },
    service: reference(deps.urls, 'service', inc.serviceId, service?.name ?? null, `/services/${inc.serviceId}`, `/service-directory/${inc.serviceId}`),
    assignees: inc.assigneeIds.map((id) => reference(deps.urls, 'user', id, users.get(id) ?? null, `/users/${id}`)),
    escalation_policy: inc.escalationPolicyId
      ? reference(deps.urls, 'escalation_policy', inc.escalationPolicyId, eps.get(inc.escalationPolicyId) ?? null, `/escalation_policies/${inc.escalationPolicyId}`)
      : null,
    teams: inc.teamIds.map((id) => reference(deps.urls, 'team', id, teams.get(id) ?? null, `/teams/${id}`)),
    priority: inc.priority ? reference(deps.urls, 'priority', inc.priority.id, inc.priority.summary, `/priorities/${inc.priority.id}`, null) : null,
    urgency: inc.urgency,
    conference_bridge: inc.conferenceBridge ?? null,
    resolve_reason: inc.resolveReason ?? null,
  };
}

export function noteData(deps: Deps, inc: IncidentView, note: { id: string; content: string }) {
  return {
    incident: reference(deps.urls, 'incident', inc.id, `[#${inc.number}] ${inc.title}`, `/incidents/${inc.id}`),
    id: note.id,
    content: note.content,
    trimmed: false,
    type: 'incident_note',
  };
}

export async function serviceData(db: Db, deps: Deps, ports: NotifyPorts, s: ServiceView) {
  const teams = await nameOf(db, ports, 'team', s.teamIds);
  const eps = s.escalationPolicyId ? await nameOf(db, ports, 'escalation_policy', [s.escalationPolicyId]) : new Map();
  return {
    id: s.id,
    type: 'service',
    self: deps.urls.api(`/services/${s.id}`),
    html_url: deps.urls.html(`/service-directory/${s.id}`),
    summary: s.name,
    name: s.name,
    description: s.description,
    created_at: iso(s.createdAt),
    escalation_policy: s.escalationPolicyId
      ? reference(deps.urls, 'escalation_policy', s.escalationPolicyId, eps.get(s.escalationPolicyId) ?? null, `/escalation_policies/${s.escalationPolicyId}`)
      : null,
    teams: s.teamIds.map((id) => reference(deps.urls, 'team', id, teams.get(id) ?? null, `/teams/${id}`)),
  };
}

export function eventBody(
  id: string,
  eventType: string,
  resourceType: string,
  occurredAt: number,
  agent: unknown,
  data: unknown,
): string {
  return JSON.stringify({ event: { id, event_type: eventType, resource_type: resourceType, occurred_at: iso(occurredAt), agent, client: null, data } });
}
