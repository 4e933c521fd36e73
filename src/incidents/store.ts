// The only code that touches incidents and incident_counters (log entries and notes: log-store.ts).
import { sql } from 'kysely';
import { likeContains } from '../store/like.js';
import type { Db, Dialect } from '../store/db.js';
import { insertObjects } from '../store/insert-rows.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import { txRecall, txRemember } from '../store/tx-cache.js';
import type { Incident, IncidentStatus, Urgency } from './model.js';

interface IncidentRow {
  id: string;
  incident_number: number;
  title: string;
  status: string;
  urgency: string;
  incident_key: string | null;
  service_id: string;
  integration_id: string | null;
  escalation_policy_id: string | null;
  policy_snapshot: Json<NonNullable<Incident['policy']>> | null;
  escalation_level: number;
  loops_done: number;
  assigned_via: string;
  assignments: Json<Incident['assignments']>;
  acknowledgements: Json<Incident['acknowledgements']>;
  team_ids: Json<string[]>;
  body: Json<unknown> | null;
  origin: string;
  incident_type: string;
  conference_bridge: Json<NonNullable<Incident['conferenceBridge']>> | null;
  priority_id: string | null;
  first_trigger_log_entry_id: string | null;
  last_status_change_at: number;
  last_status_change_by: Json<NonNullable<Incident['lastStatusChangeBy']>> | null;
  resolved_at: number | null;
  resolve_reason: Json<NonNullable<Incident['resolveReason']>> | null;
  escalate_at: number | null;
  unacknowledge_at: number | null;
  auto_resolve_at: number | null;
  snoozed_until: number | null;
  version: number;
  created_at: number;
  updated_at: number;
}

interface Tables {
  incidents: IncidentRow;
  log_entries: { incident_id: string; service_id: string; team_ids: string };
  incident_counters: { name: string; value: number };
}

declare module '../executor.js' {
  interface TableRegistry {
    'incidents/store': Tables;
  }
}

function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    number: Number(r.incident_number),
    title: r.title,
    status: r.status as IncidentStatus,
    urgency: r.urgency as Urgency,
    incidentKey: r.incident_key,
    serviceId: r.service_id,
    integrationId: r.integration_id,
    escalationPolicyId: r.escalation_policy_id,
    policy: fromJson(r.policy_snapshot, null),
    escalationLevel: r.escalation_level,
    loopsDone: r.loops_done,
    assignedVia: r.assigned_via as Incident['assignedVia'],
    assignments: fromJson(r.assignments, []),
    acknowledgements: fromJson(r.acknowledgements, []),
    teamIds: fromJson(r.team_ids, []),
    body: fromJson(r.body, null),
    origin: r.origin as Incident['origin'],
    incidentType: r.incident_type,
    conferenceBridge: fromJson(r.conference_bridge, null),
    priorityId: r.priority_id,
    firstTriggerLogEntryId: r.first_trigger_log_entry_id,
    lastStatusChangeAt: Number(r.last_status_change_at),
    lastStatusChangeBy: fromJson(r.last_status_change_by, null),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    resolveReason: fromJson(r.resolve_reason, null),
    escalateAt: r.escalate_at === null ? null : Number(r.escalate_at),
    unacknowledgeAt: r.unacknowledge_at === null ? null : Number(r.unacknowledge_at),
    autoResolveAt: r.auto_resolve_at === null ? null : Number(r.auto_resolve_at),
    snoozedUntil: r.snoozed_until === null ? null : Number(r.snoozed_until),
    version: r.version,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toRow(i: Incident): IncidentRow {
  return {
    id: i.id,
    incident_number: i.number,
    title: i.title,
    status: i.status,
    urgency: i.urgency,
    incident_key: i.incidentKey,
    service_id: i.serviceId,
    integration_id: i.integrationId,
    escalation_policy_id: i.escalationPolicyId,
    policy_snapshot: toJson(i.policy),
    escalation_level: i.escalationLevel,
    loops_done: i.loopsDone,
    assigned_via: i.assignedVia,
    assignments: toJson(i.assignments),
    acknowledgements: toJson(i.acknowledgements),
    team_ids: toJson(i.teamIds),
    body: toJson(i.body),
    origin: i.origin,
    incident_type: i.incidentType,
    conference_bridge: toJson(i.conferenceBridge),
    priority_id: i.priorityId,
    first_trigger_log_entry_id: i.firstTriggerLogEntryId,
    last_status_change_at: i.lastStatusChangeAt,
    last_status_change_by: toJson(i.lastStatusChangeBy),
    resolved_at: i.resolvedAt,
    resolve_reason: toJson(i.resolveReason),
    escalate_at: i.escalateAt,
    unacknowledge_at: i.unacknowledgeAt,
    auto_resolve_at: i.autoResolveAt,
    snoozed_until: i.snoozedUntil,
    version: i.version,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
  };
}

