// The only code touching the alerts table.
import { sql } from 'kysely';
import type { Db, Dialect } from '../store/db.js';
import { insertObjects } from '../store/insert-rows.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import type { Alert, AlertBody, AlertStatus } from './model.js';

interface AlertTable {
  id: string;
  incident_id: string;
  service_id: string;
  integration_id: string | null;
  alert_key: string;
  status: string;
  severity: string;
  summary: string;
  body: Json<AlertBody> | null;
  event_count: number;
  suppressed: number;
  first_trigger_log_entry_id: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
}
interface Tables {
  alerts: AlertTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'alerts/store': Tables;
  }
}
// A literal, not a bound parameter: the planner can use the partial unique index
// (where status = 'triggered') only when the query's condition visibly implies it.
const OPEN = sql.lit('triggered');

function toAlert(r: AlertTable): Alert {
  return {
    id: r.id,
    incidentId: r.incident_id,
    serviceId: r.service_id,
    integrationId: r.integration_id,
    alertKey: r.alert_key,
    status: r.status as AlertStatus,
    severity: r.severity as Alert['severity'],
    summary: r.summary,
    body: fromJson(r.body, null),
    eventCount: Number(r.event_count),
    suppressed: r.suppressed === 1,
    firstTriggerLogEntryId: r.first_trigger_log_entry_id,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
  };
}

function toRow(a: Alert): AlertTable {
  return {
      id: a.id,
      incident_id: a.incidentId,
      service_id: a.serviceId,
      integration_id: a.integrationId,
      alert_key: a.alertKey,
      status: a.status,
      severity: a.severity,
      summary: a.summary,
      body: toJson(a.body),
      event_count: a.eventCount,
      suppressed: a.suppressed ? 1 : 0,
      first_trigger_log_entry_id: a.firstTriggerLogEntryId,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
      resolved_at: a.resolvedAt,
  };
}

export async function insertAlert(db: Db, a: Alert): Promise<void> {
  await insertAlerts(db, [a]);
}

/** New alerts, as one multi-row insert (store/insert-rows.ts). */
export async function insertAlerts(db: Db, list: Alert[]): Promise<void> {
  await insertObjects(db, 'alerts', list.map(toRow));
}

/**
 * Writes what the event processor's batch changed on existing alerts (event count, status, times),
 * in one `UPDATE … FROM (VALUES …)` per 2,000 alerts; the rows were locked when read.
 */
export async function updateAlerts(db: Db, list: Alert[]): Promise<void> {
  for (let k = 0; k < list.length; k += 2000) {
    const rows = list
      .slice(k, k + 2000)
      .map((a) => sql`(${a.id}, ${a.status}, cast(${a.eventCount} as integer), cast(${a.updatedAt} as bigint), cast(${a.resolvedAt} as bigint))`);
    await sql`with v(id, status, event_count, updated_at, resolved_at) as (values ${sql.join(rows)})
      update alerts set status = v.status, event_count = v.event_count, updated_at = v.updated_at, resolved_at = v.resolved_at
      from v where alerts.id = v.id`.execute(db);
  }
}

/**
 * The open alerts of any of the (integration, key) pairs, in one query; on PostgreSQL their rows are
 * locked until the transaction ends (a REST resolve of one waits for the batch).
 */
export async function findOpenAlertsByKeys(db: Db, dialect: Dialect, pairs: Array<{ integrationId: string; key: string }>): Promise<Alert[]> {
  if (pairs.length === 0) return [];
  const want = new Set(pairs.map((p) => `${p.integrationId}\u0000${p.key}`));
  const integrations = [...new Set(pairs.map((p) => p.integrationId))];
  const keys = [...new Set(pairs.map((p) => p.key))];
  const out: Alert[] = [];
  for (let k = 0; k < keys.length; k += 5000) {
    let q = db.selectFrom('alerts').selectAll().where('integration_id', 'in', integrations).where('alert_key', 'in', keys.slice(k, k + 5000)).where('status', '=', OPEN);
    if (dialect === 'postgres') q = q.orderBy('id').forUpdate();
    for (const r of await q.execute()) if (want.has(`${r.integration_id}\u0000${r.alert_key}`)) out.push(toAlert(r));
  }
  return out;
}

/** Open alert counts of the incidents (absent: none), in one query. */
export async function countOpenAlertsByIncidents(db: Db, incidentIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let k = 0; k < incidentIds.length; k += 5000) {
    const rows = await db
      .selectFrom('alerts')
      .select(['incident_id', (eb) => eb.fn.countAll().as('n')])
      .where('incident_id', 'in', incidentIds.slice(k, k + 5000))
      .where('status', '=', OPEN)
      .groupBy('incident_id')
      .execute();
    for (const r of rows) out.set(r.incident_id, Number(r.n));
  }
  return out;
}

