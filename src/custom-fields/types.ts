// Incident types: list, show, create, edit. The base type (incident_default) exists on every
// install and cannot be disabled; every other type has a parent (by default the base type). Writes
// need `custom_fields.write` (account owners and admins).
import { can, type Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import { BASE_TYPE_ID, LIMITS, type IncidentType } from './model.js';
import { findType, insertType, listTypes, updateType } from './store.js';

export type Deps = { clock: Clock; ids: Ids };
export const DENIED = 'Only the account owner and admins may change incident types and custom fields.';

export function checkConfigWrite(actor: Actor): void {
  if (!can(actor, 'custom_fields.write')) throw new ForbiddenError(DENIED);
}

export async function loadType(db: Db, idOrName: string): Promise<IncidentType> {
  const t = await findType(db, idOrName);
  if (!t) throw new NotFoundError('Incident Type', idOrName);
  return t;
}

export type TypeFilter = 'enabled' | 'disabled' | 'all';

/** The types the filter keeps, the base type first, then oldest first. */
export async function listIncidentTypes(db: Db, filter: TypeFilter): Promise<IncidentType[]> {
  const all = (await listTypes(db)).sort((a, b) => Number(b.id === BASE_TYPE_ID) - Number(a.id === BASE_TYPE_ID));
  return all.filter((t) => filter === 'all' || t.enabled === (filter === 'enabled'));
}

/** The type and its ancestors, the type first (a child type has its parents' fields too). */
export async function typeChain(db: Db, t: IncidentType): Promise<IncidentType[]> {
  const out = [t];
  while (out.length < 10 && out[out.length - 1].parentId) {
    const parent = await findType(db, out[out.length - 1].parentId!);
    if (!parent) break;
    out.push(parent);
  }
  return out;
}

function textProblems(input: { display_name?: string; description?: string | null }): string[] {
  const out: string[] = [];
  if (input.display_name !== undefined) {
    if (!/^[A-Za-z0-9]/.test(input.display_name)) out.push('display_name must start with a letter or digit.');
    if (input.display_name.length > LIMITS.displayName) out.push(`display_name is too long (maximum is ${LIMITS.displayName} characters).`);
    if (/^(PD|PagerDuty|Default)/i.test(input.display_name)) out.push('display_name may not start with PD, PagerDuty or Default.');
  }
  if ((input.description?.length ?? 0) > LIMITS.description) out.push(`description is too long (maximum is ${LIMITS.description} characters).`);
  return out;
}

export interface TypeInput {
  name?: string;
  display_name?: string;
  description?: string | null;
  parent_type?: string;
  enabled?: boolean;
}

export async function createIncidentType(db: Db, deps: Deps, actor: Actor, input: TypeInput): Promise<IncidentType> {
  checkConfigWrite(actor);
  const name = (input.name ?? '').trim();
  const problems = textProblems(input);
  if (!name) problems.push('name is required.');
  else if (!/^[A-Za-z0-9_]+$/.test(name)) problems.push('name may contain only letters, digits and underscores.');
  else if (name.length > LIMITS.name) problems.push(`name is too long (maximum is ${LIMITS.name} characters).`);
  else if (name.endsWith('_default')) problems.push('name may not end with _default.');
  if (!input.display_name) problems.push('display_name is required.');
  if (!input.parent_type) problems.push('parent_type is required.');
  if (problems.length) throw new InvalidInputError(problems);
  if (await findType(db, name)) throw new InvalidInputError(`An incident type named ${name} already exists.`);
  const parent = await findType(db, input.parent_type!);
  if (!parent) throw new InvalidInputError(`The parent type ${input.parent_type} does not exist.`);
  const now = deps.clock.now();
  const t: IncidentType = {
    id: deps.ids.id(),
    name,
    displayName: input.display_name!,
    description: input.description ?? null,
    parentId: parent.id,
    enabled: input.enabled ?? true,
    createdAt: now,
    updatedAt: now,
  };
  await insertType(db, t);
  return t;
}

export async function updateIncidentType(db: Db, deps: Deps, actor: Actor, idOrName: string, input: TypeInput): Promise<IncidentType> {
  checkConfigWrite(actor);
  const old = await loadType(db, idOrName);
  const problems = textProblems(input);
  if (old.id === BASE_TYPE_ID && input.enabled === false) problems.push('The base incident type cannot be disabled.');
  if (problems.length) throw new InvalidInputError(problems);
  const next: IncidentType = {
    ...old,
    displayName: input.display_name ?? old.displayName,
    description: input.description === undefined ? old.description : input.description,
    enabled: input.enabled ?? old.enabled,
    updatedAt: deps.clock.now(),
  };
  await updateType(db, next);
  return next;
}

/**
 * The name of the enabled type an incident is created with (PagerDuty's IncidentTypeReference: id
 * or name); absent: the base type. An unknown or disabled type is refused (400).
 */
export async function incidentTypeNameFor(db: Db, ref: { id?: string; name?: string } | undefined): Promise<string | undefined> {
  const key = ref?.id ?? ref?.name;
  if (key === undefined) return undefined;
  const t = await findType(db, key);
  if (!t) throw new InvalidInputError(`Incident type ${key} does not exist.`);
  if (!t.enabled) throw new InvalidInputError(`Incident type ${t.name} is disabled.`);
  return t.name;
}