/** The next account-wide incident number; the counter row serialises concurrent creators. */
export async function nextIncidentNumber(db: Db): Promise<number> {
  const row = await db
    .updateTable('incident_counters')
    .set({ value: sql<number>`value + 1` })
    .where('name', '=', 'incident_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

export async function insertIncident(db: Db, i: Incident): Promise<void> {
  await db.insertInto('incidents').values(toRow(i)).execute();
  txRemember(db, `incident:${i.id}`, i);
}

// 33 columns a row: 500 rows stay well under SQLite's 32,766 bound parameters.
const CHUNK = 500;

/** New incidents, as multi-row inserts (the event processor's batch). */
export async function insertIncidents(db: Db, list: Incident[]): Promise<void> {
  await insertObjects(db, 'incidents', list.map(toRow));
  for (const i of list) txRemember(db, `incident:${i.id}`, i);
}

/**
 * Writes changed incidents in one statement per 500 (an upsert on the id that updates every column),
 * each fenced by its version: a row is written only if it is still at `version - 1` (each change
 * bumps the version by one). Returns how many were written; fewer means someone else changed one.
 */
export async function updateIncidents(db: Db, list: Incident[]): Promise<number> {
  let n = 0;
  for (let k = 0; k < list.length; k += CHUNK) {
    const rows = list.slice(k, k + CHUNK).map(toRow);
    // Every column a change may write: not the id, the number or the creation time.
    const columns = (Object.keys(rows[0]) as Array<keyof IncidentRow>).filter((c) => c !== 'id' && c !== 'incident_number' && c !== 'created_at');
    const r = await db
      .insertInto('incidents')
      .values(rows)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])) as never)
          .where(sql<boolean>`incidents.version = excluded.version - 1`),
      )
      .executeTakeFirst();
    n += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  for (const i of list) txRemember(db, `incident:${i.id}`, i);
  return n;
}

/** Reserves `n` consecutive incident numbers; returns the first. */
export async function reserveIncidentNumbers(db: Db, n: number): Promise<number> {
  const row = await db
    .updateTable('incident_counters')
    .set({ value: sql<number>`value + ${n}` })
    .where('name', '=', 'incident_number')
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value) - n + 1;
}

/** Loads incidents for a change, locking their rows on PostgreSQL (in id order). */
export async function lockIncidentsByIds(db: Db, dialect: Dialect, ids: string[]): Promise<Incident[]> {
  const out: Incident[] = [];
  for (let k = 0; k < ids.length; k += 5000) {
    let q = db.selectFrom('incidents').selectAll().where('id', 'in', ids.slice(k, k + 5000)).orderBy('id');
    if (dialect === 'postgres') q = q.forUpdate();
    out.push(...(await q.execute()).map(toIncident));
  }
  return out;
}

/** The open incidents holding any of the (service, incident key) pairs, in one query. */
export async function findOpenIncidentsByKeys(db: Db, pairs: Array<{ serviceId: string; key: string }>): Promise<Incident[]> {
  if (pairs.length === 0) return [];
  const want = new Set(pairs.map((p) => `${p.serviceId}\u0000${p.key}`));
  const services = [...new Set(pairs.map((p) => p.serviceId))];
  const keys = [...new Set(pairs.map((p) => p.key))];
  const out: Incident[] = [];
  for (let k = 0; k < keys.length; k += 5000) {
    const rows = await db
      .selectFrom('incidents')
      .selectAll()
      .where('service_id', 'in', services)
      .where('incident_key', 'in', keys.slice(k, k + 5000))
      .where('incident_key', 'is not', null)
      // A literal, not a bound parameter: SQLite uses the partial unique index only when the
      // query's condition visibly implies the index's (status <> 'resolved', key not null).
      .where('status', '<>', sql.lit('resolved'))
      .execute();
    for (const r of rows) if (want.has(`${r.service_id}\u0000${r.incident_key}`)) out.push(toIncident(r));
  }
  return out;
}

