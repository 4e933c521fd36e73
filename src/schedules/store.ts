import { sql, type Selectable } from 'kysely';
import type { Db } from '../store/db.js';
import { fromJson, jsonArrayHas, toJson, type Json } from '../store/json.js';
import { likeContains } from '../store/like.js';
import { pageByName } from '../store/page.js';
import type { Restriction, ScheduleLayer } from './model.js';
import type { RenderableSchedule, Schedule, StoredOverride } from './schedule.js';

interface SchedulesTable {
  id: string;
  name: string;
  description: string | null;
  time_zone: string;
  revision: number;
  created_at: number;
  deleted_at: number | null;
}

interface LayersTable {
  id: string;
  schedule_id: string;
  position: number;
  name: string;
  start_at: number;
  end_at: number | null;
  rotation_virtual_start: number;
  rotation_turn_length_seconds: number;
  user_ids: Json<string[]>;
  restrictions: Json<Restriction[]>;
}

interface OverridesTable {
  id: string;
  schedule_id: string;
  seq: number;
  user_id: string;
  start_at: number;
  end_at: number;
  created_at: number;
}

interface ScheduleTeamsTable {
  schedule_id: string;
  team_id: string;
}

interface Tables {
  schedules: SchedulesTable;
  schedule_layers: LayersTable;
  schedule_overrides: OverridesTable;
  schedule_teams: ScheduleTeamsTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'schedules/store': Tables;
  }
}

const num = (v: unknown) => Number(v);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Large `in (…)` lists are split: PostgreSQL and SQLite both cap bound parameters. */
const CHUNK = 5000;
async function chunked<T>(ids: readonly string[], fn: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await fn(ids.slice(i, i + CHUNK))));
  return out;
}

function toLayers(layers: Selectable<LayersTable>[]): Map<string, ScheduleLayer[]> {
  const layersOf = new Map<string, ScheduleLayer[]>();
  for (const l of layers) {
    const list = layersOf.get(l.schedule_id) ?? [];
    list.push({
      id: l.id,
      name: l.name,
      start: num(l.start_at),
      end: numOrNull(l.end_at),
      rotationVirtualStart: num(l.rotation_virtual_start),
      rotationTurnLengthSeconds: num(l.rotation_turn_length_seconds),
      userIds: fromJson<string[]>(l.user_ids, []),
      restrictions: fromJson<Restriction[]>(l.restrictions, []),
    });
    layersOf.set(l.schedule_id, list);
  }
  return layersOf;
}

async function listLayers(db: Db, ids: readonly string[]): Promise<Map<string, ScheduleLayer[]>> {
  const layers = await chunked(ids, (part) =>
    db.selectFrom('schedule_layers').selectAll().where('schedule_id', 'in', part).orderBy('schedule_id').orderBy('position').execute(),
  );
  return toLayers(layers);
}

async function hydrate(db: Db, rows: Selectable<SchedulesTable>[]): Promise<Schedule[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const layersOf = await listLayers(db, ids);
  const teams = await chunked(ids, (part) => db.selectFrom('schedule_teams').selectAll().where('schedule_id', 'in', part).orderBy('team_id').execute());
  const teamsOf = new Map<string, string[]>();
  for (const x of teams) teamsOf.set(x.schedule_id, [...(teamsOf.get(x.schedule_id) ?? []), x.team_id]);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    timeZone: r.time_zone,
    layers: layersOf.get(r.id) ?? [],
    teamIds: teamsOf.get(r.id) ?? [],
    revision: num(r.revision),
    createdAt: num(r.created_at),
    deletedAt: numOrNull(r.deleted_at),
  }));
}

export interface FindOptions {
  /** Also return deleted schedules (with `deletedAt` set), e.g. to name them in references. */
  includeDeleted?: boolean;
}

export async function findScheduleById(db: Db, id: string, opts: FindOptions = {}): Promise<Schedule | null> {
  return (await findSchedulesByIds(db, [id], opts))[0] ?? null;
}

/** Schedules with their layers and teams, in no particular order; three queries whatever the count. */
export async function findSchedulesByIds(db: Db, ids: readonly string[], opts: FindOptions = {}): Promise<Schedule[]> {
  if (ids.length === 0) return [];
  const rows = await chunked([...new Set(ids)], (part) => {
    let q = db.selectFrom('schedules').selectAll().where('id', 'in', part);
    if (!opts.includeDeleted) q = q.where('deleted_at', 'is', null);
    return q.execute();
  });
  return hydrate(db, rows);
}

export interface ScheduleFilter {
  query?: string;
  teamIds?: string[];
  limit: number;
  offset: number;
}

