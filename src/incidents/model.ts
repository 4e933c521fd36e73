// Incident domain types. The pure transitions live in transitions.ts; this file holds only shapes
// and small rules shared by them.
import type { TimerKind } from '../engine/index.js';
import type { IncidentEventType } from '../hooks.js';

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';
export type Urgency = 'high' | 'low';
export const STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'resolved'];
export const URGENCIES: readonly Urgency[] = ['high', 'low'];

/** Who did something, as log entries show it. */
export interface Agent {
  type: 'service' | 'integration' | 'user';
  id: string;
}

/** How it was done, as log entries show it (`summary`/`details` are optional extras). */
export interface Channel {
  type: 'api' | 'email' | 'web_trigger' | 'website' | 'timeout' | 'auto' | 'nagios' | 'note' | string;
  summary?: string;
  details?: unknown;
  [k: string]: unknown;
}

/** An escalation policy frozen on the incident, so later edits do not rewrite a step in progress. */
export interface PolicySnapshot {
  id: string;
  name: string;
  numLoops: number;
  rules: Array<{ id: string; delayMinutes: number; userIds: string[]; scheduleIds: string[] }>;
}

export interface Assignment {
  userId: string;
  at: number;
}

export interface Acknowledgement {
  agent: Agent;
  at: number;
}

export type ResolveReason = { type: 'merge_resolve_reason'; incidentId: string };

