// The incident lifecycle as pure functions: (state, input) → Change (next state, log entries, hook
// events) or null for a no-op. No I/O: apply.ts writes what these return. Every change bumps
// `version`, and the due times on the incident say which timers it should have.
import { InvalidInputError } from '../errors.js';
import {
  emptySchedules,
  escalationDue,
  ruleUsers,
  type OnCallMap,
  secondsToMs,
  type Agent,
  type Change,
  type Channel,
  type EventDraft,
  type Incident,
  type LogDraft,
  type PolicySnapshot,
  type ResolveReason,
  type ServiceTimers,
  type Urgency,
} from './model.js';

export interface Act {
  agent: Agent | null;
  channel: Channel;
  now: number;
  /** Who is on call on the policy's schedules at `now` (resolved by the caller); absent: nobody. */
  onCall?: OnCallMap;
}

/**
 * The level an incident reaches when sent to `level`: if nobody is on call there (schedules with
 * gaps), it goes on at once to the next level of the pass that has someone, as PagerDuty does; if no
 * later level has anyone, it stays at `level` unassigned and escalates on its timeout. `note` says
 * which schedules had nobody, for the log entry (never a silent nobody).
 */
export function reach(policy: PolicySnapshot | null, level: number, onCall?: OnCallMap): { level: number; users: string[]; note: string } {
  const notes: string[] = [];
  const count = policy?.rules.length ?? 0;
  for (let l = level; l <= Math.max(level, count); l++) {
    const users = ruleUsers(policy, l, onCall);
    const empty = emptySchedules(policy, l, onCall);
    if (empty.length) notes.push(`Nobody was on call on schedule ${empty.map((n) => `"${n}"`).join(', ')} at level ${l}.`);
    if (users.length > 0) return { level: l, users, note: notes.length ? ' ' + notes.join(' ') : '' };
  }
  return { level, users: [], note: notes.length ? ' ' + notes.join(' ') : '' };
}

function bump(i: Incident, now: number, patch: Partial<Incident>): Incident {
  return { ...i, ...patch, updatedAt: now, version: i.version + 1 };
}

function statusChange(a: Act): Pick<Incident, 'lastStatusChangeAt' | 'lastStatusChangeBy'> {
  return { lastStatusChangeAt: a.now, lastStatusChangeBy: a.agent };
}

/** "Triggered through the API", as PagerDuty words a trigger log entry's summary per channel. */
export function channelPhrase(channel: Channel): string {
  switch (channel.type) {
    case 'api':
      return 'through the API';
    case 'email':
      return 'through an email';
    case 'web_trigger':
    case 'website':
      return 'through the website';
    case 'timeout':
      return 'due to timeout';
    case 'auto':
      return 'automatically';
    default:
      return `through ${channel.type}`;
  }
}

function assign(users: string[], now: number) {
  return users.map((userId) => ({ userId, at: now }));
}

/** Placeholder apply.ts replaces with the assignees' names. */
export const ASSIGNEES = '{assignees}';

export interface OpenInput {
  id: string;
  number: number;
  title: string;
  urgency: Urgency;
  incidentKey: string | null;
  serviceId: string;
  integrationId: string | null;
  teamIds: string[];
  body: unknown;
  origin: Incident['origin'];
  policy: PolicySnapshot | null;
  /** Direct assignees; empty or absent: level 1 of the policy. */
  assignTo?: string[];
  timers: ServiceTimers;
  incidentType?: string;
  conferenceBridge?: Incident['conferenceBridge'];
  priorityId?: string | null;
}

