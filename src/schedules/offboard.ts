// Deleting a user takes them off every schedule from now on (PagerDuty: "removed from schedules"),
// keeping the past as it was: a layer in progress is ended now and continues, from now, as a new
// layer without the user (as PagerDuty's schedule edits end a layer); a future layer just loses
// them; a layer left with nobody ends. The user's future overrides go; one in progress ends now.
import type { Ids } from '../ids.js';
import type { Db } from '../store/db.js';
import type { ScheduleLayer } from './model.js';
import { deleteOverride, findSchedulesByIds, listOverridesOverlapping, listSchedulesWithUser, truncateOverride, updateSchedule } from './store.js';

function layersWithout(layers: ScheduleLayer[], userId: string, now: number, ids: Ids): ScheduleLayer[] {
  return layers.flatMap((l) => {
    if (!l.userIds.includes(userId) || (l.end !== null && l.end <= now)) return [l];
    const userIds = l.userIds.filter((u) => u !== userId);
    const rest = userIds.length ? [{ ...l, userIds, start: Math.max(l.start, now), id: l.start < now ? ids.id() : l.id }] : [];
    return l.start < now ? [{ ...l, end: now }, ...rest] : rest;
  });
}

/** Takes the user off every live schedule's layers and overrides from `now`; answers the names of the schedules changed. */
export async function removeUserFromSchedules(db: Db, deps: { ids: Ids }, userId: string, now: number): Promise<string[]> {
  const found = await listSchedulesWithUser(db, userId, now);
  const ids = found.map((s) => s.id);
  for (const s of await findSchedulesByIds(db, ids)) {
    const layers = layersWithout(s.layers, userId, now, deps.ids);
    if (layers.length !== s.layers.length || layers.some((l, i) => l !== s.layers[i])) await updateSchedule(db, { ...s, layers });
  }
  for (const o of await listOverridesOverlapping(db, ids, now, Number.MAX_SAFE_INTEGER)) {
    if (o.userId !== userId || o.end <= now) continue;
    if (o.start < now) await truncateOverride(db, o, now);
    else await deleteOverride(db, o);
  }
  return found.map((s) => s.name);
}