/** The open (triggered) alert of an integration with this key, if any. */
export async function findOpenAlertByKey(db: Db, integrationId: string, alertKey: string): Promise<Alert | null> {
  const r = await db
    .selectFrom('alerts')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .where('alert_key', '=', alertKey)
    .where('status', '=', OPEN)
    .executeTakeFirst();
  return r ? toAlert(r) : null;
}

export async function findAlertById(db: Db, id: string): Promise<Alert | null> {
  const r = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toAlert(r) : null;
}

/** Open alerts of a service created at or after `since`, newest first (grouping candidates). */
export async function listOpenAlertsOfService(db: Db, serviceId: string, since: number, limit: number): Promise<Alert[]> {
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('status', '=', OPEN)
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toAlert);
}

export interface AlertListFilter {
  statuses?: AlertStatus[];
  alertKey?: string;
  sortBy?: { field: 'created_at' | 'resolved_at'; dir: 'asc' | 'desc' };
}

/** Alerts of an incident (paged) with the total. */
export async function listAlertsByIncident(
  db: Db,
  incidentId: string,
  f: AlertListFilter,
  page: { limit: number; offset: number },
): Promise<{ alerts: Alert[]; total: number }> {
  let q = db.selectFrom('alerts').where('incident_id', '=', incidentId);
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  if (f.alertKey !== undefined) q = q.where('alert_key', '=', f.alertKey);
  const sort = f.sortBy ?? { field: 'created_at', dir: 'asc' };
  const rows = await q.selectAll().orderBy(sort.field, sort.dir).orderBy('id', sort.dir).limit(page.limit).offset(page.offset).execute();
  const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return { alerts: rows.map(toAlert), total: Number(total?.n ?? 0) };
}

/** {all, triggered, resolved} per incident. */
export async function countAlertsByIncidents(
  db: Db,
  incidentIds: string[],
): Promise<Map<string, { all: number; triggered: number; resolved: number }>> {
  const out = new Map<string, { all: number; triggered: number; resolved: number }>();
  if (incidentIds.length === 0) return out;
  const rows = await db
    .selectFrom('alerts')
    .select(['incident_id', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('incident_id', 'in', [...new Set(incidentIds)])
    .groupBy(['incident_id', 'status'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.incident_id) ?? { all: 0, triggered: 0, resolved: 0 };
    const n = Number(r.n);
    c.all += n;
    if (r.status === 'triggered') c.triggered += n;
    else c.resolved += n;
    out.set(r.incident_id, c);
  }
  return out;
}

export async function countOpenAlertsOfIncident(db: Db, incidentId: string): Promise<number> {
  const r = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('incident_id', '=', incidentId)
    .where('status', '=', OPEN)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function bumpAlert(db: Db, id: string, at: number): Promise<void> {
  await db
    .updateTable('alerts')
    .set((eb) => ({ event_count: eb('event_count', '+', 1), updated_at: at }))
    .where('id', '=', id)
    .execute();
}

export async function setAlertResolved(db: Db, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: at, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', OPEN)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Resolves every open alert of an incident; returns how many changed. */
export async function setAlertsOfIncidentResolved(db: Db, incidentId: string, at: number): Promise<number> {
  const r = await db
    .updateTable('alerts')
    .set({ status: 'resolved', resolved_at: at, updated_at: at })
    .where('incident_id', '=', incidentId)
    .where('status', '=', OPEN)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Moves alerts (all of `fromIncidentId`, or only `alertIds`) to another incident and service. */
export async function setAlertsIncident(
  db: Db,
  to: { incidentId: string; serviceId: string },
  where: { fromIncidentId?: string; alertIds?: string[] },
  at: number,
): Promise<number> {
  let q = db.updateTable('alerts').set({ incident_id: to.incidentId, service_id: to.serviceId, updated_at: at });
  if (where.fromIncidentId) q = q.where('incident_id', '=', where.fromIncidentId);
  if (where.alertIds) q = q.where('id', 'in', where.alertIds.length ? where.alertIds : ['']);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Alerts of an integration move with it to another service (their incidents are moved by incidents). */
export async function setAlertsServiceOfIntegration(db: Db, integrationId: string, serviceId: string): Promise<void> {
  await db.updateTable('alerts').set({ service_id: serviceId }).where('integration_id', '=', integrationId).execute();
}
