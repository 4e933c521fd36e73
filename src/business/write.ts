// Business service writes and dependency (dis)association. Writes need `services.update` (on the
// business service's team, if any); a dependency write needs it on the dependent's teams.
import { can, findTeamsByIds, type Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Ids } from '../ids.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import { deleteImpactRowsOf } from './impact-store.js';
import { nodeTypeOf, type BusinessService, type Dependency, type NodeType } from './model.js';
import { deleteBusinessService, deleteDependency, findBusinessServicesByIds, findDependency, insertBusinessService, insertDependency, updateBusinessService } from './store.js';

type Deps = { clock: Clock; ids: Ids };
const DENIED = 'Only the account owner, admins, users and managers of the owning team may change business services and dependencies.';

export interface BusinessInput {
  name?: string;
  description?: string | null;
  point_of_contact?: string | null;
  team?: { id: string } | null;
}

export async function loadBusinessService(db: Db, id: string): Promise<BusinessService> {
  const [b] = await findBusinessServicesByIds(db, [id]);
  if (!b) throw new NotFoundError('Business Service', id);
  return b;
}

async function teamIdOf(db: Db, team: BusinessInput['team']): Promise<string | null> {
  if (!team) return null;
  if ((await findTeamsByIds(db, [team.id])).length === 0) throw new InvalidInputError(`Team ${team.id} does not exist.`);
  return team.id;
}

function nameOf(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (!n) throw new InvalidInputError('Name cannot be empty.');
  return n;
}

export async function createBusinessService(db: Db, deps: Deps, actor: Actor, input: BusinessInput): Promise<BusinessService> {
  const teamId = await teamIdOf(db, input.team);
  if (!can(actor, 'services.update', teamId ? [teamId] : [])) throw new ForbiddenError(DENIED);
  const b: BusinessService = {
    id: deps.ids.id(),
    name: nameOf(input.name),
    description: input.description ?? null,
    pointOfContact: input.point_of_contact ?? null,
    teamId,
    createdAt: deps.clock.now(),
  };
  await insertBusinessService(db, b);
  return b;
}

export async function updateBusinessServiceById(db: Db, actor: Actor, id: string, input: BusinessInput): Promise<BusinessService> {
  const old = await loadBusinessService(db, id);
  if (!can(actor, 'services.update', old.teamId ? [old.teamId] : [])) throw new ForbiddenError(DENIED);
  const teamId = input.team === undefined ? old.teamId : await teamIdOf(db, input.team);
  if (!can(actor, 'services.update', teamId ? [teamId] : [])) throw new ForbiddenError(DENIED);
  const next: BusinessService = {
    ...old,
    name: input.name === undefined ? old.name : nameOf(input.name),
    description: input.description === undefined ? old.description : input.description,
    pointOfContact: input.point_of_contact === undefined ? old.pointOfContact : input.point_of_contact,
    teamId,
  };
  await updateBusinessService(db, next);
  return next;
}

export async function removeBusinessService(db: Db, actor: Actor, id: string): Promise<void> {
  const old = await loadBusinessService(db, id);
  if (!can(actor, 'services.update', old.teamId ? [old.teamId] : [])) throw new ForbiddenError(DENIED);
  await deleteBusinessService(db, id);
  await deleteImpactRowsOf(db, id);
}

/** The teams of a live node, or a 404. */
export async function teamsOfNode(db: Db, type: NodeType, id: string): Promise<string[]> {
  if (type === 'business_service') {
    const b = await loadBusinessService(db, id);
    return b.teamId ? [b.teamId] : [];
  }
  const [s] = await findServicesByIds(db, [id]);
  if (!s || s.deletedAt !== null) throw new NotFoundError('Service', id);
  return s.teamIds;
}

type RelationshipInput = { supporting_service: { id: string; type: string }; dependent_service: { id: string; type: string } };

async function readRelationship(db: Db, actor: Actor, r: RelationshipInput): Promise<Omit<Dependency, 'id'>> {
  const st = nodeTypeOf(r.supporting_service.type);
  const dt = nodeTypeOf(r.dependent_service.type);
  if (!st || !dt) throw new InvalidInputError('A service dependency links services (service) and business services (business_service).');
  if (st === dt && r.supporting_service.id === r.dependent_service.id) throw new InvalidInputError('A service cannot depend on itself.');
  await teamsOfNode(db, st, r.supporting_service.id);
  if (!can(actor, 'services.update', await teamsOfNode(db, dt, r.dependent_service.id))) throw new ForbiddenError(DENIED);
  return { supporting: { type: st, id: r.supporting_service.id }, dependent: { type: dt, id: r.dependent_service.id } };
}

/** POST /service_dependencies/associate: all or nothing; an existing dependency is answered as it is. */
export async function associate(db: Db, deps: Deps, actor: Actor, list: RelationshipInput[]): Promise<Dependency[]> {
  const out: Dependency[] = [];
  for (const r of list) {
    const d = await readRelationship(db, actor, r);
    const existing = await findDependency(db, d);
    if (existing) out.push(existing);
    else {
      const created = { ...d, id: deps.ids.id() };
      await insertDependency(db, created, deps.clock.now());
      out.push(created);
    }
  }
  return out;
}

/** POST /service_dependencies/disassociate: answers the dependencies removed (an unknown pair is skipped). */
export async function disassociate(db: Db, actor: Actor, list: RelationshipInput[]): Promise<Dependency[]> {
  const out: Dependency[] = [];
  for (const r of list) {
    const existing = await findDependency(db, await readRelationship(db, actor, r));
    if (!existing) continue;
    await deleteDependency(db, existing.id);
    out.push(existing);
  }
  return out;
}