/** A new triggered incident with its trigger and assign log entries. */
export function open(input: OpenInput, a: Act): Change {
  const direct = (input.assignTo?.length ?? 0) > 0;
  const reached = direct ? { level: 1, users: [...new Set(input.assignTo)], note: '' } : reach(input.policy, 1, a.onCall);
  const users = reached.users;
  const base: Incident = {
    id: input.id,
    number: input.number,
    title: input.title,
    status: 'triggered',
    urgency: input.urgency,
    incidentKey: input.incidentKey,
    serviceId: input.serviceId,
    integrationId: input.integrationId,
    escalationPolicyId: input.policy?.id ?? null,
    policy: input.policy,
    escalationLevel: reached.level,
    loopsDone: 0,
    assignedVia: direct ? 'direct_assignment' : 'escalation_policy',
    assignments: assign(users, a.now),
    acknowledgements: [],
    teamIds: input.teamIds,
    body: input.body ?? null,
    origin: input.origin,
    incidentType: input.incidentType ?? 'incident_default',
    conferenceBridge: input.conferenceBridge ?? null,
    priorityId: input.priorityId ?? null,
    firstTriggerLogEntryId: null,
    lastStatusChangeAt: a.now,
    lastStatusChangeBy: a.agent,
    resolvedAt: null,
    resolveReason: null,
    escalateAt: null,
    unacknowledgeAt: null,
    autoResolveAt: null,
    snoozedUntil: null,
    version: 1,
    createdAt: a.now,
    updatedAt: a.now,
  };
  base.escalateAt = escalationDue(base, a.now);
  const ar = secondsToMs(input.timers.autoResolveTimeout);
  base.autoResolveAt = ar === null ? null : a.now + ar;
  const logs: LogDraft[] = [
    { type: 'trigger_log_entry', agent: a.agent, channel: a.channel, summary: `Triggered ${channelPhrase(a.channel)}` },
    { type: 'assign_log_entry', agent: a.agent, channel: { type: 'auto' }, summary: `Assigned to ${ASSIGNEES}.${reached.note}`, details: { assignees: users } },
  ];
  return { next: base, logs, events: [{ eventType: 'incident.triggered', agent: a.agent, assigneeIds: users }] };
}

/** triggered → acknowledged; a second user acknowledging an acknowledged incident is recorded too. */
export function acknowledge(i: Incident, a: Act, timers: ServiceTimers): Change | null {
  if (i.status === 'resolved') return null;
  const log: LogDraft = {
    type: 'acknowledge_log_entry',
    agent: a.agent,
    channel: a.channel,
    summary: `Acknowledged ${channelPhrase(a.channel)}`,
    details: { acknowledgement_timeout: timers.acknowledgementTimeout || null },
  };
  const ackMs = secondsToMs(timers.acknowledgementTimeout);
  if (i.status === 'acknowledged') {
    const agent = a.agent;
    if (!agent || agent.type !== 'user') return null;
    if (i.acknowledgements.some((k) => k.agent.type === agent.type && k.agent.id === agent.id)) return null;
    const next = bump(i, a.now, {
      acknowledgements: [...i.acknowledgements, { agent, at: a.now }],
      unacknowledgeAt: i.snoozedUntil === null && ackMs !== null ? a.now + ackMs : i.unacknowledgeAt,
    });
    return { next, logs: [log], events: [{ eventType: 'incident.acknowledged', agent }] };
  }
  const next = bump(i, a.now, {
    status: 'acknowledged',
    acknowledgements: a.agent ? [{ agent: a.agent, at: a.now }] : [],
    escalateAt: null,
    unacknowledgeAt: ackMs === null ? null : a.now + ackMs,
    snoozedUntil: null,
    ...statusChange(a),
  });
  return { next, logs: [log], events: [{ eventType: 'incident.acknowledged', agent: a.agent }] };
}

/**
 * acknowledged → triggered: the acknowledgement timeout (channel `timeout`), the end of a snooze, or
 * a person or event re-triggering it. With `restart` (the timeouts) escalation starts again from
 * level 1 of the policy, as the lifecycle issue asks; otherwise it resumes at the current level.
 */
