// alerts: the alerts that events create, their dedup (one open alert per integration and key, held
// by a unique index) and their grouping into incidents; owns the table alerts. Offers the event
// processor `applyAlertEvent`, and incidents the alert lookups, resolve and move (merge). It calls
// incidents only through incidents/index.ts and never touches incident tables.
import type { HookEvents } from '../hooks.js';
import { resolveIncident, type Agent, type Channel } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import type { AlertDeps } from './apply.js';
import type { Alert, AlertStatus } from './model.js';
import {
  countAlertsByIncidents,
  countOpenAlertsOfIncident,
  findAlertById,
  listAlertsByIncident,
  setAlertResolved,
  setAlertsIncident,
  setAlertsOfIncidentResolved,
  setAlertsServiceOfIntegration,
  type AlertListFilter,
} from './store.js';

export type { Alert, AlertStatus, AlertBody, AlertEvent } from './model.js';
export type { AlertListFilter } from './store.js';
/** Applies one inbound event (trigger/acknowledge/resolve) to alerts and incidents, on the caller's transaction. */
export { applyAlertEvent, type AppliedEvent, type ServiceForEvents, type AlertDeps } from './apply.js';
/** Applies a run of events set-based (constant statements per run), with the result of one by one. */
export { applyAlertEvents, batchable, type BatchItem } from './batch.js';
/** PagerDuty's Alert wire schema, the renderer and the alert reference. */
export { AlertSchema, presentAlert, type ApiAlert } from './present.js';

/** `{all, triggered, resolved}` alert counts per incident id (incidents without alerts are absent). */
export const countAlertsByIncident = countAlertsByIncidents;

/** One page of an incident's alerts (filters: statuses, alert_key, sort) with the total. */
export async function listAlertsOfIncident(
  db: Db,
  incidentId: string,
  page: { limit: number; offset: number },
  filter: AlertListFilter = {},
): Promise<{ alerts: Alert[]; total: number }> {
  return listAlertsByIncident(db, incidentId, filter, page);
}

/** An alert of the incident, or null (also null when it belongs to another incident). */
export async function findAlert(db: Db, incidentId: string, alertId: string): Promise<Alert | null> {
  const a = await findAlertById(db, alertId);
  return a && a.incidentId === incidentId ? a : null;
}

/**
 * Resolves one alert (REST `PUT /incidents/{id}/alerts/{alert_id}` status=resolved); when it was the
 * incident's last open alert, the incident resolves too. Returns the alert as it now is.
 */
export async function resolveAlert(db: Db, deps: AlertDeps, alert: Alert, agent: Agent, channel: Channel): Promise<Alert> {
  const at = deps.clock.now();
  if (await setAlertResolved(db, alert.id, at)) {
    if ((await countOpenAlertsOfIncident(db, alert.incidentId)) === 0) await resolveIncident(db, deps, alert.incidentId, agent, channel);
  }
  return (await findAlertById(db, alert.id))!;
}

/**
 * Moves alerts to another incident (merge, or `PUT …/alerts/{id}` with a new incident): every alert
 * of `from.incidentId`, or just `from.alertIds`. Returns how many moved.
 */
export async function moveAlertsToIncident(
  db: Db,
  from: { incidentId?: string; alertIds?: string[] },
  to: { incidentId: string; serviceId: string },
  at: number,
): Promise<number> {
  return setAlertsIncident(db, to, { fromIncidentId: from.incidentId, alertIds: from.alertIds }, at);
}

/** Number of open alerts of an incident. */
export const countOpenAlerts = countOpenAlertsOfIncident;

/** incident.event: a resolved incident resolves its open alerts (any channel: REST, timer, merge). */
export async function onIncidentEvent(db: Db, e: HookEvents['incident.event']): Promise<void> {
  if (e.eventType === 'incident.resolved') await setAlertsOfIncidentResolved(db, e.incidentId, e.at);
}

/** integration.moved: the integration's alerts move to its new service. */
export async function onIntegrationMoved(db: Db, e: HookEvents['integration.moved']): Promise<void> {
  await setAlertsServiceOfIntegration(db, e.integrationId, e.toServiceId);
}

export type { AlertStatus as Status };
