import { localTime } from '../time-zone.js';

/**
 * Per-incident facts for analytics, computed exactly from an incident's log entries. Pure: the
 * caller loads the incident and its entries; the summary table stores what this returns.
 */

/** The parts of a log entry that analytics reads. */
export interface FactEntry {
  type: string;
  at: number;
  agent: { type: string; id: string } | null;
  channelType: string | null;
  /** notify_log_entry: the user notified. */
  userId?: string | null;
  /** assign_log_entry: the users assigned. */
  assigneeIds?: string[];
}

export interface FactIncident {
  id: string;
  serviceId: string;
  integrationId: string | null;
  teamId: string | null;
  escalationPolicyId: string | null;
  /** The incident's priority id (absent: none). */
  priorityId?: string | null;
  urgency: 'high' | 'low';
  status: 'triggered' | 'acknowledged' | 'resolved';
  createdAt: number;
  resolvedAt: number | null;
  major: boolean;
}

export interface IncidentFacts {
  incidentId: string;
  serviceId: string;
  integrationId: string | null;
  teamId: string | null;
  escalationPolicyId: string | null;
  /** The incident's priority id (absent: none). */
  priorityId?: string | null;
  urgency: 'high' | 'low';
  major: boolean;
  status: 'triggered' | 'acknowledged' | 'resolved';
  createdAt: number;
  resolvedAt: number | null;
  secondsToResolve: number | null;
  secondsToFirstAck: number | null;
  secondsToEngage: number | null;
  secondsToMobilize: number | null;
  acknowledgementCount: number;
  engagedUserIds: string[];
  engagedSeconds: number;
  assignmentCount: number;
  reassignmentCount: number;
  escalationCount: number;
  manualEscalationCount: number;
  timeoutEscalationCount: number;
  autoResolved: boolean;
  resolvedByUserId: string | null;
  notificationCount: number;
  interruptions: number;
  businessHourInterruptions: number;
  offHourInterruptions: number;
  sleepHourInterruptions: number;
  snoozedSeconds: number;
  alertCount: number;
}



/** Business 8–18 Mon–Fri, off 18–22 Mon–Fri and all weekend (outside sleep), sleep 22–8 every day. */
export function interruptionKind(at: number, timeZone = 'UTC'): 'business' | 'off' | 'sleep' {
  const { day, seconds } = localTime(at, timeZone);
  const hour = Math.floor(seconds / 3600);
  if (hour >= 22 || hour < 8) return 'sleep';
  if (day >= 6) return 'off';
  return hour < 18 ? 'business' : 'off';
}

const secs = (ms: number) => Math.round(ms / 1000);
const STATUS_CHANGES = new Set(['acknowledge_log_entry', 'resolve_log_entry', 'unacknowledge_log_entry', 'trigger_log_entry']);

/** Computes the facts of one incident from its log entries (any order), as of `now`. */
export function computeFacts(inc: FactIncident, entries: FactEntry[], alertCount: number, now: number): IncidentFacts {
  const log = [...entries].sort((a, b) => a.at - b.at);
  const firstAckByUser = new Map<string, number>();
  let acks = 0;
  let assignments = 0;
  let reassignments = 0;
  let escalations = 0;
  let manualEsc = 0;
  let timeoutEsc = 0;
  let autoResolved = false;
  let resolvedBy: string | null = null;
  let notifications = 0;
  const interruptionKeys = new Set<string>();
  const kinds = { business: 0, off: 0, sleep: 0 };
  let snoozed = 0;
  let snoozeStart: number | null = null;

  for (const e of log) {
    if (snoozeStart !== null && STATUS_CHANGES.has(e.type)) {
      snoozed += e.at - snoozeStart;
      snoozeStart = null;
    }
    switch (e.type) {
      case 'acknowledge_log_entry':
        acks++;
        if (e.agent?.type === 'user' && !firstAckByUser.has(e.agent.id)) firstAckByUser.set(e.agent.id, e.at);
        break;
      case 'assign_log_entry':
        assignments++;
        // The assignment made when an incident opens has channel `auto`; a person's reassignment does not.
        if (e.agent?.type === 'user' && e.channelType !== 'auto') reassignments++;
        break;
      case 'escalate_log_entry':
        // An escalation assigns the incident to the next level's users.
        escalations++;
        assignments++;
        if (e.channelType === 'timeout' || e.agent?.type !== 'user') timeoutEsc++;
        else manualEsc++;
        break;
      case 'resolve_log_entry':
        if (e.agent?.type === 'user') {
          resolvedBy = e.agent.id;
          autoResolved = false;
        } else {
          autoResolved = true;
          resolvedBy = null;
        }
        break;
      case 'notify_log_entry': {
        notifications++;
        // Several contact methods fired for one user in the same minute interrupt them once.
        const key = `${e.userId ?? '?'}:${Math.floor(e.at / 60_000)}`;
        if (!interruptionKeys.has(key)) {
          interruptionKeys.add(key);
          kinds[interruptionKind(e.at)]++;
        }
        break;
      }
      case 'snooze_log_entry':
        snoozeStart = e.at;
        break;
    }
  }
  if (snoozeStart !== null) snoozed += (inc.resolvedAt ?? now) - snoozeStart;

  const ackTimes = [...firstAckByUser.values()].sort((a, b) => a - b);
  const end = inc.resolvedAt ?? now;
  const engagedSeconds = ackTimes.reduce((s, t) => s + secs(Math.max(0, end - t)), 0);
  const multi = ackTimes.length > 1;
  return {
    incidentId: inc.id,
    serviceId: inc.serviceId,
    integrationId: inc.integrationId,
    teamId: inc.teamId,
    escalationPolicyId: inc.escalationPolicyId,
    priorityId: inc.priorityId ?? null,
    urgency: inc.urgency,
    major: inc.major,
    status: inc.status,
    createdAt: inc.createdAt,
    resolvedAt: inc.resolvedAt,
    secondsToResolve: inc.resolvedAt === null ? null : secs(inc.resolvedAt - inc.createdAt),
    secondsToFirstAck: ackTimes.length ? secs(ackTimes[0] - inc.createdAt) : null,
    secondsToEngage: multi ? secs(ackTimes[ackTimes.length - 1] - ackTimes[0]) : null,
    secondsToMobilize: multi ? secs(ackTimes[ackTimes.length - 1] - inc.createdAt) : null,
    acknowledgementCount: acks,
    engagedUserIds: [...firstAckByUser.keys()],
    engagedSeconds,
    assignmentCount: assignments,
    reassignmentCount: reassignments,
    escalationCount: escalations,
    manualEscalationCount: manualEsc,
    timeoutEscalationCount: timeoutEsc,
    autoResolved: inc.status === 'resolved' && autoResolved,
    resolvedByUserId: inc.status === 'resolved' ? resolvedBy : null,
    notificationCount: notifications,
    interruptions: interruptionKeys.size,
    businessHourInterruptions: kinds.business,
    offHourInterruptions: kinds.off,
    sleepHourInterruptions: kinds.sleep,
    snoozedSeconds: secs(snoozed),
    alertCount,
  };
}

