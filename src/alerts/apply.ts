// Applies one event to alerts and incidents on the caller's transaction: dedup on the open alert's
// key, grouping into an open incident, acknowledge/resolve following the alert, and the v1
// `create_incidents` mode (incidents keyed by incident_key, no alerts).
import type { Context } from '../context.js';
import {
  acknowledgeIncident,
  appendLogEntry,
  findIncidentById,
  findOpenIncidentByKey,
  openIncident,
  resolveIncident,
  type Agent,
  type Channel,
  type Incident,
} from '../incidents/index.js';
import type { AlertGroupingParameters } from '../services/index.js';
import type { Db } from '../store/db.js';
import { alertBody, contentMatches, RECOMMENDED_CONTENT_WINDOW_S, type Alert, type AlertEvent } from './model.js';
import { bumpAlert, countOpenAlertsOfIncident, findOpenAlertByKey, insertAlert, listOpenAlertsOfService, setAlertResolved } from './store.js';

export type AlertDeps = Pick<Context, 'clock' | 'ids' | 'hooks' | 'dialect'>;

export interface ServiceForEvents {
  id: string;
  alertCreation: 'create_incidents' | 'create_alerts_and_incidents';
  alertGroupingParameters: AlertGroupingParameters | null;
}

export interface AppliedEvent {
  outcome: 'alert_created' | 'incident_created' | 'grouped' | 'deduplicated' | 'acknowledged' | 'resolved' | 'dropped_no_open_alert';
  alertId: string | null;
  incidentId: string | null;
}

const LOG_SUMMARY: Record<AlertEvent['action'], string> = {
  trigger: 'Triggered through the API.',
  acknowledge: 'Acknowledged through the API.',
  resolve: 'Resolved through the API.',
};

export function channelOf(e: AlertEvent): Channel {
  return {
    type: e.channel,
    summary: e.summary || e.dedupKey,
    incident_key: e.dedupKey,
    description: e.summary,
    details: e.customDetails ?? null,
    ...(e.action === 'trigger' ? { client: e.client, client_url: e.clientUrl, cef_details: alertBody(e).cef_details } : {}),
    ...(e.channelDetails ?? {}),
  };
}

export function logSummary(e: AlertEvent): string {
  if (e.channel === 'email') return LOG_SUMMARY[e.action].replace('the API', 'email');
  if (e.channel !== 'api') return LOG_SUMMARY[e.action].replace('the API', e.channel);
  return LOG_SUMMARY[e.action];
}

/** Applies the event; `integrationId` is the integration it came through (dedup is per integration). */
export async function applyAlertEvent(
  db: Db,
  deps: AlertDeps,
  input: { event: AlertEvent; integrationId: string; service: ServiceForEvents; at: number },
): Promise<AppliedEvent> {
  const { event, service } = input;
  if (service.alertCreation === 'create_incidents' && (event.api === 'events_v1' || event.api === 'email')) {
    return applyToIncident(db, deps, input);
  }
  const agent: Agent = { type: 'integration', id: input.integrationId };
  const channel = channelOf(event);
  const open = await findOpenAlertByKey(db, input.integrationId, event.dedupKey);

  if (event.action !== 'trigger') {
    if (!open) return { outcome: 'dropped_no_open_alert', alertId: null, incidentId: null };
    if (event.action === 'acknowledge') {
      await acknowledgeIncident(db, deps, open.incidentId, agent, channel);
      return { outcome: 'acknowledged', alertId: open.id, incidentId: open.incidentId };
    }
    await setAlertResolved(db, open.id, input.at);
    if ((await countOpenAlertsOfIncident(db, open.incidentId)) === 0) {
      await resolveIncident(db, deps, open.incidentId, agent, channel);
    } else {
      await appendLogEntry(db, deps, { incidentId: open.incidentId, type: 'resolve_log_entry', agent, channel, summary: logSummary(event), at: input.at, details: { alert_id: open.id } });
    }
    return { outcome: 'resolved', alertId: open.id, incidentId: open.incidentId };
  }

  if (open) {
    await bumpAlert(db, open.id, input.at);
    await appendLogEntry(db, deps, { incidentId: open.incidentId, type: 'trigger_log_entry', agent, channel, summary: logSummary(event), at: input.at, details: { alert_id: open.id, deduplicated: true } });
    return { outcome: 'deduplicated', alertId: open.id, incidentId: open.incidentId };
  }

  const body = alertBody(event);
  const alert: Alert = {
    id: deps.ids.id(),
    incidentId: '',
    serviceId: service.id,
    integrationId: input.integrationId,
    alertKey: event.dedupKey,
    status: 'triggered',
    severity: event.severity,
    summary: event.summary,
    body,
    eventCount: 1,
    suppressed: false,
    firstTriggerLogEntryId: null,
    createdAt: input.at,
    updatedAt: input.at,
    resolvedAt: null,
  };
  const target = await groupingTarget(db, service, alert);
  if (target) {
    alert.incidentId = target.id;
    const entry = await appendLogEntry(db, deps, { incidentId: target.id, type: 'trigger_log_entry', agent, channel, summary: logSummary(event), at: input.at, details: { alert_id: alert.id } });
    alert.firstTriggerLogEntryId = entry?.id ?? null;
    await insertAlert(db, alert);
    return { outcome: 'grouped', alertId: alert.id, incidentId: target.id };
  }
  // The incident takes the alert's key as its incident_key unless an open incident of the service
  // already holds it (the same key through another integration): one open incident per key.
  const keyTaken = await findOpenIncidentByKey(db, service.id, event.dedupKey);
  const incident = await openIncident(db, deps, {
    serviceId: service.id,
    title: event.summary,
    severity: event.severity,
    incidentKey: keyTaken ? null : event.dedupKey,
    body: { type: 'incident_body', details: event.customDetails ?? null },
    integrationId: input.integrationId,
    agent,
    channel,
    at: input.at,
    origin: 'events',
  });
  alert.incidentId = incident.id;
  alert.firstTriggerLogEntryId = incident.firstTriggerLogEntryId;
  await insertAlert(db, alert);
  return { outcome: 'alert_created', alertId: alert.id, incidentId: incident.id };
}

