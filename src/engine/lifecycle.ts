// The incident lifecycle over time, as timer handlers and hook listeners. Composition code (like
// app.ts): it calls incidents/ and services/ through their index.ts; engine.ts stays module-free.
import type { Context } from '../context.js';
import {
  autoResolveIncident,
  changeIncidentUrgency,
  escalateIncident,
  listIncidentIdsOfService,
  resolveIncident,
  unacknowledgeIncident,
  unsnoozeIncident,
} from '../incidents/index.js';
import { findServiceById, type Service } from '../services/index.js';
import type { Db } from '../store/db.js';
import { cancelTimers, scheduleTimer } from './index.js';
import type { Timer } from './model.js';
import { nextSupportHoursStart } from './support-hours.js';

type Deps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect' | 'log'>;

export const URGENCY_CHANGE = 'incident.urgency_change';

/** The incident timers: each calls the incidents transition with the timer's fence (stale → no-op). */
export const incidentHandlers = (deps: Deps) => ({
  'incident.escalate': (db: Db, t: Timer) => escalateIncident(db, deps, t.subjectId, { reason: 'timeout', fence: t.fence }).then(() => undefined),
  'incident.unacknowledge': (db: Db, t: Timer) => unacknowledgeIncident(db, deps, t.subjectId, t.fence).then(() => undefined),
  'incident.auto_resolve': (db: Db, t: Timer) => autoResolveIncident(db, deps, t.subjectId, t.fence).then(() => undefined),
  'incident.unsnooze': (db: Db, t: Timer) => unsnoozeIncident(db, deps, t.subjectId, t.fence).then(() => undefined),
});

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
  if (next === null) await cancelTimers(db, serviceId, [URGENCY_CHANGE]);
  else await scheduleTimer(db, { kind: URGENCY_CHANGE, subjectId: serviceId, dueAt: next, fence: next });
}

/**
 * Support hours began: the service's unacknowledged low-urgency incidents become high (PagerDuty's
 * "raise urgency of unacknowledged incidents to high when support hours start"); then the next start
 * is scheduled. A service that no longer has the action (or was deleted) stops the chain.
 */
export async function onUrgencyChange(db: Db, deps: Deps, timer: Timer): Promise<void> {
  const s = await findServiceById(db, timer.subjectId);
  if (!s || !raisesAtSupportHoursStart(s)) return;
  if (s.state === 'active') {
    for (const id of await listIncidentIdsOfService(db, s.id, ['triggered'], 'low')) {
      await changeIncidentUrgency(db, deps, id, 'high', { type: 'service', id: s.id }, { type: 'auto', summary: 'Support hours started' });
    }
  }
  await scheduleUrgencyChange(db, deps, s.id);
}

/**
 * A disabled service resolves its open incidents (as PagerDuty's "Disable Service" does), logged as
 * resolved automatically by the service; re-enabling changes nothing on its incidents.
 */
export async function onServiceStateChanged(db: Db, deps: Deps, e: { serviceId: string; state: 'active' | 'disabled' }): Promise<void> {
  if (e.state !== 'disabled') return;
  for (const id of await listIncidentIdsOfService(db, e.serviceId, ['triggered', 'acknowledged'])) {
    await resolveIncident(db, deps, id, { type: 'service', id: e.serviceId }, { type: 'auto', summary: 'Service disabled' }, {
      resolution: 'Resolved because the service was disabled.',
    });
  }
}
