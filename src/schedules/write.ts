// Schedule writes: create, update, delete (refused while a policy targets it), overrides.
import { can, findUsersByIds, type Actor } from '../accounts/index.js';
import type { Clock } from '../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Ids } from '../ids.js';
import { cancelTimers } from '../engine/index.js';
import { setHandoffTimer } from './handoff.js';
import type { Db } from '../store/db.js';
import { normalizeLayers, normalizeName, normalizeTeams, normalizeTimeZone, parseInstant, type ScheduleInput } from './normalize.js';
import type { Schedule, StoredOverride } from './schedule.js';
import { deleteOverride, deleteSchedule, findOverrideById, findScheduleById, insertOverrides, insertSchedule, truncateOverride, updateSchedule } from './store.js';

/** Names of live escalation policies that target the schedule (injected from escalation through src/routes.ts). */
export type PoliciesTargetingSchedule = (db: Db, scheduleId: string) => Promise<string[]>;

const DENIED = 'Only the account owner, admins, users and managers of the schedule’s team may change schedules.';

export async function createSchedule(db: Db, deps: { clock: Clock; ids: Ids }, actor: Actor, input: ScheduleInput): Promise<Schedule> {
  const teamIds = await normalizeTeams(db, input.teams ?? []);
  if (!can(actor, 'schedules.write', teamIds)) throw new ForbiddenError(DENIED);
  const schedule = await buildSchedule(db, deps, input, teamIds);
  await insertSchedule(db, schedule);
  await setHandoffTimer(db, schedule.id, deps.clock.now());
  return schedule;
}

/** The schedule POST /schedules/preview would make, without writing it (same checks, same ids). */
export async function buildSchedule(db: Db, deps: { clock: Clock; ids: Ids }, input: ScheduleInput, teamIds: string[]): Promise<Schedule> {
  const name = normalizeName(input.name);
  const timeZone = normalizeTimeZone(input.time_zone);
  return {
    id: deps.ids.id(),
    name,
    description: input.description ?? null,
    timeZone,
    layers: await normalizeLayers(db, deps.ids, input.schedule_layers ?? [], []),
    teamIds,
    revision: 0,
    createdAt: deps.clock.now(),
    deletedAt: null,
  };
}

export async function loadSchedule(db: Db, id: string): Promise<Schedule> {
  const s = await findScheduleById(db, id);
  if (!s) throw new NotFoundError('Schedule', id);
  return s;
}

export async function updateScheduleById(db: Db, deps: { ids: Ids; clock: Clock }, actor: Actor, id: string, input: ScheduleInput): Promise<Schedule> {
  const old = await loadSchedule(db, id);
  if (!can(actor, 'schedules.write', old.teamIds)) throw new ForbiddenError(DENIED);
  const teamIds = input.teams === undefined ? old.teamIds : await normalizeTeams(db, input.teams);
  if (!can(actor, 'schedules.write', teamIds)) throw new ForbiddenError(DENIED);
  const next: Schedule = {
    ...old,
    name: input.name === undefined ? old.name : normalizeName(input.name),
    description: input.description === undefined ? old.description : input.description,
    timeZone: input.time_zone === undefined ? old.timeZone : normalizeTimeZone(input.time_zone),
    layers: input.schedule_layers === undefined ? old.layers : await normalizeLayers(db, deps.ids, input.schedule_layers, old.layers),
    teamIds,
  };
  await updateSchedule(db, next);
  await setHandoffTimer(db, id, deps.clock.now());
  return next;
}

/** Deletes a schedule no live escalation policy targets; otherwise a 400 naming the policies. */
export async function deleteScheduleById(db: Db, deps: { clock: Clock }, actor: Actor, id: string, policies: PoliciesTargetingSchedule): Promise<void> {
  const old = await loadSchedule(db, id);
  if (!can(actor, 'schedules.write', old.teamIds)) throw new ForbiddenError(DENIED);
  const names = await policies(db, id);
  if (names.length) {
    throw new InvalidInputError(
      `The schedule is used by escalation ${names.length === 1 ? 'policy' : 'policies'} ${names.map((n) => `"${n}"`).join(', ')} and cannot be deleted; ` +
        'remove it from those policies first.',
    );
  }
  await deleteSchedule(db, id, deps.clock.now());
  await cancelTimers(db, id, ['schedule.handoff']);
}

export interface OverrideInput {
  start: string;
  end: string;
  user: { id: string; type?: string };
}

/** One override's outcome, as POST /schedules/{id}/overrides answers for each of an array. */
export type OverrideResult = { status: 201; override: StoredOverride } | { status: 400; errors: string[]; input: OverrideInput };

/**
 * Creates overrides in the order given (a later one wins where they overlap). Each is checked on its
 * own: the valid ones are created and the others answered with status 400 and their errors, as
 * PagerDuty does for an array.
 */
export async function createOverrides(db: Db, deps: { clock: Clock; ids: Ids }, actor: Actor, scheduleId: string, input: OverrideInput[]): Promise<OverrideResult[]> {
  const s = await loadSchedule(db, scheduleId);
  if (!can(actor, 'schedules.write', s.teamIds)) throw new ForbiddenError(DENIED);
  const users = new Set((await findUsersByIds(db, [...new Set(input.map((o) => o.user.id))])).filter((u) => u.deletedAt === null).map((u) => u.id));
  const now = deps.clock.now();
  const results: OverrideResult[] = input.map((o) => {
    const errors: string[] = [];
    const start = parseInstant(o.start);
    const end = parseInstant(o.end);
    if (start === null) errors.push('start must be an ISO 8601 date-time with a time zone offset.');
    if (end === null) errors.push('end must be an ISO 8601 date-time with a time zone offset.');
    if (start !== null && end !== null && end <= start) errors.push('end must be after start.');
    if (end !== null && end <= now) errors.push('An override cannot end in the past.');
    if (o.user.type !== undefined && o.user.type !== 'user' && o.user.type !== 'user_reference') errors.push(`${o.user.type} is not a user reference.`);
    else if (!users.has(o.user.id)) errors.push(`User ${o.user.id} does not exist.`);
    if (errors.length) return { status: 400, errors, input: o };
    return { status: 201, override: { id: deps.ids.id(), scheduleId, userId: o.user.id, start: start!, end: end!, createdAt: now } };
  });
  await insertOverrides(
    db,
    results.flatMap((r) => (r.status === 201 ? [r.override] : [])),
  );
  if (results.some((r) => r.status === 201)) await setHandoffTimer(db, scheduleId, now);
  return results;
}

/**
 * DELETE /schedules/{id}/overrides/{override_id}: a future override is deleted ('deleted'); one in
 * progress is cut at now ('truncated'); a past one cannot be removed (400).
 */
export async function removeOverride(db: Db, deps: { clock: Clock }, actor: Actor, scheduleId: string, overrideId: string): Promise<'deleted' | 'truncated'> {
  const s = await loadSchedule(db, scheduleId);
  if (!can(actor, 'schedules.write', s.teamIds)) throw new ForbiddenError(DENIED);
  const o = await findOverrideById(db, scheduleId, overrideId);
  if (!o) throw new NotFoundError('Override', overrideId);
  const now = deps.clock.now();
  if (o.end <= now) throw new InvalidInputError('A past override cannot be removed.');
  if (o.start < now) {
    await truncateOverride(db, o, now);
    await setHandoffTimer(db, scheduleId, now);
    return 'truncated';
  }
  await deleteOverride(db, o);
  await setHandoffTimer(db, scheduleId, now);
  return 'deleted';
}
