// Who is on call on schedules at one instant: what escalation asks when an incident reaches a level.
import type { Db } from '../store/db.js';
import { finalSpans, loadRenderable } from './spans.js';

export interface ScheduleOnCall {
  id: string;
  /** The schedule's name, or null when it never existed. */
  name: string | null;
  /** The users on call at that instant; empty when nobody is (or the schedule was deleted). */
  userIds: string[];
}

/** The on-call users of each schedule at `at` (the final schedule's user then): a few queries whatever the number. */
export async function whoIsOnCall(db: Db, scheduleIds: readonly string[], at: number): Promise<Map<string, ScheduleOnCall>> {
  const out = new Map<string, ScheduleOnCall>();
  if (scheduleIds.length === 0) return out;
  const schedules = await loadRenderable(db, { ids: scheduleIds });
  const spans = await finalSpans(db, schedules, at, at);
  for (const id of scheduleIds) out.set(id, { id, name: null, userIds: [] });
  for (const s of schedules) {
    const e = (spans.get(s.id) ?? []).find((x) => x.start <= at && at < x.end);
    out.set(s.id, { id: s.id, name: s.name, userIds: e ? [e.userId] : [] });
  }
  return out;
}
