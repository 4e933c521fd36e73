import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Hooks } from '../hooks.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import { isTimeZone } from '../time-zone.js';
import { userWriteDenial, type Actor, type Role, type User } from './model.js';
import { findUserById, insertUser, softDeleteUser, updateUser, type UserPatch } from './store.js';

/** User fields as the API takes them (already mapped from snake_case); undefined means "not given". */
export interface UserInput {
  name?: string;
  email?: string;
  role?: Role;
  timeZone?: string | null;
  color?: string | null;
  description?: string | null;
  jobTitle?: string | null;
}

/** Something that keeps a user or team from being deleted: returns why, or null. */
export type InUseCheck = (db: Db, id: string) => Promise<string | null>;

/** Takes a user being deleted out of something another module owns (escalation rules, schedules). */
export type UserRemoval = (db: Db, userId: string) => Promise<unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;


/** Checks and trims the given fields; `creating` requires name and email. */
export function normalizeUserInput(input: UserInput, creating: boolean): UserPatch {
  const errors: string[] = [];
  const out: UserPatch = {};
  if (input.name !== undefined || creating) {
    const name = (input.name ?? '').trim();
    if (!name) errors.push('Name cannot be empty.');
    out.name = name;
  }
  if (input.email !== undefined || creating) {
    const email = (input.email ?? '').trim().toLowerCase();
    if (email.length < 6 || email.length > 100 || !EMAIL.test(email)) errors.push('Email is invalid.');
    out.email = email;
  }
  if (input.role !== undefined) out.role = input.role;
  if (input.timeZone !== undefined) {
    if (input.timeZone !== null && !isTimeZone(input.timeZone)) errors.push(`Time zone ${input.timeZone} is not a known IANA time zone.`);
    out.timeZone = input.timeZone;
  }
  if (input.color !== undefined) out.color = input.color;
  if (input.description !== undefined) out.description = input.description;
  if (input.jobTitle !== undefined) out.jobTitle = input.jobTitle;
  if (errors.length) throw new InvalidInputError(errors);
  return out;
}

/** Only the owner appoints an owner, and then hands over: the old owner becomes an admin. */
async function handOverOwnership(db: Db, actor: Actor): Promise<void> {
  if (actor.userId) await updateUser(db, actor.userId, { role: 'admin' });
}

/** Creates the user; `deps.hooks` (when given) hears `user.created` in the same transaction. */
export async function createUser(db: Db, deps: { clock: Clock; ids: Ids; hooks?: Hooks }, actor: Actor, input: UserInput): Promise<User> {
  const role = input.role ?? 'user';
  const denial = userWriteDenial(actor, { op: 'create', role });
  if (denial) throw new ForbiddenError(denial);
  const p = normalizeUserInput(input, true);
  const id = deps.ids.id();
  if (role === 'owner') await handOverOwnership(db, actor);
  await insertUser(db, {
    id,
    name: p.name!,
    email: p.email!,
    role,
    timeZone: p.timeZone ?? null,
    color: p.color ?? null,
    description: p.description ?? null,
    jobTitle: p.jobTitle ?? null,
    createdAt: deps.clock.now(),
  });
  await deps.hooks?.emit(db, 'user.created', { userId: id, email: p.email! });
  return (await findUserById(db, id))!;
}

export async function updateUserAccount(db: Db, actor: Actor, id: string, input: UserInput): Promise<User> {
  const target = await findUserById(db, id);
  if (!target) throw new NotFoundError('User', id);
  const denial = userWriteDenial(actor, { op: 'update', target, role: input.role });
  if (denial) throw new ForbiddenError(denial);
  const p = normalizeUserInput(input, false);
  if (p.role === 'owner' && target.role !== 'owner') await handOverOwnership(db, actor);
  await updateUser(db, id, p);
  return (await findUserById(db, id))!;
}

/**
 * Deletes the user as PagerDuty does: refused (400) while a check objects (open incidents assigned
 * to them), otherwise taken out of everything the removals cover, in the same transaction.
 */
export async function deleteUserAccount(
  db: Db,
  deps: { clock: Clock },
  actor: Actor,
  id: string,
  on: { checks: InUseCheck[]; removals: UserRemoval[] },
): Promise<void> {
  const target = await findUserById(db, id);
  if (!target) throw new NotFoundError('User', id);
  const denial = userWriteDenial(actor, { op: 'delete', target });
  if (denial) throw new ForbiddenError(denial);
  if (target.role === 'owner') {
    throw new InvalidInputError('The account owner cannot be deleted. Make another user the owner first.');
  }
  const reasons = (await Promise.all(on.checks.map((c) => c(db, id)))).filter((r): r is string => r !== null);
  if (reasons.length) throw new InvalidInputError(reasons);
  for (const remove of on.removals) await remove(db, id);
  await softDeleteUser(db, id, deps.clock.now());
}
