// On-call handoffs of a schedule's final schedule, for notify's handoff notifications (notify owns the
// rules, the planning timer's handler and the messages; docs/schedules.md has the design). Each
// schedule has one engine timer of kind `schedule.handoff`; every change to the schedule or its
// overrides sets it to now on the same transaction, so the next run renders the change.
import type { Clock } from '../clock.js';
import { scheduleTimer } from '../engine/index.js';
import type { Db } from '../store/db.js';
import type { Entry } from './model.js';
import { finalSpans, loadRenderable } from './spans.js';
import { listScheduleIdsWithUser } from './store.js';

export interface Handoff {
  userId: string;
  at: number;
  /** `on`: the user's shift starts; `off`: it ends. */
  direction: 'on' | 'off';
}

/**
 * The handoffs of final spans strictly inside (from, to): a span's start puts its user on call, its
 * end takes them off. Spans are disjoint and a user's adjacent spans are merged, so each start or end
 * inside the range is a real change of who is on call.
 */
export function handoffsIn(spans: readonly Entry[], from: number, to: number): Handoff[] {
  const out: Handoff[] = [];
  for (const e of spans) {
    if (e.start > from && e.start < to) out.push({ userId: e.userId, at: e.start, direction: 'on' });
    if (e.end > from && e.end < to) out.push({ userId: e.userId, at: e.end, direction: 'off' });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Rendering reaches back this far before `from`, so no span cut at the render's edge starts inside the range. */
const MARGIN_MS = 86_400_000;

/** A live schedule's handoffs strictly inside (from, to), or null for a deleted or unknown schedule. */
export async function scheduleHandoffs(db: Db, scheduleId: string, from: number, to: number): Promise<{ id: string; name: string; timeZone: string; handoffs: Handoff[] } | null> {
  const [s] = await loadRenderable(db, { ids: [scheduleId] });
  if (!s || s.deletedAt !== null) return null;
  const spans = (await finalSpans(db, [s], from - MARGIN_MS, to)).get(s.id) ?? [];
  return { id: s.id, name: s.name, timeZone: s.timeZone, handoffs: handoffsIn(spans, from, to) };
}

/** Sets the schedule's handoff timer (on the caller's transaction); replaces the pending one. */
export async function setHandoffTimer(db: Db, scheduleId: string, at: number): Promise<void> {
  await scheduleTimer(db, { kind: 'schedule.handoff', subjectId: scheduleId, dueAt: at });
}

/** After a user's handoff rules changed: every schedule they are on plans again now. */
export async function replanHandoffsOfUser(db: Db, clock: Clock, userId: string): Promise<void> {
  const now = clock.now();
  for (const id of await listScheduleIdsWithUser(db, userId, now)) await setHandoffTimer(db, id, now);
}
