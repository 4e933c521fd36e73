import { sql, type Selectable } from 'kysely';
import { likeContains } from '../store/like.js';
import type { Db } from '../store/db.js';
import { fromJson, toJson, type Json } from '../store/json.js';
import {
  DEFAULT_AUTO_PAUSE,
  DEFAULT_URGENCY_RULE,
  NO_GROUPING,
  type AlertCreation,
  type AlertGroupingParameters,
  type Service,
  type ServiceSettings,
  type ServiceState,
} from './model.js';

interface ServicesTable {
  id: string;
  name: string;
  description: string | null;
  escalation_policy_id: string;
  state: string;
  incident_urgency_rule: Json<Service['incidentUrgencyRule']>;
  support_hours: Json<NonNullable<Service['supportHours']>> | null;
  scheduled_actions: Json<Service['scheduledActions']>;
  acknowledgement_timeout: number | null;
  auto_resolve_timeout: number | null;
  alert_creation: string;
  alert_grouping_parameters: Json<Service['alertGroupingParameters']> | null;
  auto_pause_notifications_parameters: Json<Service['autoPauseNotificationsParameters']> | null;
  created_at: number;
  updated_at: number;
  last_incident_timestamp: number | null;
  deleted_at: number | null;
}

interface ServiceTeamsTable {
  service_id: string;
  team_id: string;
}

interface Tables {
  services: ServicesTable;
  service_teams: ServiceTeamsTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'services/store': Tables;
  }
}

function toService(r: Selectable<ServicesTable>, teamIds: string[]): Service {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    escalationPolicyId: r.escalation_policy_id,
    state: r.state as ServiceState,
    incidentUrgencyRule: fromJson(r.incident_urgency_rule, DEFAULT_URGENCY_RULE),
    supportHours: fromJson(r.support_hours, null),
    scheduledActions: fromJson(r.scheduled_actions, []),
    acknowledgementTimeout: r.acknowledgement_timeout === null ? null : Number(r.acknowledgement_timeout),
    autoResolveTimeout: r.auto_resolve_timeout === null ? null : Number(r.auto_resolve_timeout),
    alertCreation: r.alert_creation as AlertCreation,
    alertGroupingParameters: fromJson(r.alert_grouping_parameters, NO_GROUPING),
    autoPauseNotificationsParameters: fromJson(r.auto_pause_notifications_parameters, DEFAULT_AUTO_PAUSE),
    teamIds,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    lastIncidentTimestamp: r.last_incident_timestamp === null ? null : Number(r.last_incident_timestamp),
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
  };
}

function settingsColumns(s: ServiceSettings) {
  return {
    name: s.name,
    description: s.description,
    escalation_policy_id: s.escalationPolicyId,
    state: s.state,
    incident_urgency_rule: toJson(s.incidentUrgencyRule),
    support_hours: toJson(s.supportHours),
    scheduled_actions: toJson(s.scheduledActions),
    acknowledgement_timeout: s.acknowledgementTimeout,
    auto_resolve_timeout: s.autoResolveTimeout,
    alert_creation: s.alertCreation,
    alert_grouping_parameters: toJson(s.alertGroupingParameters),
    auto_pause_notifications_parameters: toJson(s.autoPauseNotificationsParameters),
  };
}

async function teamIdsOf(db: Db, serviceIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(serviceIds.map((id) => [id, []]));
  if (serviceIds.length === 0) return out;
  const rows = await db
    .selectFrom('service_teams')
    .select(['service_id', 'team_id'])
    .where('service_id', 'in', serviceIds)
    .orderBy('team_id')
    .execute();
  for (const r of rows) out.get(r.service_id)?.push(r.team_id);
  return out;
}

async function replaceTeams(db: Db, serviceId: string, teamIds: string[]): Promise<void> {
  await db.deleteFrom('service_teams').where('service_id', '=', serviceId).execute();
  if (teamIds.length) {
    await db
      .insertInto('service_teams')
      .values(teamIds.map((team_id) => ({ service_id: serviceId, team_id })))
      .execute();
  }
}