/** Writes `next` if the row is still at `expectedVersion`; false when someone else changed it. */
export async function updateIncident(db: Db, next: Incident, expectedVersion: number): Promise<boolean> {
  const { id: _id, incident_number: _n, created_at: _c, ...rest } = toRow(next);
  const r = await db.updateTable('incidents').set(rest).where('id', '=', next.id).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  txRemember(db, `incident:${next.id}`, next);
  return true;
}

/**
 * An incident by id. In an event-processor batch, one this transaction wrote is answered from
 * memory (its row is ours, locked until the commit): the hooks of a batch read no incident back.
 */
export async function findIncidentById(db: Db, id: string): Promise<Incident | null> {
  const written = txRecall<Incident>(db, `incident:${id}`);
  if (written) return written;
  const r = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toIncident(r) : null;
}

export async function findIncidentByNumber(db: Db, n: number): Promise<Incident | null> {
  const r = await db.selectFrom('incidents').selectAll().where('incident_number', '=', n).executeTakeFirst();
  return r ? toIncident(r) : null;
}

/** Loads the incident for a change, locking its row on PostgreSQL (SQLite serialises writers). */
export async function lockIncidentById(db: Db, dialect: Dialect, id: string): Promise<Incident | null> {
  let q = db.selectFrom('incidents').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toIncident(r) : null;
}

export async function findIncidentsByIds(db: Db, ids: string[]): Promise<Incident[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('incidents').selectAll().where('id', 'in', ids).execute();
  return rows.map(toIncident);
}

/** The open (triggered or acknowledged) incidents of the services, oldest first (business impact). */
export async function listOpenIncidentsOfServices(db: Db, serviceIds: string[]): Promise<Incident[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db.selectFrom('incidents').selectAll().where('service_id', 'in', serviceIds).where('status', 'in', ['triggered', 'acknowledged']).orderBy('created_at').orderBy('id').execute();
  return rows.map(toIncident);
}

export async function findOpenIncidentByKey(db: Db, serviceId: string, incidentKey: string): Promise<Incident | null> {
  const r = await db
    .selectFrom('incidents')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('incident_key', '=', incidentKey)
    .where('status', '<>', 'resolved')
    .executeTakeFirst();
  return r ? toIncident(r) : null;
}

export interface IncidentFilter {
  statuses?: string[];
  serviceIds?: string[];
  teamIds?: string[];
  userIds?: string[];
  urgencies?: string[];
  /** Only incidents with one of these priorities (`none` matches incidents without one). */
  priorityIds?: string[];
  incidentKey?: string;
  since?: number | null;
  until?: number | null;
  sort?: Array<{ field: 'incident_number' | 'created_at' | 'resolved_at' | 'urgency' | 'priority'; dir: 'asc' | 'desc' }>;
  /** Priority ids, most urgent first: the order `sort: priority` follows (no priority sorts last on :asc). */
  priorityRanks?: string[];
}

/** `case priority_id when 'P1id' then 1 … else n+1 end`: the rank of an incident's priority. */
function priorityRank(ids: string[]) {
  if (ids.length === 0) return sql<number>`0`;
  return sql<number>`(case priority_id ${sql.join(
    ids.map((id, n) => sql`when ${id} then ${sql.lit(n + 1)}`),
    sql` `,
  )} else ${sql.lit(ids.length + 1)} end)`;
}

/** `(column like '%"A"%' or …)`: JSON arrays of ids hold each id quoted, so a quoted id matches only itself. */
export function likeAny(column: 'team_ids' | 'assignments', ids: string[]) {
  return sql<boolean>`(${sql.join(
    ids.map((id) => likeContains(sql.ref(column), JSON.stringify(id))),
    sql` or `,
  )})`;
}

