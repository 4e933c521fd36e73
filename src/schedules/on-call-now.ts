// Who is on call on schedules at one instant: what escalation asks when an incident reaches a level.
import type { Db } from '../store/db.js';
import { onCallAt } from './render.js';
import { findSchedulesByIds, listOverridesOverlapping } from './store.js';

export interface ScheduleOnCall {
  id: string;
  /** The schedule's name, or null when it never existed. */
  name: string | null;
  /** The users on call at that instant; empty when nobody is (or the schedule was deleted). */
  userIds: string[];
}

/** The on-call users of each schedule at `at`: four queries whatever the number of schedules. */
export async function whoIsOnCall(db: Db, scheduleIds: readonly string[], at: number): Promise<Map<string, ScheduleOnCall>> {
  const out = new Map<string, ScheduleOnCall>();
  if (scheduleIds.length === 0) return out;
  const schedules = await findSchedulesByIds(db, scheduleIds, { includeDeleted: true });
  const live = schedules.filter((s) => s.deletedAt === null);
  const overrides = await listOverridesOverlapping(db, live.map((s) => s.id), at, at + 1);
  for (const id of scheduleIds) out.set(id, { id, name: null, userIds: [] });
  for (const s of schedules) {
    const userIds = s.deletedAt === null ? onCallAt(s.layers, overrides.filter((o) => o.scheduleId === s.id), s.timeZone, at) : [];
    out.set(s.id, { id: s.id, name: s.name, userIds });
  }
  return out;
}
