import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import { can, type Actor, type Team, type TeamRole } from './model.js';
import { findUserById } from './store.js';
import { deleteTeam, deleteTeamMember, findTeamById, insertTeam, updateTeam, upsertTeamMember } from './team-store.js';
import type { InUseCheck } from './users.js';

export interface TeamInput {
  name?: string;
  description?: string | null;
  defaultRole?: 'manager' | 'none';
}

function normalizeName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n) throw new InvalidInputError('Name cannot be empty.');
  return n;
}

async function loadTeam(db: Db, id: string): Promise<Team> {
  const team = await findTeamById(db, id);
  if (!team) throw new NotFoundError('Team', id);
  return team;
}

function demand(actor: Actor, action: 'teams.create' | 'teams.write' | 'teams.delete', teamIds: string[], what: string): void {
  if (!can(actor, action, teamIds)) throw new ForbiddenError(what);
}

export async function createTeam(db: Db, deps: { clock: Clock; ids: Ids }, actor: Actor, input: TeamInput): Promise<Team> {
  demand(actor, 'teams.create', [], 'Only the account owner and admins may create teams.');
  const team: Team = {
    id: deps.ids.id(),
    name: normalizeName(input.name),
    description: input.description ?? null,
    defaultRole: input.defaultRole ?? 'manager',
    createdAt: deps.clock.now(),
  };
  await insertTeam(db, team);
  return team;
}

export async function updateTeamDetails(db: Db, actor: Actor, id: string, input: TeamInput): Promise<Team> {
  await loadTeam(db, id);
  demand(actor, 'teams.write', [id], 'Only the account owner, admins and managers of this team may edit it.');
  await updateTeam(db, id, {
    name: input.name === undefined ? undefined : normalizeName(input.name),
    description: input.description,
    defaultRole: input.defaultRole,
  });
  return loadTeam(db, id);
}

export async function removeTeam(db: Db, actor: Actor, id: string, checks: InUseCheck[]): Promise<void> {
  await loadTeam(db, id);
  demand(actor, 'teams.delete', [id], 'Only the account owner and admins may delete teams.');
  const reasons = (await Promise.all(checks.map((c) => c(db, id)))).filter((r): r is string => r !== null);
  if (reasons.length) throw new InvalidInputError(reasons);
  await deleteTeam(db, id);
}

/** Adds a user to a team, or changes their team role; read-only users cannot be members. */
export async function setTeamMember(db: Db, actor: Actor, teamId: string, userId: string, role: TeamRole): Promise<void> {
  await loadTeam(db, teamId);
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError('User', userId);
  demand(actor, 'teams.write', [teamId], 'Only the account owner, admins and managers of this team may change its members.');
  if (user.role === 'read_only_user' || user.role === 'read_only_limited_user') {
    throw new InvalidInputError(`${user.name} has a read-only role and cannot be added to a team.`);
  }
  await upsertTeamMember(db, teamId, userId, role);
}

export async function removeTeamMember(db: Db, actor: Actor, teamId: string, userId: string): Promise<void> {
  await loadTeam(db, teamId);
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError('User', userId);
  demand(actor, 'teams.write', [teamId], 'Only the account owner, admins and managers of this team may change its members.');
  await deleteTeamMember(db, teamId, userId);
}
