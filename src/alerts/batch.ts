// Applies a run of events set-based, with the same result as `applyAlertEvent` one by one: the
// open alerts of every (integration, dedup key) of the run are read in one query, their incidents
// in one more, the incident keys held in one more; the events are then decided in memory, in
// order, and written in rounds of a constant number of statements. A round ends early only when
// an event would change an incident the round already changed (a trigger then an acknowledge of it),
// so each hook sees its incident as its own change left it.
//
// Services with alert grouping (time, content based) and the v1/email `create_incidents` mode are
// not batched: `batchable` says so and the processor applies those events one by one, in order.
import { IncidentBatch, type Agent } from '../incidents/index.js';
import type { Db } from '../store/db.js';
import { channelOf, logSummary, type AlertDeps, type AppliedEvent, type ServiceForEvents } from './apply.js';
import { alertBody, type Alert, type AlertEvent } from './model.js';
import { countOpenAlertsByIncidents, findOpenAlertsByKeys, insertAlerts, updateAlerts } from './store.js';

export interface BatchItem {
  event: AlertEvent;
  integrationId: string;
  service: ServiceForEvents;
  at: number;
}

/** Whether the event can be applied set-based (no grouping into other incidents, no incident-keyed mode). */
export function batchable(item: Pick<BatchItem, 'event' | 'service'>): boolean {
  const { service, event } = item;
  if (service.alertCreation === 'create_incidents' && (event.api === 'events_v1' || event.api === 'email')) return false;
  const g = service.alertGroupingParameters;
  return !(g && g.config && (g.type === 'time' || g.type === 'content_based'));
}

const alertKey = (integrationId: string, key: string) => `${integrationId}\u0000${key}`;

/** Applies the items (all `batchable`, one `at`) in order on the caller's transaction; one result per item. */
export async function applyAlertEvents(db: Db, deps: AlertDeps, items: BatchItem[]): Promise<AppliedEvent[]> {
  if (items.length === 0) return [];
  const at = items[0].at;
  const incidents = new IncidentBatch(db, deps, at);
  const open = new Map<string, Alert>();
  for (const a of await findOpenAlertsByKeys(db, deps.dialect, items.map((i) => ({ integrationId: i.integrationId, key: i.event.dedupKey })))) {
    open.set(alertKey(a.integrationId!, a.alertKey), a);
  }
  const incidentIds = [...new Set([...open.values()].map((a) => a.incidentId))];
  await incidents.load(incidentIds);
  const openCount = await countOpenAlertsByIncidents(db, incidentIds);
  await incidents.loadKeys(items.filter((i) => i.event.action === 'trigger').map((i) => ({ serviceId: i.service.id, key: i.event.dedupKey })));

  let inserts: Alert[] = [];
  const updates = new Map<string, Alert>();
  const pendingInsert = new Set<string>();
  const touch = (a: Alert) => void (pendingInsert.has(a.id) || updates.set(a.id, a));

  const flush = async () => {
    await incidents.write();
    // Resolved alerts first: a key resolved and triggered again in one round must free the unique index.
    await updateAlerts(db, [...updates.values()]);
    await insertAlerts(db, inserts);
    updates.clear();
    inserts = [];
    pendingInsert.clear();
    await incidents.emit();
  };
  /** Before an incident changes a second time in a round, the round is written. */
  const ready = async (incidentId: string) => {
    if (incidents.busy(incidentId)) await flush();
  };

  const out: AppliedEvent[] = [];
  for (const item of items) {
    const { event, service } = item;
    const agent: Agent = { type: 'integration', id: item.integrationId };
    const channel = channelOf(event);
    const k = alertKey(item.integrationId, event.dedupKey);
    const a = open.get(k);

    if (event.action !== 'trigger') {
      if (!a) {
        out.push({ outcome: 'dropped_no_open_alert', alertId: null, incidentId: null });
      } else if (event.action === 'acknowledge') {
        await ready(a.incidentId);
        await incidents.acknowledge(a.incidentId, agent, channel);
        out.push({ outcome: 'acknowledged', alertId: a.id, incidentId: a.incidentId });
      } else {
        const left = (openCount.get(a.incidentId) ?? 1) - 1;
        // The round is written before the alert changes, so it holds the alert as it was.
        if (left === 0) await ready(a.incidentId);
        a.status = 'resolved';
        a.resolvedAt = at;
        a.updatedAt = at;
        touch(a);
        open.delete(k);
        openCount.set(a.incidentId, left);
        if (left === 0) {
          await incidents.resolve(a.incidentId, agent, channel);
        } else {
          incidents.appendLog(a.incidentId, { type: 'resolve_log_entry', agent, channel, summary: logSummary(event), details: { alert_id: a.id } });
        }
        out.push({ outcome: 'resolved', alertId: a.id, incidentId: a.incidentId });
      }
      continue;
    }

    if (a) {
      a.eventCount += 1;
      a.updatedAt = at;
      touch(a);
      incidents.appendLog(a.incidentId, { type: 'trigger_log_entry', agent, channel, summary: logSummary(event), details: { alert_id: a.id, deduplicated: true } });
      out.push({ outcome: 'deduplicated', alertId: a.id, incidentId: a.incidentId });
      continue;
    }

    const alert: Alert = {
      id: deps.ids.id(),
      incidentId: '',
      serviceId: service.id,
      integrationId: item.integrationId,
      alertKey: event.dedupKey,
      status: 'triggered',
      severity: event.severity,
      summary: event.summary,
      body: alertBody(event),
      eventCount: 1,
      suppressed: false,
      firstTriggerLogEntryId: null,
      createdAt: at,
      updatedAt: at,
      resolvedAt: null,
    };
    // One open incident per key in a service: the key goes to the incident unless another holds it.
    const incident = await incidents.open({
      serviceId: service.id,
      title: event.summary,
      severity: event.severity,
      incidentKey: incidents.keyHeld(service.id, event.dedupKey) ? null : event.dedupKey,
      body: { type: 'incident_body', details: event.customDetails ?? null },
      integrationId: item.integrationId,
      agent,
      channel,
      at,
      origin: 'events',
    });
    alert.incidentId = incident.id;
    alert.firstTriggerLogEntryId = incident.firstTriggerLogEntryId;
    inserts.push(alert);
    pendingInsert.add(alert.id);
    open.set(k, alert);
    openCount.set(incident.id, 1);
    out.push({ outcome: 'alert_created', alertId: alert.id, incidentId: incident.id });
  }
  await flush();
  return out;
}