export function unacknowledge(i: Incident, a: Act, summary?: string, opts: { restart?: boolean } = {}): Change | null {
  if (i.status !== 'acknowledged') return null;
  const restart = opts.restart === true && i.assignedVia === 'escalation_policy' && (i.policy?.rules.length ?? 0) > 0;
  const reached = restart ? reach(i.policy, 1, a.onCall) : { level: i.escalationLevel, users: i.assignments.map((x) => x.userId), note: '' };
  const users = reached.users;
  const next = bump(i, a.now, {
    status: 'triggered',
    acknowledgements: [],
    unacknowledgeAt: null,
    snoozedUntil: null,
    ...(restart ? { escalationLevel: reached.level, loopsDone: 0, assignments: assign(users, a.now) } : {}),
    ...statusChange(a),
  });
  next.escalateAt = escalationDue(next, a.now);
  const logs: LogDraft[] = [
    { type: 'unacknowledge_log_entry', agent: a.agent, channel: a.channel, summary: summary ?? `Unacknowledged ${channelPhrase(a.channel)}` },
  ];
  if (restart) logs.push({ type: 'assign_log_entry', agent: a.agent, channel: { type: 'auto' }, summary: `Assigned to ${ASSIGNEES}.${reached.note}`, details: { assignees: users } });
  return { next, logs, events: [{ eventType: 'incident.unacknowledged', agent: a.agent, assigneeIds: users }] };
}

/** Re-trigger an acknowledged incident (PUT status=triggered, or an event): same as unacknowledge. */
export const retrigger = unacknowledge;

/** The end of a snooze: back to triggered. */
export function unsnooze(i: Incident, a: Act): Change | null {
  if (i.status !== 'acknowledged' || i.snoozedUntil === null) return null;
  return unacknowledge(i, a, 'Unacknowledged due to snooze timeout', { restart: true });
}

export function resolve(i: Incident, a: Act, opts: { resolution?: string | null; reason?: ResolveReason | null; summary?: string } = {}): Change | null {
  if (i.status === 'resolved') return null;
  const next = bump(i, a.now, {
    status: 'resolved',
    resolvedAt: a.now,
    resolveReason: opts.reason ?? null,
    assignments: [],
    acknowledgements: [],
    escalateAt: null,
    unacknowledgeAt: null,
    autoResolveAt: null,
    snoozedUntil: null,
    ...statusChange(a),
  });
  const log: LogDraft = {
    type: 'resolve_log_entry',
    agent: a.agent,
    channel: a.channel,
    summary: opts.summary ?? `Resolved ${channelPhrase(a.channel)}`,
    note: opts.resolution ?? null,
  };
  return { next, logs: [log], events: [{ eventType: 'incident.resolved', agent: a.agent }] };
}

/** resolved → triggered, assigned again to level 1 of its policy snapshot (or to `fallbackUserIds`). */
export function reopen(i: Incident, a: Act, timers: ServiceTimers, fallbackUserIds: string[]): Change | null {
  if (i.status !== 'resolved') return null;
  const viaPolicy = i.policy !== null && i.policy.rules.length > 0;
  const reached = viaPolicy ? reach(i.policy, 1, a.onCall) : { level: 1, users: fallbackUserIds, note: '' };
  const users = reached.users;
  const next = bump(i, a.now, {
    status: 'triggered',
    resolvedAt: null,
    resolveReason: null,
    escalationLevel: reached.level,
    loopsDone: 0,
    assignedVia: viaPolicy ? 'escalation_policy' : 'direct_assignment',
    assignments: assign(users, a.now),
    acknowledgements: [],
    ...statusChange(a),
  });
  next.escalateAt = escalationDue(next, a.now);
  const ar = secondsToMs(timers.autoResolveTimeout);
  next.autoResolveAt = ar === null ? null : a.now + ar;
  const logs: LogDraft[] = [
    { type: 'trigger_log_entry', agent: a.agent, channel: a.channel, summary: `Reopened ${channelPhrase(a.channel)}` },
    { type: 'assign_log_entry', agent: a.agent, channel: { type: 'auto' }, summary: `Assigned to ${ASSIGNEES}.${reached.note}`, details: { assignees: users } },
  ];
  return { next, logs, events: [{ eventType: 'incident.reopened', agent: a.agent, assigneeIds: users }] };
}

