import { sql, type Selectable } from 'kysely';
import { likeContains } from '../store/like.js';
import { pageByName } from '../store/page.js';
import type { Db } from '../store/db.js';
import type { Team, TeamRole } from './model.js';

interface TeamsTable {
  id: string;
  name: string;
  description: string | null;
  default_role: string;
  created_at: number;
}

interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: string;
}

interface Tables {
  teams: TeamsTable;
  team_members: TeamMembersTable;
  users: { id: string; name: string; deleted_at: number | null };
}

declare module '../executor.js' {
  interface TableRegistry {
    'accounts/team-store': Tables;
  }
}

function toTeam(r: Selectable<TeamsTable>): Team {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    defaultRole: r.default_role as Team['defaultRole'],
    createdAt: Number(r.created_at),
  };
}

export async function insertTeam(db: Db, team: Team): Promise<void> {
  await db
    .insertInto('teams')
    .values({ id: team.id, name: team.name, description: team.description, default_role: team.defaultRole, created_at: team.createdAt })
    .execute();
}

export async function findTeamById(db: Db, id: string): Promise<Team | null> {
  const r = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toTeam(r) : null;
}

export async function findTeamsByIds(db: Db, ids: readonly string[]): Promise<Team[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('teams').selectAll().where('id', 'in', [...ids]).execute();
  return rows.map(toTeam);
}

/** A page of teams by name then id, and the count of all that match. */
export async function listTeams(db: Db, f: { query?: string; limit: number; offset: number }): Promise<{ items: Team[]; count: number }> {
  let q = db.selectFrom('teams');
  if (f.query) q = q.where(likeContains(sql`lower(name)`, f.query.toLowerCase()));
  const { rows, count } = await pageByName(q.selectAll(), f);
  return { items: rows.map(toTeam), count };
}

export async function updateTeam(db: Db, id: string, p: Partial<Pick<Team, 'name' | 'description' | 'defaultRole'>>): Promise<void> {
  const set: Partial<TeamsTable> = {};
  if (p.name !== undefined) set.name = p.name;
  if (p.description !== undefined) set.description = p.description;
  if (p.defaultRole !== undefined) set.default_role = p.defaultRole;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('teams').set(set).where('id', '=', id).execute();
}

/** Deletes the team; its memberships and team links go with it (ON DELETE CASCADE). */
export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.deleteFrom('teams').where('id', '=', id).execute();
}

/** user id → ids of the teams the user belongs to (ordered by team id). */
export async function listTeamIdsByUserIds(db: Db, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom('team_members').select(['user_id', 'team_id']).where('user_id', 'in', [...userIds]).orderBy('team_id').execute();
  for (const r of rows) out.get(r.user_id)?.push(r.team_id);
  return out;
}

/** A page of a team's members (users that are not deleted), by name then id. */
export async function listTeamMembers(
  db: Db,
  teamId: string,
  page: { limit: number; offset: number },
): Promise<{ items: Array<{ userId: string; userName: string; role: TeamRole }>; count: number }> {
  const q = db
    .selectFrom('team_members')
    .innerJoin('users', 'users.id', 'team_members.user_id')
    .where('team_members.team_id', '=', teamId)
    .where('users.deleted_at', 'is', null);
  const c = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .select(['users.id', 'users.name', 'team_members.role'])
    .orderBy((eb) => eb.fn('lower', ['users.name']))
    .orderBy('users.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { items: rows.map((r) => ({ userId: r.id, userName: r.name, role: r.role as TeamRole })), count: Number(c.n) };
}

/** Adds the user to the team with the role, or changes their role there. */
export async function upsertTeamMember(db: Db, teamId: string, userId: string, role: TeamRole): Promise<void> {
  const updated = await db
    .updateTable('team_members')
    .set({ role })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await db.insertInto('team_members').values({ team_id: teamId, user_id: userId, role }).execute();
  }
}

export async function deleteTeamMember(db: Db, teamId: string, userId: string): Promise<void> {
  await db.deleteFrom('team_members').where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}
