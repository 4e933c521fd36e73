// Priority use cases: reading the list, admins editing it, and resolving what a client sends as an
// incident's priority (a reference `{id, type: 'priority_reference'}` or, as PagerDuty also takes, a
// name such as `P1`).
import type { Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ArgumentsError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import type { Priority } from './model.js';
import { deletePriority, findPrioritiesByIds, findPriorityByName, insertPriority, listPriorities, updatePriority } from './store.js';

type Deps = Pick<Context, 'clock' | 'ids'>;

/** What a client may send as an incident's priority; null clears it. */
export type PriorityInput = { id: string; type?: string } | string | null;

/**
 * The priority id an input names (null to clear it). An unknown id or name is a 400 (2002 Arguments
 * Caused Error, as an unknown assignee or escalation policy is).
 */
export async function resolvePriority(db: Db, input: PriorityInput): Promise<string | null> {
  if (input === null) return null;
  if (typeof input === 'string') {
    const p = await findPriorityByName(db, input);
    if (!p) throw new ArgumentsError(`Priority not found: ${input}`);
    return p.id;
  }
  const [p] = await findPrioritiesByIds(db, [input.id]);
  if (!p) throw new ArgumentsError(`Priority not found: ${input.id}`);
  return p.id;
}

// Editing the account's priorities is an account setting: owners and admins only (PagerDuty's
// "Account Owner or Admin" for priority settings). Read-only tokens never write.
function checkAdmin(actor: Actor): void {
  if (actor.readOnly || (actor.role !== 'owner' && actor.role !== 'admin')) {
    throw new ForbiddenError('Only the account owner and admins may edit priorities.');
  }
}

export interface PriorityInputFields {
  name?: string;
  description?: string;
  /** 1-based rank; others shift to make room. Default: last. */
  position?: number;
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw new InvalidInputError('Name cannot be empty.');
  if (n.length > 50) throw new InvalidInputError('Name is too long (maximum is 50 characters).');
  return n;
}

/** Rewrites positions 1..n in the given order (only changed rows are written). */
async function renumber(db: Db, list: Priority[], now: number): Promise<void> {
  for (const [n, p] of list.entries()) if (p.position !== n + 1) await updatePriority(db, { ...p, position: n + 1, updatedAt: now });
}

async function sameName(db: Db, name: string, exceptId?: string): Promise<void> {
  const other = await findPriorityByName(db, name);
  if (other && other.name.toLowerCase() === name.toLowerCase() && other.id !== exceptId) throw new InvalidInputError(`A priority named ${name} already exists.`);
}

export async function createPriority(db: Db, deps: Deps, actor: Actor, f: PriorityInputFields): Promise<Priority> {
  checkAdmin(actor);
  const name = checkName(f.name ?? '');
  await sameName(db, name);
  const list = await listPriorities(db);
  const now = deps.clock.now();
  const p: Priority = { id: deps.ids.id(), name, description: f.description ?? '', position: list.length + 1, createdAt: now, updatedAt: now };
  await insertPriority(db, p);
  if (f.position !== undefined) return movePriority(db, now, [...list, p], p, f.position);
  return p;
}

async function movePriority(db: Db, now: number, list: Priority[], p: Priority, position: number): Promise<Priority> {
  const rest = list.filter((x) => x.id !== p.id);
  const at = Math.max(1, Math.min(position, rest.length + 1)) - 1;
  rest.splice(at, 0, p);
  await renumber(db, rest, now);
  return { ...p, position: at + 1 };
}

export async function editPriority(db: Db, deps: Deps, actor: Actor, id: string, f: PriorityInputFields): Promise<Priority> {
  checkAdmin(actor);
  const list = await listPriorities(db);
  const cur = list.find((x) => x.id === id);
  if (!cur) throw new NotFoundError('Priority', id);
  const now = deps.clock.now();
  const name = f.name === undefined ? cur.name : checkName(f.name);
  if (name !== cur.name) await sameName(db, name, id);
  const next: Priority = { ...cur, name, description: f.description ?? cur.description, updatedAt: now };
  await updatePriority(db, next);
  if (f.position !== undefined && f.position !== cur.position) return movePriority(db, now, list.map((x) => (x.id === id ? next : x)), next, f.position);
  return next;
}

/** Deletes a priority; incidents that had it keep its id and show no priority (the reference is dropped on render). */
export async function removePriority(db: Db, deps: Deps, actor: Actor, id: string): Promise<void> {
  checkAdmin(actor);
  const list = await listPriorities(db);
  if (!list.some((x) => x.id === id)) throw new NotFoundError('Priority', id);
  await deletePriority(db, id);
  await renumber(db, list.filter((x) => x.id !== id), deps.clock.now());
}