export interface Incident {
  id: string;
  number: number;
  title: string;
  status: IncidentStatus;
  urgency: Urgency;
  incidentKey: string | null;
  serviceId: string;
  integrationId: string | null;
  escalationPolicyId: string | null;
  policy: PolicySnapshot | null;
  /** 1-based rule of the snapshot the incident is at. */
  escalationLevel: number;
  /** How many times the policy has been looped back to level 1. */
  loopsDone: number;
  assignedVia: 'escalation_policy' | 'direct_assignment';
  assignments: Assignment[];
  acknowledgements: Acknowledgement[];
  teamIds: string[];
  body: unknown;
  /** How it was opened: 'events' (alerts), 'incident' (v1 create_incidents), 'manual' (REST/UI). */
  origin: 'events' | 'incident' | 'manual';
  incidentType: string;
  conferenceBridge: { conference_number: string | null; conference_url: string | null } | null;
  /** The priority's id (priorities/), or null. */
  priorityId: string | null;
  firstTriggerLogEntryId: string | null;
  lastStatusChangeAt: number;
  lastStatusChangeBy: Agent | null;
  resolvedAt: number | null;
  resolveReason: ResolveReason | null;
  escalateAt: number | null;
  unacknowledgeAt: number | null;
  autoResolveAt: number | null;
  snoozedUntil: number | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

export const LOG_ENTRY_TYPES = [
  'trigger_log_entry',
  'assign_log_entry',
  'acknowledge_log_entry',
  'unacknowledge_log_entry',
  'resolve_log_entry',
  'escalate_log_entry',
  'exhaust_escalation_path_log_entry',
  'repeat_escalation_path_log_entry',
  'snooze_log_entry',
  'annotate_log_entry',
  'urgency_change_log_entry',
  'notify_log_entry',
  'delegate_log_entry',
  'custom_field_value_change_log_entry',
] as const;
export type LogEntryType = (typeof LOG_ENTRY_TYPES)[number];

/** A log entry before it has an id. `details` holds the type-specific fields in wire names. */
export interface LogDraft {
  type: LogEntryType;
  agent: Agent | null;
  channel: Channel;
  summary: string;
  note?: string | null;
  details?: Record<string, unknown>;
}

export interface LogEntry extends LogDraft {
  id: string;
  incidentId: string;
  serviceId: string;
  teamIds: string[];
  note: string | null;
  createdAt: number;
}

export interface IncidentNote {
  id: string;
  incidentId: string;
  userId: string | null;
  channel: Channel;
  content: string;
  createdAt: number;
  updatedAt: number;
}

/** A domain event for ctx.hooks `incident.event`, named as PagerDuty's v3 webhook types. */
export interface EventDraft {
  eventType: IncidentEventType;
  agent: Agent | null;
  noteId?: string;
  assigneeIds?: string[];
}

/** What a transition produces: the next state, its log entries and its hook events. */
export interface Change {
  next: Incident;
  logs: LogDraft[];
  events: EventDraft[];
}

/** Service settings the transitions read (seconds; null or 0 means off). */
export interface ServiceTimers {
  acknowledgementTimeout: number | null;
  autoResolveTimeout: number | null;
}

/** The timer kinds an incident's due times mirror (its support-hours urgency change is the service's). */
export const INCIDENT_TIMER_KINDS = ['incident.escalate', 'incident.unacknowledge', 'incident.auto_resolve', 'incident.unsnooze'] as const satisfies readonly TimerKind[];
type IncidentTimerKind = (typeof INCIDENT_TIMER_KINDS)[number];

/** The timers an incident should have, derived from its due times (the engine mirrors these). */
export function desiredTimers(i: Incident): Array<{ kind: IncidentTimerKind; dueAt: number }> {
  const out: Array<{ kind: IncidentTimerKind; dueAt: number }> = [];
  if (i.status === 'resolved') return out;
  if (i.escalateAt !== null) out.push({ kind: 'incident.escalate', dueAt: i.escalateAt });
  if (i.unacknowledgeAt !== null) out.push({ kind: 'incident.unacknowledge', dueAt: i.unacknowledgeAt });
  if (i.autoResolveAt !== null) out.push({ kind: 'incident.auto_resolve', dueAt: i.autoResolveAt });
  if (i.snoozedUntil !== null) out.push({ kind: 'incident.unsnooze', dueAt: i.snoozedUntil });
  return out;
}

/** PagerDuty's `pending_actions`, from the due times. */
export function pendingActions(i: Incident): Array<{ type: string; at: number }> {
  if (i.status === 'resolved') return [];
  const out: Array<{ type: string; at: number }> = [];
  if (i.escalateAt !== null) out.push({ type: 'escalate', at: i.escalateAt });
  if (i.unacknowledgeAt !== null) out.push({ type: 'unacknowledge', at: i.unacknowledgeAt });
  if (i.snoozedUntil !== null) out.push({ type: 'unacknowledge', at: i.snoozedUntil });
  if (i.autoResolveAt !== null) out.push({ type: 'resolve', at: i.autoResolveAt });
  return out.sort((a, b) => a.at - b.at);
}

export function incidentSummary(i: Pick<Incident, 'number' | 'title'>): string {
  return `[#${i.number}] ${i.title}`;
}

/** Who is on call on each schedule at the moment of a transition (schedule id → name and users). */
export type OnCallMap = ReadonlyMap<string, { name: string | null; userIds: string[] }>;

/**
 * Users of a rule of the snapshot (1-based level): its user targets, then whoever `onCall` says is on
 * call on its schedule targets (the caller resolved them at that moment), without repeats.
 */
export function ruleUsers(policy: PolicySnapshot | null, level: number, onCall?: OnCallMap): string[] {
  const rule = policy?.rules[level - 1];
  if (!rule) return [];
  if (rule.scheduleIds.length === 0 || !onCall) return rule.userIds;
  return [...new Set([...rule.userIds, ...rule.scheduleIds.flatMap((id) => onCall.get(id)?.userIds ?? [])])];
}

/** The schedules of a rule with nobody on call, by name (the id when unnamed). */
export function emptySchedules(policy: PolicySnapshot | null, level: number, onCall?: OnCallMap): string[] {
  const rule = policy?.rules[level - 1];
  if (!rule) return [];
  return rule.scheduleIds.filter((id) => (onCall?.get(id)?.userIds.length ?? 0) === 0).map((id) => onCall?.get(id)?.name ?? id);
}

export function ruleDelayMs(policy: PolicySnapshot | null, level: number): number | null {
  const r = policy?.rules[level - 1];
  return r ? Math.max(0, r.delayMinutes) * 60_000 : null;
}

/** When a triggered incident at this level escalates next, or null when it never does. */
export function escalationDue(i: Pick<Incident, 'urgency' | 'assignedVia' | 'policy' | 'escalationLevel'>, now: number): number | null {
  if (i.urgency !== 'high' || i.assignedVia !== 'escalation_policy' || !i.policy || i.policy.rules.length === 0) return null;
  const d = ruleDelayMs(i.policy, i.escalationLevel);
  return d === null ? null : now + d;
}

export function secondsToMs(s: number | null | undefined): number | null {
  return s && s > 0 ? s * 1000 : null;
}