/** The open incident a new alert joins under the service's alert grouping, or null. */
async function groupingTarget(db: Db, service: ServiceForEvents, alert: Alert): Promise<Incident | null> {
  const g = service.alertGroupingParameters;
  if (!g || !g.type || !g.config) return null;
  if (g.type === 'time') {
    const [latest] = await listOpenAlertsOfService(db, service.id, 0, 1);
    if (!latest) return null;
    const incident = await findIncidentById(db, latest.incidentId);
    if (!incident || incident.status === 'resolved') return null;
    const timeoutMs = (g.config.timeout ?? 0) * 60_000;
    // timeout 0: group until the incident is resolved.
    if (timeoutMs > 0 && incident.createdAt + timeoutMs < alert.createdAt) return null;
    return incident;
  }
  if (g.type === 'content_based') {
    const windowS = g.config.time_window || RECOMMENDED_CONTENT_WINDOW_S;
    const candidates = await listOpenAlertsOfService(db, service.id, alert.createdAt - windowS * 1000, 500);
    for (const c of candidates) {
      if (!contentMatches(c.body, alert.body, g.config.fields ?? [], g.config.aggregate ?? 'all')) continue;
      const incident = await findIncidentById(db, c.incidentId);
      if (incident && incident.status !== 'resolved') return incident;
    }
  }
  // 'intelligent' grouping is machine learning in PagerDuty; Tocsin does not group for it.
  return null;
}

/** `create_incidents` services (Events API v1, email): the incident itself is keyed by incident_key. */
async function applyToIncident(
  db: Db,
  deps: AlertDeps,
  input: { event: AlertEvent; integrationId: string; service: ServiceForEvents; at: number },
): Promise<AppliedEvent> {
  const { event, service } = input;
  const agent: Agent = { type: 'integration', id: input.integrationId };
  const channel = channelOf(event);
  const open = await findOpenIncidentByKey(db, service.id, event.dedupKey);
  if (event.action === 'trigger') {
    if (open) {
      await appendLogEntry(db, deps, { incidentId: open.id, type: 'trigger_log_entry', agent, channel, summary: logSummary(event), at: input.at, details: { deduplicated: true } });
      return { outcome: 'deduplicated', alertId: null, incidentId: open.id };
    }
    const incident = await openIncident(db, deps, {
      serviceId: service.id,
      title: event.summary,
      severity: event.severity,
      incidentKey: event.dedupKey,
      body: { type: 'incident_body', details: event.customDetails ?? null },
      integrationId: input.integrationId,
      agent,
      channel,
      at: input.at,
      origin: 'incident',
    });
    return { outcome: 'incident_created', alertId: null, incidentId: incident.id };
  }
  // Follow-up events only reach incidents opened through the same integration, as in PagerDuty.
  if (!open || open.integrationId !== input.integrationId) return { outcome: 'dropped_no_open_alert', alertId: null, incidentId: null };
  if (event.action === 'acknowledge') await acknowledgeIncident(db, deps, open.id, agent, channel);
  else await resolveIncident(db, deps, open.id, agent, channel);
  return { outcome: event.action === 'acknowledge' ? 'acknowledged' : 'resolved', alertId: null, incidentId: open.id };
}