/** A page of live schedules by name (then id) and the count of all that match. */
export async function listSchedules(db: Db, f: ScheduleFilter): Promise<{ items: Schedule[]; count: number }> {
  let q = db.selectFrom('schedules').where('deleted_at', 'is', null);
  if (f.query) {
    q = q.where(likeContains(sql`lower(name)`, f.query.toLowerCase()));
  }
  if (f.teamIds && f.teamIds.length) {
    const teamIds = f.teamIds;
    q = q.where('id', 'in', (eb) => eb.selectFrom('schedule_teams').select('schedule_id').where('team_id', 'in', teamIds));
  }
  const { rows, count } = await pageByName(q.selectAll(), f);
  return { items: await hydrate(db, rows), count };
}

/** Writes the schedule row, its layers and its teams. */
export async function insertSchedule(db: Db, s: Schedule): Promise<void> {
  await db
    .insertInto('schedules')
    .values({ id: s.id, name: s.name, description: s.description, time_zone: s.timeZone, revision: s.revision, created_at: s.createdAt })
    .execute();
  await writeLayers(db, s);
  await writeTeams(db, s);
}

/** Rewrites the schedule row, its layers and its teams (overrides stay). */
export async function updateSchedule(db: Db, s: Schedule): Promise<void> {
  await db
    .updateTable('schedules')
    .set((eb) => ({ name: s.name, description: s.description, time_zone: s.timeZone, revision: eb('revision', '+', 1) }))
    .where('id', '=', s.id)
    .execute();
  await db.deleteFrom('schedule_layers').where('schedule_id', '=', s.id).execute();
  await writeLayers(db, s);
  await db.deleteFrom('schedule_teams').where('schedule_id', '=', s.id).execute();
  await writeTeams(db, s);
}

async function writeLayers(db: Db, s: Schedule): Promise<void> {
  if (s.layers.length === 0) return;
  await db
    .insertInto('schedule_layers')
    .values(
      s.layers.map((l, i) => ({
        id: l.id,
        schedule_id: s.id,
        position: i,
        name: l.name,
        start_at: l.start,
        end_at: l.end,
        rotation_virtual_start: l.rotationVirtualStart,
        rotation_turn_length_seconds: l.rotationTurnLengthSeconds,
        user_ids: toJson(l.userIds),
        restrictions: toJson(l.restrictions),
      })),
    )
    .execute();
}

async function writeTeams(db: Db, s: Schedule): Promise<void> {
  if (s.teamIds.length === 0) return;
  await db
    .insertInto('schedule_teams')
    .values(s.teamIds.map((team_id) => ({ schedule_id: s.id, team_id })))
    .execute();
}

/** Marks the schedule deleted; its layers stay so references to it still resolve. */
export async function deleteSchedule(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('schedules').set((eb) => ({ deleted_at: at, revision: eb('revision', '+', 1) })).where('id', '=', id).execute();
}

/** Marks a change to the schedule's overrides (see `revision`). */
async function bumpRevision(db: Db, scheduleId: string): Promise<void> {
  await db.updateTable('schedules').set((eb) => ({ revision: eb('revision', '+', 1) })).where('id', '=', scheduleId).execute();
}

function toOverride(r: Selectable<OverridesTable>): StoredOverride {
  return { id: r.id, scheduleId: r.schedule_id, userId: r.user_id, start: num(r.start_at), end: num(r.end_at), createdAt: num(r.created_at) };
}

/**
 * Overrides of the schedules that overlap [since, until), in creation order per schedule (the
 * renderer lets the latest win). One query whatever the number of schedules.
 */
export async function listOverridesOverlapping(db: Db, scheduleIds: readonly string[], since: number, until: number): Promise<StoredOverride[]> {
  if (scheduleIds.length === 0) return [];
  const rows = await chunked([...new Set(scheduleIds)], (part) =>
    db
      .selectFrom('schedule_overrides')
      .selectAll()
      .where('schedule_id', 'in', part)
      .where('end_at', '>', since)
      .where('start_at', '<', until)
      .orderBy('schedule_id')
      .orderBy('seq')
      .execute(),
  );
  return rows.map(toOverride);
}

export async function findOverrideById(db: Db, scheduleId: string, id: string): Promise<StoredOverride | null> {
  const r = await db.selectFrom('schedule_overrides').selectAll().where('schedule_id', '=', scheduleId).where('id', '=', id).executeTakeFirst();
  return r ? toOverride(r) : null;
}