/** Snooze an acknowledged incident for `seconds`; it returns to triggered after. Resets auto-resolve. */
export function snooze(i: Incident, a: Act, seconds: number, timers: ServiceTimers): Change {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 604_800) {
    throw new InvalidInputError('Snooze Duration is Invalid: duration must be a whole number of seconds from 1 to 604800.');
  }
  if (i.status !== 'acknowledged') throw new InvalidInputError('Incident is not Acknowledged: only acknowledged incidents can be snoozed.');
  const ar = secondsToMs(timers.autoResolveTimeout);
  const next = bump(i, a.now, {
    snoozedUntil: a.now + seconds * 1000,
    unacknowledgeAt: null,
    autoResolveAt: ar === null ? i.autoResolveAt : a.now + ar,
  });
  const log: LogDraft = {
    type: 'snooze_log_entry',
    agent: a.agent,
    channel: a.channel,
    summary: `Snoozed for ${seconds} seconds`,
    details: { changed_actions: [{ type: 'unacknowledge', at: next.snoozedUntil }] },
  };
  return { next, logs: [log], events: [{ eventType: 'incident.snoozed', agent: a.agent }] };
}

/**
 * Escalate to the next rule (timeout) or to `toLevel` (manual). After the last rule the policy loops
 * back to level 1 `numLoops` times, then the path is exhausted. Low urgency never escalates;
 * direct assignments do not escalate on timeout.
 */
export function escalate(i: Incident, a: Act, opts: { reason: 'timeout' | 'manual'; toLevel?: number }): Change | null {
  const manual = opts.reason === 'manual';
  const rules = i.policy?.rules ?? [];
  if (i.status === 'resolved') {
    if (manual) throw new InvalidInputError('Cannot Escalate: the incident is resolved.');
    return null;
  }
  if (i.urgency === 'low') {
    if (manual) throw new InvalidInputError('Cannot Escalate: low-urgency incidents do not escalate.');
    return null;
  }
  if (!manual && (i.status !== 'triggered' || i.assignedVia !== 'escalation_policy')) return null;
  if (rules.length === 0) {
    if (manual) throw new InvalidInputError('Cannot Escalate: the incident has no escalation policy.');
    return null;
  }
  let level: number;
  let loops = i.loopsDone;
  const logs: LogDraft[] = [];
  if (manual) {
    const to = opts.toLevel ?? i.escalationLevel + 1;
    if (!Number.isInteger(to) || to < 1 || to > rules.length) {
      throw new InvalidInputError(`Cannot Escalate: escalation_level must be from 1 to ${rules.length}.`);
    }
    level = to;
  } else if (i.escalationLevel < rules.length) {
    level = i.escalationLevel + 1;
  } else if (loops < (i.policy?.numLoops ?? 0)) {
    level = 1;
    loops += 1;
    logs.push({ type: 'repeat_escalation_path_log_entry', agent: null, channel: { type: 'timeout' }, summary: 'Repeated escalation path' });
  } else {
    const next = bump(i, a.now, { escalateAt: null });
    const log: LogDraft = { type: 'exhaust_escalation_path_log_entry', agent: null, channel: { type: 'timeout' }, summary: 'Escalation path exhausted' };
    return { next, logs: [log], events: [] };
  }
  const reached = reach(i.policy, level, a.onCall);
  level = reached.level;
  const users = reached.users;
  const next = bump(i, a.now, {
    status: 'triggered',
    escalationLevel: level,
    loopsDone: loops,
    assignedVia: 'escalation_policy',
    assignments: assign(users, a.now),
    acknowledgements: [],
    unacknowledgeAt: null,
    snoozedUntil: null,
    ...(i.status !== 'triggered' ? statusChange(a) : {}),
  });
  next.escalateAt = escalationDue(next, a.now);
  logs.push({
    type: 'escalate_log_entry',
    agent: a.agent,
    channel: a.channel,
    summary: `Escalated to level ${level}, assigned to ${ASSIGNEES}.${reached.note}`,
    details: { assignees: users, escalation_level: level },
  });
  return { next, logs, events: [{ eventType: 'incident.escalated', agent: a.agent, assigneeIds: users }] };
}

