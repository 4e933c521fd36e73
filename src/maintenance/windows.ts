import type { Actor } from '../accounts/index.js';
import { canEach } from '../accounts/index.js';
import type { Context } from '../context.js';
import { cancelTimers, scheduleTimer } from '../engine/index.js';
import { ArgumentsError, DomainError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.js';
import { findServicesByIds } from '../services/index.js';
import type { Db } from '../store/db.js';
import { normalizeTimes, windowState, type MaintenanceWindow } from './model.js';
import { deleteWindowById, findWindowById, insertWindow, lockWindowById, nextSequenceNumber, updateWindow } from './store.js';

type Deps = Pick<Context, 'clock' | 'ids' | 'dialect' | 'hooks' | 'log'>;

export interface WindowInput {
  startTime?: number;
  endTime?: number;
  description?: string | null;
  serviceIds?: string[];
}

/** PagerDuty's 405 with code 5003 for a window that already ended. */
export class PastWindowError extends DomainError {
  readonly code = 'method_not_allowed';
  constructor() {
    super('Cannot cancel a maintenance window from the past', ["The maintenance window can't be deleted because it has already ended."]);
  }
}

/** Each service's teams, after checking every service exists (2002 otherwise). */
async function teamsOfEachService(db: Db, serviceIds: string[]): Promise<string[][]> {
  const unique = [...new Set(serviceIds)];
  const found = await findServicesByIds(db, unique);
  const missing = unique.filter((id) => !found.some((s) => s.id === id));
  if (missing.length) throw new ArgumentsError(missing.map((id) => `Service ${id} not found.`));
  return found.map((s) => s.teamIds);
}

/** The actor must be allowed on every service of the window: a team manager only on their teams' services. */
async function checkWrite(db: Db, actor: Actor, serviceIds: string[]): Promise<void> {
  if (!canEach(actor, 'maintenance_windows.write', await teamsOfEachService(db, serviceIds))) {
    throw new ForbiddenError('You are not allowed to manage maintenance windows of these services.');
  }
}

/** Schedules the start and end announcements; the fence is the time, so a moved window's old timers no-op. */
async function scheduleWindowTimers(db: Db, w: MaintenanceWindow): Promise<void> {
  await scheduleTimer(db, { kind: 'maintenance.start', subjectId: w.id, dueAt: w.startTime, fence: w.startTime });
  await scheduleTimer(db, { kind: 'maintenance.end', subjectId: w.id, dueAt: w.endTime, fence: w.endTime });
}

/** POST /maintenance_windows: a start in the past becomes now; the end must be later and in the future. */
export async function createWindow(db: Db, deps: Deps, actor: Actor, createdBy: string, input: WindowInput): Promise<MaintenanceWindow> {
  const serviceIds = [...new Set(input.serviceIds ?? [])];
  if (serviceIds.length === 0) throw new InvalidInputError('Services must include at least one service.');
  await checkWrite(db, actor, serviceIds);
  const now = deps.clock.now();
  const times = normalizeTimes(input.startTime ?? NaN, input.endTime ?? NaN, now);
  if (Array.isArray(times)) throw new InvalidInputError(times);
  const w: MaintenanceWindow = {
    id: deps.ids.id(),
    sequenceNumber: await nextSequenceNumber(db),
    startTime: times.start,
    endTime: times.end,
    description: input.description ?? null,
    createdBy,
    createdAt: now,
    serviceIds,
  };
  await insertWindow(db, w);
  await scheduleWindowTimers(db, w);
  return w;
}

/**
 * PUT /maintenance_windows/{id}, partial. A window that already ended cannot change (405/5003). An
 * ongoing window keeps its start unless a future one is given; the end must stay in the future.
 */
export async function changeWindow(db: Db, deps: Deps, actor: Actor, id: string, input: WindowInput): Promise<MaintenanceWindow> {
  const w = await lockWindowById(db, id, deps.dialect);
  if (!w) throw new NotFoundError('Maintenance Window', id);
  const now = deps.clock.now();
  await checkWrite(db, actor, w.serviceIds);
  if (windowState(w, now) === 'past') throw new PastWindowError();
  const serviceIds = input.serviceIds === undefined ? w.serviceIds : [...new Set(input.serviceIds)];
  if (serviceIds.length === 0) throw new InvalidInputError('Services must include at least one service.');
  if (input.serviceIds !== undefined) await checkWrite(db, actor, serviceIds);
  let start = input.startTime ?? w.startTime;
  if (start < now && w.startTime <= now) start = w.startTime;
  const times = normalizeTimes(start, input.endTime ?? w.endTime, now);
  if (Array.isArray(times)) throw new InvalidInputError(times);
  const next: MaintenanceWindow = {
    ...w,
    startTime: times.start,
    endTime: times.end,
    description: input.description === undefined ? w.description : input.description,
    serviceIds,
  };
  await updateWindow(db, next);
  await scheduleWindowTimers(db, next);
  // Services removed from an ongoing window leave maintenance now.
  if (windowState(w, now) === 'ongoing') {
    for (const serviceId of w.serviceIds.filter((s) => !serviceIds.includes(s))) {
      await deps.hooks.emit(db, 'service.changed', { serviceId, change: 'updated' });
    }
  }
  return next;
}

/** DELETE: a future window is deleted, an ongoing one ends now, a past one is kept (405, code 5003). */
export async function removeWindow(db: Db, deps: Deps, actor: Actor, id: string): Promise<void> {
  const w = await lockWindowById(db, id, deps.dialect);
  if (!w) throw new NotFoundError('Maintenance Window', id);
  await checkWrite(db, actor, w.serviceIds);
  const now = deps.clock.now();
  const state = windowState(w, now);
  if (state === 'past') throw new PastWindowError();
  if (state === 'future') {
    await cancelTimers(db, w.id);
    await deleteWindowById(db, w.id);
    return;
  }
  const ended = { ...w, endTime: now };
  await updateWindow(db, ended);
  await cancelTimers(db, w.id, ['maintenance.start']);
  await scheduleTimer(db, { kind: 'maintenance.end', subjectId: w.id, dueAt: now, fence: now });
}

export async function getWindow(db: Db, id: string): Promise<MaintenanceWindow> {
  const w = await findWindowById(db, id);
  if (!w) throw new NotFoundError('Maintenance Window', id);
  return w;
}