export async function insertService(db: Db, s: ServiceSettings & { id: string; createdAt: number }): Promise<void> {
  await db
    .insertInto('services')
    .values({
      id: s.id,
      ...settingsColumns(s),
      created_at: s.createdAt,
      updated_at: s.createdAt,
      last_incident_timestamp: null,
      deleted_at: null,
    })
    .execute();
  await replaceTeams(db, s.id, s.teamIds);
}

export async function updateService(db: Db, id: string, s: ServiceSettings, at: number): Promise<void> {
  await db
    .updateTable('services')
    .set({ ...settingsColumns(s), updated_at: at })
    .where('id', '=', id)
    .execute();
  await replaceTeams(db, id, s.teamIds);
}

/** Soft delete: the row stays so incidents keep their reference, and its name is free again. */
export async function markServiceDeleted(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('services').set({ deleted_at: at, updated_at: at }).where('id', '=', id).execute();
}

/** A service by id, deleted ones included (with deletedAt set). */
export async function findServiceById(db: Db, id: string): Promise<Service | null> {
  const r = await db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return toService(r, (await teamIdsOf(db, [id])).get(id) ?? []);
}

/** Several services by id (not deleted), in no particular order. */
export async function findServicesByIds(db: Db, ids: string[]): Promise<Service[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('services').selectAll().where('id', 'in', ids).where('deleted_at', 'is', null).execute();
  const teams = await teamIdsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toService(r, teams.get(r.id) ?? []));
}

export interface ServiceFilter {
  query?: string;
  name?: string;
  teamIds?: string[];
  /** Services that match `query` whatever their name (the one an integration key names). */
  queryAlsoIds?: string[];
  sort: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A page of live services and how many match in all. */
export async function listServices(db: Db, f: ServiceFilter): Promise<{ items: Service[]; count: number }> {
  let q = db.selectFrom('services').where('deleted_at', 'is', null);
  if (f.query) {
    const byName = likeContains(sql`lower(name)`, f.query.toLowerCase());
    const alsoIds = f.queryAlsoIds ?? [];
    q = alsoIds.length ? q.where((eb) => eb.or([byName, eb('id', 'in', alsoIds)])) : q.where(byName);
  }
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.teamIds && f.teamIds.length) {
    const teamIds = f.teamIds;
    q = q.where('id', 'in', (eb) => eb.selectFrom('service_teams').select('service_id').where('team_id', 'in', teamIds));
  }
  const countRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('name', f.sort)
    .orderBy('id', f.sort)
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const teams = await teamIdsOf(db, rows.map((r) => r.id));
  return { items: rows.map((r) => toService(r, teams.get(r.id) ?? [])), count: Number(countRow.n) };
}

export async function setLastIncidentTimestamp(db: Db, serviceId: string, at: number): Promise<void> {
  await setLastIncidentTimestamps(db, [serviceId], at);
}

export async function setLastIncidentTimestamps(db: Db, serviceIds: string[], at: number): Promise<void> {
  await db
    .updateTable('services')
    .set({ last_incident_timestamp: at })
    .where('id', 'in', serviceIds)
    .where((eb) => eb.or([eb('last_incident_timestamp', 'is', null), eb('last_incident_timestamp', '<', at)]))
    .execute();
}

/** Live services that use any of the policies: policy id → [{id, name}] by name. */
export async function listServicesByPolicyIds(db: Db, policyIds: string[]): Promise<Map<string, Array<{ id: string; name: string }>>> {
  const out = new Map<string, Array<{ id: string; name: string }>>(policyIds.map((id) => [id, []]));
  if (policyIds.length === 0) return out;
  const rows = await db
    .selectFrom('services')
    .select(['id', 'name', 'escalation_policy_id'])
    .where('escalation_policy_id', 'in', policyIds)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute();
  for (const r of rows) out.get(r.escalation_policy_id)?.push({ id: r.id, name: r.name });
  return out;
}

/** Sets only a service's alert grouping (an alert grouping setting applies to it, or stops). */
export async function updateServiceGrouping(db: Db, id: string, g: AlertGroupingParameters, at: number): Promise<void> {
  await db.updateTable('services').set({ alert_grouping_parameters: toJson(g), updated_at: at }).where('id', '=', id).execute();
}