/** Reassign to users (direct) or to an escalation policy (level 1 of its snapshot); re-triggers. */
export function reassign(i: Incident, a: Act, to: { userIds: string[] } | { policy: PolicySnapshot }): Change {
  if (i.status === 'resolved') throw new InvalidInputError('Cannot process reassign action: the incident is resolved.');
  const reached = 'userIds' in to ? null : reach(to.policy, 1, a.onCall);
  const patch: Partial<Incident> =
    'userIds' in to
      ? { assignedVia: 'direct_assignment', assignments: assign([...new Set(to.userIds)], a.now) }
      : {
          assignedVia: 'escalation_policy',
          policy: to.policy,
          escalationPolicyId: to.policy.id,
          escalationLevel: reached!.level,
          loopsDone: 0,
          assignments: assign(reached!.users, a.now),
        };
  const next = bump(i, a.now, {
    ...patch,
    status: 'triggered',
    acknowledgements: [],
    unacknowledgeAt: null,
    snoozedUntil: null,
    ...(i.status !== 'triggered' ? statusChange(a) : {}),
  });
  next.escalateAt = escalationDue(next, a.now);
  const users = next.assignments.map((x) => x.userId);
  const log: LogDraft = { type: 'assign_log_entry', agent: a.agent, channel: a.channel, summary: `Reassigned to ${ASSIGNEES}.${reached?.note ?? ''}`, details: { assignees: users } };
  return { next, logs: [log], events: [{ eventType: 'incident.reassigned', agent: a.agent, assigneeIds: users }] };
}

/**
 * Title, urgency, priority and conference bridge edits. Urgency high → low stops escalation; low → high
 * starts it. A new priority emits incident.priority_updated, a new bridge incident.conference_bridge.updated.
 */
export function update(
  i: Incident,
  a: Act,
  fields: { title?: string; urgency?: Urgency; conferenceBridge?: Incident['conferenceBridge']; priorityId?: string | null },
): Change | null {
  const patch: Partial<Incident> = {};
  const logs: LogDraft[] = [];
  const events: EventDraft[] = [];
  if (fields.title !== undefined && fields.title !== i.title) patch.title = fields.title;
  if (fields.conferenceBridge !== undefined && JSON.stringify(fields.conferenceBridge) !== JSON.stringify(i.conferenceBridge)) {
    patch.conferenceBridge = fields.conferenceBridge;
    events.push({ eventType: 'incident.conference_bridge.updated', agent: a.agent });
  }
  if (fields.priorityId !== undefined && fields.priorityId !== i.priorityId) {
    patch.priorityId = fields.priorityId;
    events.push({ eventType: 'incident.priority_updated', agent: a.agent });
  }
  if (fields.urgency !== undefined && fields.urgency !== i.urgency) {
    if (i.status === 'resolved') throw new InvalidInputError('The urgency of a resolved incident cannot be changed.');
    patch.urgency = fields.urgency;
    logs.push({
      type: 'urgency_change_log_entry',
      agent: a.agent,
      channel: a.channel,
      summary: `Urgency changed from ${i.urgency} to ${fields.urgency}`,
      details: { urgency: fields.urgency },
    });
  }
  if (Object.keys(patch).length === 0) return null;
  const next = bump(i, a.now, patch);
  if (patch.urgency !== undefined && next.status === 'triggered') next.escalateAt = escalationDue(next, a.now);
  return { next, logs, events: [{ eventType: 'incident.updated', agent: a.agent }, ...events] };
}

/** A source of a merge: resolved with the merge resolve reason. */
export function mergeInto(source: Incident, target: Incident, a: Act): Change {
  if (source.id === target.id) throw new InvalidInputError('An incident cannot be merged into itself.');
  if (source.status === 'resolved') throw new InvalidInputError(`Incident Already Resolved: incident ${source.id} cannot be merged.`);
  const c = resolve(source, a, {
    reason: { type: 'merge_resolve_reason', incidentId: target.id },
    summary: `Resolved by merging into incident #${target.number}`,
  })!;
  return c;
}
