// The final on-call spans of schedules over a window, as /oncalls, /schedules/{id}/users and
// escalation read them. Rendering costs far more than loading, and the same "now" is asked over and
// over (dashboards, escalations), so each node keeps the last render of each schedule, keyed by the
// schedule's `revision` (bumped in the same transaction as any change to it or its overrides, and
// read from the database with the schedule): a change made on another node is never served stale.
import type { Db } from '../store/db.js';
import type { Entry, ScheduleLayer } from './model.js';
import { renderSchedule } from './render.js';
import type { RenderableSchedule, StoredOverride } from './schedule.js';
import { listOverridesOverlapping, listRenderable } from './store.js';

interface Cached {
  revision: number;
  from: number;
  to: number;
  entries: Entry[];
}

/** A render covers at least this much ahead, so a moving "now" keeps hitting it. */
const AHEAD_MS = 3_600_000;
const MAX_CACHED = 20_000;
const cache = new Map<string, Cached>();

function remember<T>(map: Map<string, T>, id: string, c: T): void {
  map.delete(id);
  map.set(id, c);
  if (map.size > MAX_CACHED) map.delete(map.keys().next().value!);
}

/** Layers by schedule revision: they never change without a new revision. */
const layerCache = new Map<string, { revision: number; layers: ScheduleLayer[] }>();

/** Schedules ready for finalSpans: `all` live ones or those of `ids`, layers from the cache where it has their revision. */
export async function loadRenderable(db: Db, which: { all: true } | { ids: readonly string[] }): Promise<RenderableSchedule[]> {
  const list = await listRenderable(db, which, (id, revision) => {
    const c = layerCache.get(id);
    return c && c.revision === revision ? c.layers : undefined;
  });
  for (const s of list) if (layerCache.get(s.id)?.revision !== s.revision) remember(layerCache, s.id, { revision: s.revision, layers: s.layers });
  return list;
}

/**
 * The final spans of each schedule that overlap [since, until] (`until` inclusive, so since = until
 * asks for one instant), whole: not cut at the window (PagerDuty's on-calls keep their real start and end).
 */
export async function finalSpans(db: Db, schedules: RenderableSchedule[], since: number, until: number): Promise<Map<string, Entry[]>> {
  const end = Math.max(until, since) + 1;
  const out = new Map<string, Entry[]>();
  const misses: RenderableSchedule[] = [];
  for (const s of schedules) {
    const c = cache.get(s.id);
    if (c && c.revision === s.revision && c.from <= since && end <= c.to) out.set(s.id, c.entries);
    else misses.push(s);
  }
  if (misses.length) {
    const to = Math.max(end, since + AHEAD_MS);
    const overrides = await listOverridesOverlapping(db, misses.map((s) => s.id), since, to);
    const bySchedule = new Map<string, StoredOverride[]>();
    for (const o of overrides) {
      const list = bySchedule.get(o.scheduleId);
      if (list) list.push(o);
      else bySchedule.set(o.scheduleId, [o]);
    }
    for (const s of misses) {
      const entries = s.deletedAt === null ? renderSchedule(s.layers, bySchedule.get(s.id) ?? [], s.timeZone, since, to, { overflow: true }).final : [];
      remember(cache, s.id, { revision: s.revision, from: since, to, entries });
      out.set(s.id, entries);
    }
  }
  for (const [id, entries] of out) out.set(id, entries.filter((e) => e.end > since && e.start < end));
  return out;
}
