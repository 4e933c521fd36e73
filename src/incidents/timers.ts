// The incident lifecycle over time: the handlers of incidents' timer kinds and incidents' reactions to
// service changes. src/reactions.ts registers them with the engine and ctx.hooks; the engine and
// services know nothing of incidents.
import type { Context } from '../context.js';
import { cancelTimers, scheduleTimer, type Timer } from '../engine/index.js';
import { findServiceById, type Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { autoResolveIncident, changeIncidentUrgency, escalateIncident, resolveIncident, unacknowledgeIncident, unsnoozeIncident } from './lifecycle.js';
import { listIncidentIdsOfService } from './store.js';
import { nextSupportHoursStart } from './support-hours.js';

type Deps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect' | 'log'>;

/** incident.escalate: the escalation delay passed (stale fence → no-op). */
export async function onEscalateTimer(db: Db, deps: Deps, t: Timer): Promise<void> {
  await escalateIncident(db, deps, t.subjectId, { reason: 'timeout', fence: t.fence });
}

/** incident.unacknowledge: the acknowledgement timeout passed. */
export async function onUnacknowledgeTimer(db: Db, deps: Deps, t: Timer): Promise<void> {
  await unacknowledgeIncident(db, deps, t.subjectId, t.fence);
}

/** incident.auto_resolve: the service's auto-resolve timeout passed. */
export async function onAutoResolveTimer(db: Db, deps: Deps, t: Timer): Promise<void> {
  await autoResolveIncident(db, deps, t.subjectId, t.fence);
}

/** incident.unsnooze: the snooze ended. */
export async function onUnsnoozeTimer(db: Db, deps: Deps, t: Timer): Promise<void> {
  await unsnoozeIncident(db, deps, t.subjectId, t.fence);
}

/** Whether the service raises low urgency to high when support hours start. */
function raisesAtSupportHoursStart(s: Service): boolean {
  return (
    s.deletedAt === null &&
    s.supportHours !== null &&
    s.incidentUrgencyRule.type === 'use_support_hours' &&
    s.scheduledActions.some((a) => a.type === 'urgency_change' && a.at?.name === 'support_hours_start' && a.to_urgency === 'high')
  );
}

/** Schedules (or cancels) the service's next urgency change at support hours start. Subject: the service. */
export async function scheduleUrgencyChange(db: Db, deps: Pick<Context, 'clock'>, serviceId: string): Promise<void> {
  const s = await findServiceById(db, serviceId);
  const next = s && raisesAtSupportHoursStart(s) ? nextSupportHoursStart(s.supportHours!, deps.clock.now()) : null;
  if (next === null) await cancelTimers(db, serviceId, ['incident.urgency_change']);
  else await scheduleTimer(db, { kind: 'incident.urgency_change', subjectId: serviceId, dueAt: next, fence: next });
}

/**
 * incident.urgency_change: support hours began, so the service's unacknowledged low-urgency incidents
 * become high (PagerDuty's "raise urgency of unacknowledged incidents to high when support hours
 * start"); then the next start is scheduled. A service that no longer has the action (or was
 * deleted) stops the chain.
 */
export async function onUrgencyChangeTimer(db: Db, deps: Deps, timer: Timer): Promise<void> {
  const s = await findServiceById(db, timer.subjectId);
  if (!s || !raisesAtSupportHoursStart(s)) return;
  if (s.state === 'active') {
    for (const id of await listIncidentIdsOfService(db, s.id, ['triggered'], 'low')) {
      await changeIncidentUrgency(db, deps, id, 'high', { type: 'service', id: s.id }, { type: 'auto', summary: 'Support hours started' });
    }
  }
  await scheduleUrgencyChange(db, deps, s.id);
}

/** service.changed: created, updated (support hours, scheduled actions) or deleted: reschedule or cancel. */
export async function onServiceChanged(db: Db, deps: Deps, e: { serviceId: string }): Promise<void> {
  await scheduleUrgencyChange(db, deps, e.serviceId);
}

/**
 * service.state_changed: a disabled service resolves its open incidents (as PagerDuty's "Disable
 * Service" does), logged as resolved automatically by the service; re-enabling changes nothing.
 */
export async function onServiceStateChanged(db: Db, deps: Deps, e: { serviceId: string; state: 'active' | 'disabled' }): Promise<void> {
  if (e.state !== 'disabled') return;
  for (const id of await listIncidentIdsOfService(db, e.serviceId, ['triggered', 'acknowledged'])) {
    await resolveIncident(db, deps, id, { type: 'service', id: e.serviceId }, { type: 'auto', summary: 'Service disabled' }, {
      resolution: 'Resolved because the service was disabled.',
    });
  }
}