export async function listIncidents(db: Db, f: IncidentFilter, page: { limit: number; offset: number }): Promise<{ items: Incident[]; count: number }> {
  let q = db.selectFrom('incidents');
  if (f.statuses?.length) q = q.where('status', 'in', f.statuses);
  if (f.serviceIds?.length) q = q.where('service_id', 'in', f.serviceIds);
  if (f.urgencies?.length) q = q.where('urgency', 'in', f.urgencies);
  if (f.priorityIds?.length) {
    const ids = f.priorityIds.filter((x) => x !== 'none');
    const none = ids.length < f.priorityIds.length;
    q = q.where((eb) => eb.or([...(ids.length ? [eb('priority_id', 'in', ids)] : []), ...(none ? [eb('priority_id', 'is', null)] : [])]));
  }
  if (f.incidentKey !== undefined) q = q.where('incident_key', '=', f.incidentKey);
  if (f.since != null) q = q.where('created_at', '>=', f.since);
  if (f.until != null) q = q.where('created_at', '<', f.until);
  if (f.teamIds?.length) q = q.where(likeAny('team_ids', f.teamIds));
  if (f.userIds?.length) q = q.where('status', '<>', 'resolved').where(likeAny('assignments', f.userIds));
  const countRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let s = q.selectAll();
  for (const o of f.sort ?? []) s = o.field === 'priority' ? s.orderBy(priorityRank(f.priorityRanks ?? []), o.dir) : s.orderBy(o.field, o.dir);
  s = s.orderBy('incident_number', 'asc');
  const rows = await s.limit(page.limit).offset(page.offset).execute();
  return { items: rows.map(toIncident), count: Number(countRow.n) };
}

/** Ids of a service's incidents in the statuses (and urgency), oldest first. */
export async function listIncidentIdsOfService(db: Db, serviceId: string, statuses: string[], urgency?: 'low' | 'high'): Promise<string[]> {
  let q = db.selectFrom('incidents').select('id').where('service_id', '=', serviceId).where('status', 'in', statuses);
  if (urgency) q = q.where('urgency', '=', urgency);
  return (await q.orderBy('created_at').orderBy('id').execute()).map((r) => r.id);
}

/** Open incident counts per service and status, for the service status source. */
export async function countOpenByService(db: Db, serviceIds: string[]): Promise<Array<{ serviceId: string; status: string; n: number }>> {
  if (serviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('incidents')
    .select(['service_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('service_id', 'in', serviceIds)
    .where('status', 'in', ['triggered', 'acknowledged'])
    .groupBy(['service_id', 'status'])
    .execute();
  return rows.map((r) => ({ serviceId: r.service_id, status: r.status, n: Number(r.n) }));
}

/** Ids of the open incidents opened through an integration (they follow it when it moves). */
export async function listOpenIncidentIdsOfIntegration(db: Db, integrationId: string): Promise<string[]> {
  const rows = await db.selectFrom('incidents').select('id').where('integration_id', '=', integrationId).where('status', '<>', 'resolved').execute();
  return rows.map((r) => r.id);
}

/** Moves the resolved incidents of an integration (and all its log entries) to another service. */
export async function moveResolvedIncidentsOfIntegration(db: Db, integrationId: string, toServiceId: string, teamIds: string[]): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ service_id: toServiceId, team_ids: toJson(teamIds) })
    .where('integration_id', '=', integrationId)
    .where('status', '=', 'resolved')
    .execute();
  await db
    .updateTable('log_entries')
    .set({ service_id: toServiceId, team_ids: toJson(teamIds) })
    .where('incident_id', 'in', (eb) => eb.selectFrom('incidents').select('id').where('integration_id', '=', integrationId))
    .execute();
}

/** Incidents like `of` (same title, or same dedup key): on its service or on others, newest first; a page and the count. */
export async function listSimilarIncidents(
  db: Db,
  of: Incident,
  f: { sameService: boolean; since: number; until: number; openOnly?: boolean },
  limit: number,
): Promise<{ items: Incident[]; count: number }> {
  let q = db
    .selectFrom('incidents')
    .where('id', '!=', of.id)
    .where('service_id', f.sameService ? '=' : '!=', of.serviceId)
    .where('created_at', '>=', f.since)
    .where('created_at', '<', f.until)
    .where((eb) => (of.incidentKey === null ? eb('title', '=', of.title) : eb.or([eb('title', '=', of.title), eb('incident_key', '=', of.incidentKey)])));
  if (f.openOnly) q = q.where('status', '!=', 'resolved');
  const n = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return { items: rows.map(toIncident), count: Number(n.n) };
}
