// What an incident's timer does when it falls due, as a change to write: the one decision shared by
// the one-by-one handlers (lifecycle.ts, one transaction step per timer) and the set-based ones
// (timer-batch.ts, a claimed batch written in rounds). Who is on call is asked through `onCall`, so
// the batch can read it once per policy.
import type { Db } from '../store/db.js';
import { snapshotPolicy } from './apply.js';
import { INCIDENT_TIMER_KINDS, type Agent, type Change, type Channel, type Incident, type OnCallMap, type PolicySnapshot } from './model.js';
import * as tr from './transitions.js';

export type IncidentTimerKind = (typeof INCIDENT_TIMER_KINDS)[number];

/** Who is on call on the schedules of a policy, now (undefined when it targets none). */
export type OnCallOf = (policy: PolicySnapshot | null) => Promise<OnCallMap | undefined>;

const TIMEOUT: Channel = { type: 'timeout' };

/**
 * The incident with its policy snapshot refreshed from the live policy: the step in progress stays
 * frozen, and an edit to the policy applies from the next step (a deleted policy keeps the snapshot).
 */
export async function withLivePolicy(db: Db, i: Incident): Promise<Incident> {
  if (!i.escalationPolicyId) return i;
  const live = await snapshotPolicy(db, i.escalationPolicyId);
  return live ? { ...i, policy: live } : i;
}

/** Escalates to the next level (timeout) or the given one (manual). */
export async function escalation(
  db: Db,
  i: Incident,
  now: number,
  onCall: OnCallOf,
  opts: { reason: 'timeout' | 'manual'; toLevel?: number; agent?: Agent | null; channel?: Channel },
): Promise<Change | null> {
  const live = await withLivePolicy(db, i);
  return tr.escalate(live, { agent: opts.agent ?? null, channel: opts.channel ?? TIMEOUT, now, onCall: await onCall(live.policy) }, { reason: opts.reason, toLevel: opts.toLevel });
}

/** The change a due timer of `kind` makes to the incident (its fence already checked), or null. */
export async function timerChange(db: Db, kind: IncidentTimerKind, i: Incident, now: number, onCall: OnCallOf): Promise<Change | null> {
  switch (kind) {
    case 'incident.escalate':
      return escalation(db, i, now, onCall, { reason: 'timeout' });
    case 'incident.unacknowledge': {
      // The acknowledgement timeout passed: back to triggered.
      if (i.unacknowledgeAt === null) return null;
      const live = await withLivePolicy(db, i);
      return tr.unacknowledge(live, { agent: null, channel: TIMEOUT, now, onCall: await onCall(live.policy) }, undefined, { restart: true });
    }
    case 'incident.auto_resolve':
      // The service's auto-resolve timeout passed.
      return i.autoResolveAt === null ? null : tr.resolve(i, { agent: { type: 'service', id: i.serviceId }, channel: TIMEOUT, now }, { summary: 'Resolved due to timeout' });
    case 'incident.unsnooze': {
      // The snooze ended: back to triggered.
      if (i.snoozedUntil === null) return null;
      const live = await withLivePolicy(db, i);
      return tr.unsnooze(live, { agent: null, channel: TIMEOUT, now, onCall: await onCall(live.policy) });
    }
  }
}

/** Whether a timer kind is one of an incident's own (timerChange knows it). */
export function isIncidentTimerKind(kind: string): kind is IncidentTimerKind {
  return (INCIDENT_TIMER_KINDS as readonly string[]).includes(kind);
}
