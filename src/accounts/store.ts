import { sql, type Selectable } from 'kysely';
import { likeContains } from '../store/like.js';
import { pageByName } from '../store/page.js';
import type { Db } from '../store/db.js';
import type { Role, TeamRole, User } from './model.js';

interface UsersTable {
  id: string;
  name: string;
  email: string;
  role: string;
  time_zone: string | null;
  color: string | null;
  description: string | null;
  job_title: string | null;
  password_hash: string | null;
  created_at: number;
  deleted_at: number | null;
}

interface ApiTokensTable {
  id: string;
  token_hash: string;
  user_id: string | null;
  read_only: number;
  description: string | null;
  created_at: number;
}

interface TeamMembersTable {
  team_id: string;
  user_id: string;
  role: string;
}

interface Tables {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  team_members: TeamMembersTable;
}

declare module '../executor.js' {
  interface TableRegistry {
    'accounts/store': Tables;
  }
}

function toUser(r: Selectable<UsersTable>): User {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role as Role,
    timeZone: r.time_zone,
    color: r.color,
    description: r.description,
    jobTitle: r.job_title,
    createdAt: r.created_at,
    hasPassword: r.password_hash !== null,
    deletedAt: r.deleted_at === null ? null : Number(r.deleted_at),
  };
}

export interface NewUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  timeZone?: string | null;
  color?: string | null;
  description?: string | null;
  jobTitle?: string | null;
  passwordHash?: string | null;
  createdAt: number;
}

export async function insertUser(db: Db, u: NewUser): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: u.id,
      name: u.name,
      email: u.email.toLowerCase(),
      role: u.role,
      time_zone: u.timeZone ?? null,
      color: u.color ?? null,
      description: u.description ?? null,
      job_title: u.jobTitle ?? null,
      password_hash: u.passwordHash ?? null,
      created_at: u.createdAt,
    })
    .execute();
}

/** A user who is not deleted, or null. */
export async function findUserById(db: Db, id: string): Promise<User | null> {
  const r = await db.selectFrom('users').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | null> {
  const r = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function findPasswordHashByEmail(db: Db, email: string): Promise<{ id: string; hash: string | null } | null> {
  const r = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? { id: r.id, hash: r.password_hash } : null;
}

export async function setPasswordHash(db: Db, userId: string, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertApiToken(
  db: Db,
  tok: { id: string; tokenHash: string; userId: string | null; readOnly: boolean; description: string | null; createdAt: number },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: tok.id,
      token_hash: tok.tokenHash,
      user_id: tok.userId,
      read_only: tok.readOnly ? 1 : 0,
      description: tok.description,
      created_at: tok.createdAt,
    })
    .execute();
}

export async function findApiTokenByHash(
  db: Db,
  hash: string,
): Promise<{ id: string; userId: string | null; readOnly: boolean } | null> {
  const r = await db.selectFrom('api_tokens').select(['id', 'user_id', 'read_only']).where('token_hash', '=', hash).executeTakeFirst();
  return r ? { id: r.id, userId: r.user_id, readOnly: r.read_only === 1 } : null;
}

export async function listTeamRolesOfUser(db: Db, userId: string): Promise<Map<string, TeamRole>> {
  const rows = await db.selectFrom('team_members').select(['team_id', 'role']).where('user_id', '=', userId).execute();
  return new Map(rows.map((r) => [r.team_id, r.role as TeamRole]));
}

/** Users by id, deleted ones included (for references). */
export async function findUsersByIds(db: Db, ids: readonly string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('users').selectAll().where('id', 'in', [...ids]).execute();
  return rows.map(toUser);
}

export interface UserFilter {
  query?: string;
  teamIds?: string[];
  limit: number;
  offset: number;
}

/** A page of users who are not deleted, by name then id, and the count of all that match. */
export async function listUsers(db: Db, f: UserFilter): Promise<{ items: User[]; count: number }> {
  let q = db.selectFrom('users').where('deleted_at', 'is', null);
  if (f.query) {
    const text = f.query.toLowerCase();
    q = q.where((eb) => eb.or([likeContains(sql`lower(name)`, text), likeContains(sql`lower(email)`, text)]));
  }
  if (f.teamIds && f.teamIds.length) {
    const teamIds = f.teamIds;
    q = q.where('id', 'in', (eb) => eb.selectFrom('team_members').select('user_id').where('team_id', 'in', teamIds));
  }
  const { rows, count } = await pageByName(q.selectAll(), f);
  return { items: rows.map(toUser), count };
}

export type UserPatch = Partial<Pick<User, 'name' | 'email' | 'role' | 'timeZone' | 'color' | 'description' | 'jobTitle'>>;

export async function updateUser(db: Db, id: string, p: UserPatch): Promise<void> {
  const set: Partial<UsersTable> = {};
  if (p.name !== undefined) set.name = p.name;
  if (p.email !== undefined) set.email = p.email.toLowerCase();
  if (p.role !== undefined) set.role = p.role;
  if (p.timeZone !== undefined) set.time_zone = p.timeZone;
  if (p.color !== undefined) set.color = p.color;
  if (p.description !== undefined) set.description = p.description;
  if (p.jobTitle !== undefined) set.job_title = p.jobTitle;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Marks the user deleted and removes their API tokens and team memberships. */
export async function softDeleteUser(db: Db, id: string, at: number): Promise<void> {
  await db.updateTable('users').set({ deleted_at: at }).where('id', '=', id).execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', id).execute();
  await db.deleteFrom('team_members').where('user_id', '=', id).execute();
}