/** Appends overrides after the schedule's existing ones (their creation order). */
export async function insertOverrides(db: Db, overrides: StoredOverride[]): Promise<void> {
  if (overrides.length === 0) return;
  const scheduleId = overrides[0].scheduleId;
  const top = await db
    .selectFrom('schedule_overrides')
    .select((eb) => eb.fn.max('seq').as('m'))
    .where('schedule_id', '=', scheduleId)
    .executeTakeFirst();
  const base = top?.m === null || top?.m === undefined ? 0 : Number(top.m) + 1;
  await db
    .insertInto('schedule_overrides')
    .values(
      overrides.map((o, i) => ({
        id: o.id,
        schedule_id: o.scheduleId,
        seq: base + i,
        user_id: o.userId,
        start_at: o.start,
        end_at: o.end,
        created_at: o.createdAt,
      })),
    )
    .execute();
  await bumpRevision(db, scheduleId);
}

export async function deleteOverride(db: Db, o: { id: string; scheduleId: string }): Promise<void> {
  await db.deleteFrom('schedule_overrides').where('id', '=', o.id).execute();
  await bumpRevision(db, o.scheduleId);
}

export async function truncateOverride(db: Db, o: { id: string; scheduleId: string }, end: number): Promise<void> {
  await db.updateTable('schedule_overrides').set({ end_at: end }).where('id', '=', o.id).execute();
  await bumpRevision(db, o.scheduleId);
}

/** Every live schedule id (for GET /oncalls without a filter: a policy may target any of them). */
export async function listLiveScheduleIds(db: Db, ids: readonly string[]): Promise<string[]> {
  const rows = await chunked([...new Set(ids)], (part) =>
    db.selectFrom('schedules').select('id').where('id', 'in', part).where('deleted_at', 'is', null).execute(),
  );
  return rows.map((r) => r.id);
}

/** Ids and names of live schedules with the user on a layer, or with an override of the user not yet over. */
export async function listSchedulesWithUser(db: Db, userId: string, now: number): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('schedules')
    .select(['id', 'name'])
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('schedule_layers').select('schedule_id').where((w) => jsonArrayHas(db, w.ref('user_ids'), userId))),
        eb('id', 'in', eb.selectFrom('schedule_overrides').select('schedule_id').where('user_id', '=', userId).where('end_at', '>', now)),
      ]),
    )
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Ids of live schedules with the user on a layer or on an override not yet over. */
export async function listScheduleIdsWithUser(db: Db, userId: string, now: number): Promise<string[]> {
  return (await listSchedulesWithUser(db, userId, now)).map((r) => r.id);
}

/**
 * Schedules for rendering (no teams), `all` live ones or those of `ids` (deleted ones too). Layers
 * are read only for schedules whose revision `known` does not already hold: they never change
 * without a new revision.
 */
export async function listRenderable(
  db: Db,
  which: { all: true } | { ids: readonly string[] },
  known: (id: string, revision: number) => ScheduleLayer[] | undefined,
): Promise<RenderableSchedule[]> {
  const cols = ['id', 'name', 'time_zone', 'revision', 'deleted_at'] as const;
  const rows =
    'all' in which
      ? await db.selectFrom('schedules').select(cols).where('deleted_at', 'is', null).execute()
      : await chunked([...new Set(which.ids)], (part) => db.selectFrom('schedules').select(cols).where('id', 'in', part).execute());
  const heads = rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone, revision: num(r.revision), deletedAt: numOrNull(r.deleted_at) }));
  const missing = heads.filter((h) => known(h.id, h.revision) === undefined).map((h) => h.id);
  let fresh = new Map<string, ScheduleLayer[]>();
  if (missing.length > 0) {
    fresh =
      'all' in which && missing.length > 200
        ? toLayers(
            await db
              .selectFrom('schedule_layers')
              .innerJoin('schedules', 'schedules.id', 'schedule_layers.schedule_id')
              .selectAll('schedule_layers')
              .where('schedules.deleted_at', 'is', null)
              .orderBy('schedule_layers.schedule_id')
              .orderBy('schedule_layers.position')
              .execute(),
          )
        : await listLayers(db, missing);
  }
  return heads.map((h) => ({ ...h, layers: known(h.id, h.revision) ?? fresh.get(h.id) ?? [] }));
}

/** Names of live schedules that belong to the team. */
export async function listScheduleNamesByTeam(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('schedules')
    .innerJoin('schedule_teams', 'schedule_teams.schedule_id', 'schedules.id')
    .select('schedules.name')
    .where('schedule_teams.team_id', '=', teamId)
    .where('schedules.deleted_at', 'is', null)
    .orderBy('schedules.name')
    .execute();
  return rows.map((r) => r.name);
}
