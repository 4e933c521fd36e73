// Alert grouping settings: PagerDuty's newer home for a service's alert grouping, here the same data
// seen another way. A setting is a named grouping config that applies to its services: writing it
// writes each service's alert_grouping_parameters (what grouping reads), and a service leaves the
// setting when it leaves the list (its grouping then goes back to none), when the setting is deleted
// (likewise), or when its own alert_grouping_parameters are changed through /services (it keeps them).
// Units follow each side: a setting's time `timeout` is in seconds (0, or 60–86400), a service's in
// minutes (rounded up). The caller owns the transaction. docs/compatibility.md has the mapping.
import type { Actor } from '../accounts/index.js';
import type { Context } from '../context.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Db } from '../store/db.js';
import { NO_GROUPING, type AlertGroupingParameters } from './model.js';
import { normalizeGrouping } from './normalize.js';
import { findServicesByIds, updateServiceGrouping } from './store.js';
import { mayWriteService } from './write.js';
import {
  deleteGroupingSetting,
  findGroupingSettingById,
  insertGroupingSetting,
  replaceSettingServices,
  updateGroupingSetting,
  type GroupingSetting,
} from './grouping-store.js';

type Deps = Pick<Context, 'clock' | 'ids' | 'hooks'>;

/** A setting as written: partial on PUT. */
export interface GroupingSettingInput {
  name?: string | null;
  description?: string | null;
  type?: string;
  config?: Record<string, unknown>;
  serviceIds?: string[];
}

/** The service parameters a setting's type and config mean, or the reasons it is invalid. */
export function serviceGroupingOf(type: string, config: Record<string, unknown>): AlertGroupingParameters {
  const errors: string[] = [];
  if (type === 'content_based_intelligent') throw new InvalidInputError('Alert grouping setting type content_based_intelligent is not supported by Tocsin.');
  let params: AlertGroupingParameters;
  if (type === 'time') {
    const s = config.timeout ?? 0;
    if (!(s === 0 || (Number.isInteger(s) && (s as number) >= 60 && (s as number) <= 86400))) throw new InvalidInputError('config.timeout must be 0 (until the incident resolves) or 60 to 86400 seconds.');
    params = normalizeGrouping({ type, config: { timeout: Math.ceil((s as number) / 60) } }, errors);
  } else {
    params = normalizeGrouping({ type, config }, errors);
  }
  if (errors.length) throw new InvalidInputError(errors.map((e) => e.replace('alert_grouping_parameters.', '')));
  if (params.type === null) throw new InvalidInputError('type must be time, content_based or intelligent.');
  return params;
}

async function liveServices(db: Db, ids: string[]) {
  const found = (await findServicesByIds(db, ids)).filter((s) => s.deletedAt === null);
  const missing = ids.filter((id) => !found.some((s) => s.id === id));
  if (missing.length) throw new InvalidInputError(missing.map((id) => `Service ${id} not found.`));
  return found;
}

async function apply(db: Db, deps: Deps, actor: Actor, before: string[], after: string[], params: AlertGroupingParameters): Promise<void> {
  // Services that left the list and were deleted meanwhile are simply skipped.
  const touched = (await findServicesByIds(db, [...new Set([...before, ...after])])).filter((s) => s.deletedAt === null);
  for (const s of touched) {
    if (!mayWriteService(actor, 'services.update', s.teamIds)) throw new ForbiddenError(`You are not allowed to change service ${s.id}.`);
  }
  const now = deps.clock.now();
  for (const s of touched) {
    await updateServiceGrouping(db, s.id, after.includes(s.id) ? params : NO_GROUPING, now);
    await deps.hooks.emit(db, 'service.changed', { serviceId: s.id, change: 'updated' });
  }
}

export async function createGroupingSetting(db: Db, deps: Deps, actor: Actor, input: GroupingSettingInput): Promise<GroupingSetting> {
  if (!input.type) throw new InvalidInputError('type is required.');
  const config = input.config ?? {};
  const params = serviceGroupingOf(input.type, config);
  const serviceIds = [...new Set(input.serviceIds ?? [])];
  if (serviceIds.length === 0 && !mayWriteService(actor, 'services.update', [])) throw new ForbiddenError('You are not allowed to change alert grouping.');
  await liveServices(db, serviceIds);
  const now = deps.clock.now();
  const id = deps.ids.id();
  await insertGroupingSetting(db, { id, name: input.name ?? null, description: input.description ?? null, type: params.type!, config, createdAt: now, updatedAt: now });
  await apply(db, deps, actor, [], serviceIds, params);
  await replaceSettingServices(db, id, serviceIds);
  return (await findGroupingSettingById(db, id))!;
}

export async function getGroupingSetting(db: Db, id: string): Promise<GroupingSetting> {
  const s = await findGroupingSettingById(db, id);
  if (!s) throw new NotFoundError('Alert grouping setting', id);
  return s;
}

export async function changeGroupingSetting(db: Db, deps: Deps, actor: Actor, id: string, input: GroupingSettingInput): Promise<GroupingSetting> {
  const existing = await getGroupingSetting(db, id);
  const type = input.type ?? existing.type;
  const config = input.config ?? existing.config;
  const params = serviceGroupingOf(type, config);
  const serviceIds = input.serviceIds ? [...new Set(input.serviceIds)] : existing.serviceIds;
  if (serviceIds.length === 0 && existing.serviceIds.length === 0 && !mayWriteService(actor, 'services.update', [])) throw new ForbiddenError('You are not allowed to change alert grouping.');
  await liveServices(db, serviceIds);
  await apply(db, deps, actor, existing.serviceIds, serviceIds, params);
  await replaceSettingServices(db, id, serviceIds);
  const name = input.name === undefined ? existing.name : input.name;
  const description = input.description === undefined ? existing.description : input.description;
  await updateGroupingSetting(db, { id, name, description, type: params.type!, config, createdAt: existing.createdAt, updatedAt: deps.clock.now() });
  return (await findGroupingSettingById(db, id))!;
}

/** Deletes the setting; its services go back to no grouping. */
export async function removeGroupingSetting(db: Db, deps: Deps, actor: Actor, id: string): Promise<void> {
  const existing = await getGroupingSetting(db, id);
  if (existing.serviceIds.length === 0 && !mayWriteService(actor, 'services.update', [])) throw new ForbiddenError('You are not allowed to change alert grouping.');
  await apply(db, deps, actor, existing.serviceIds, [], NO_GROUPING);
  await deleteGroupingSetting(db, id);
}
