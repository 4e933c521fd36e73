import { can, type Action, type Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { policiesById, teamsById } from './lookups.js';
import type { Service, ServiceSettings } from './model.js';
import { normalizeService, type ServiceInput } from './normalize.js';
import { findServiceById, insertService, markServiceDeleted, updateService } from './store.js';
import { unlinkServiceFromSetting } from './grouping-store.js';

type Deps = Pick<Context, 'clock' | 'ids' | 'hooks'>;

/**
 * The permission check for a service write. Account roles that may act account-wide pass; a team
 * manager passes only for services of a team they manage (on create: the teams named in the body).
 */
export function mayWriteService(actor: Actor, action: Action, teamIds: readonly string[]): boolean {
  const accountWide = can({ ...actor, teamRoles: new Map() }, action, []);
  if (accountWide) return true;
  if (!can(actor, action, teamIds)) return false;
  return teamIds.some((id) => actor.teamRoles.get(id) === 'manager');
}

async function checkReferences(db: Db, s: ServiceSettings, existing: Service | null): Promise<void> {
  const errors: string[] = [];
  if (!existing || existing.escalationPolicyId !== s.escalationPolicyId) {
    if (!(await policiesById(db, [s.escalationPolicyId])).has(s.escalationPolicyId)) {
      errors.push(`Escalation policy ${s.escalationPolicyId} not found.`);
    }
  }
  const teams = await teamsById(db, s.teamIds);
  for (const id of s.teamIds) if (!teams.has(id)) errors.push(`Team ${id} not found.`);
  if (errors.length) throw new InvalidInputError(errors);
}

/** Creates a service from a wire input. */
export async function createService(db: Db, deps: Deps, actor: Actor, input: ServiceInput): Promise<Service> {
  const settings = normalizeService(input, null);
  if (!mayWriteService(actor, 'services.create', settings.teamIds)) {
    throw new ForbiddenError('You are not allowed to create services (team managers: name a team you manage in `teams`).');
  }
  await checkReferences(db, settings, null);
  const id = deps.ids.id();
  await insertService(db, { ...settings, id, createdAt: deps.clock.now() });
  await deps.hooks.emit(db, 'service.changed', { serviceId: id, change: 'created' });
  return (await findServiceById(db, id))!;
}

/** The live service or a 404. */
export async function getLiveService(db: Db, id: string): Promise<Service> {
  const s = await findServiceById(db, id);
  if (!s || s.deletedAt !== null) throw new NotFoundError('Service', id);
  return s;
}

/** Refuses switching a service to incidents-only, e.g. while Events API v2 integrations need alerts (null: fine). */
export type IncidentsOnlyCheck = (db: Db, serviceId: string) => Promise<string | null>;

/** Applies a partial update; `status` disabled/active disables or re-enables, keeping every setting. */
export async function changeService(
  db: Db,
  deps: Deps,
  actor: Actor,
  id: string,
  input: ServiceInput,
  incidentsOnlyCheck: IncidentsOnlyCheck,
): Promise<Service> {
  const existing = await getLiveService(db, id);
  if (!mayWriteService(actor, 'services.update', existing.teamIds)) throw new ForbiddenError('You are not allowed to change this service.');
  const settings = normalizeService(input, existing);
  // The service must stay writable by the actor, and every team added must be one the actor may write
  // for on its own (a manager may not hand a service to a team they do not manage).
  const added = settings.teamIds.filter((id) => !existing.teamIds.includes(id));
  const teamsChanged = added.length > 0 || settings.teamIds.length !== existing.teamIds.length;
  if (teamsChanged && (!mayWriteService(actor, 'services.update', settings.teamIds) || added.some((id) => !mayWriteService(actor, 'services.update', [id])))) {
    throw new ForbiddenError('You may only assign the service to teams you manage.');
  }
  await checkReferences(db, settings, existing);
  if (settings.alertCreation === 'create_incidents' && existing.alertCreation !== 'create_incidents') {
    const problem = await incidentsOnlyCheck(db, id);
    if (problem) throw new InvalidInputError(problem);
  }
  await updateService(db, id, settings, deps.clock.now());
  // Its own grouping written through /services takes it out of an alert grouping setting, as in PagerDuty.
  if (JSON.stringify(settings.alertGroupingParameters) !== JSON.stringify(existing.alertGroupingParameters)) await unlinkServiceFromSetting(db, id);
  if (settings.state !== existing.state) await deps.hooks.emit(db, 'service.state_changed', { serviceId: id, state: settings.state });
  await deps.hooks.emit(db, 'service.changed', { serviceId: id, change: 'updated' });
  return (await findServiceById(db, id))!;
}

/** Soft-deletes a service: incidents keep their reference, its integrations stop working. */
export async function deleteService(db: Db, deps: Deps, actor: Actor, id: string): Promise<void> {
  const existing = await getLiveService(db, id);
  if (!mayWriteService(actor, 'services.delete', existing.teamIds)) throw new ForbiddenError('You are not allowed to delete this service.');
  await markServiceDeleted(db, id, deps.clock.now());
  await unlinkServiceFromSetting(db, id);
  await deps.hooks.emit(db, 'service.changed', { serviceId: id, change: 'deleted' });
}
