// The schedule rendering engine: who is on call when, from layers, restrictions and overrides. Pure
// (no I/O, no clock): it works in instants (epoch ms) and reads wall clocks in the schedule's zone
// through src/time-zone.ts only. Printing in a requested time zone is the routes' job.
//
// Cost follows the window, not the history: the turn containing the window's start is found by
// arithmetic from the virtual start (never a loop over past turns), then only the window's turns and
// restriction windows are built. docs/schedules.md ("How a schedule is rendered") states the rules.
import type { Entry, Override, Rendered, Restriction, ScheduleLayer } from './model.js';
import { wallClock, zonedInstant } from '../time-zone.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Seconds since midnight of an "HH:MM:SS" (or "HH:MM") time of day; null when malformed or out of range. */
export function timeOfDaySeconds(text: string): number | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

/** Non-negative remainder, so turns before the virtual start still pick a user. */
const mod = (k: number, n: number) => ((k % n) + n) % n;

/** Where turn k starts, and which turn holds an instant. */
interface Rotation {
  startOf(k: number): number;
  indexAt(t: number): number;
}

/**
 * Turns of a whole number of days are counted in calendar days of the zone, so a handoff keeps its local
 * wall time across DST (a day turn is 23 or 25 hours then); any other length is absolute seconds.
 */
export function rotationOf(layer: ScheduleLayer, timeZone: string): Rotation {
  const v = layer.rotationVirtualStart;
  const lenMs = layer.rotationTurnLengthSeconds * 1000;
  if (layer.rotationTurnLengthSeconds % 86_400 !== 0) {
    return { startOf: (k) => v + k * lenMs, indexAt: (t) => Math.floor((t - v) / lenMs) };
  }
  // The virtual start as a wall clock (UTC-encoded), keeping its milliseconds.
  const wall0 = wallClock(v, timeZone) + mod(v, 1000);
  const startOf = (k: number) => zonedInstant(wall0 + k * lenMs, timeZone);
  return {
    startOf,
    indexAt(t) {
      // The wall-clock estimate is off by at most one turn near a DST change; correct it.
      let k = Math.floor((wallClock(t, timeZone) + mod(t, 1000) - wall0) / lenMs);
      while (startOf(k) > t) k--;
      while (startOf(k + 1) <= t) k++;
      return k;
    },
  };
}

/**
 * The restriction windows that touch [from, to), sorted and merged (their union). Both ends of a window
 * are wall-clock times in the zone: a 22:00–06:00 window ends at 06:00 local even on a DST night.
 */
export function restrictionWindows(restrictions: Restriction[], timeZone: string, from: number, to: number): Entry[] {
  const spans: Entry[] = [];
  for (const r of restrictions) {
    const startSec = timeOfDaySeconds(r.startTimeOfDay);
    if (startSec === null || r.durationSeconds <= 0) continue;
    const weekly = r.type === 'weekly_restriction';
    const period = weekly ? WEEK_MS : DAY_MS;
    const durMs = r.durationSeconds * 1000;
    // Local midnight (UTC-encoded) of the first period that can reach `from`: a window starting up to
    // its duration before `from` may still be open.
    const fromWall = wallClock(from, timeZone);
    let day = Math.floor(fromWall / DAY_MS) * DAY_MS;
    if (weekly) {
      const isoDay = mod(Math.floor(day / DAY_MS) + 3, 7) + 1; // 1970-01-01 was a Thursday (4)
      day -= mod(isoDay - (r.startDayOfWeek ?? 1), 7) * DAY_MS;
    }
    day -= (Math.floor(durMs / period) + 1) * period;
    for (;;) {
      const wallStart = day + startSec * 1000;
      const start = zonedInstant(wallStart, timeZone);
      if (start >= to) break;
      const end = zonedInstant(wallStart + durMs, timeZone);
      if (end > from && end > start) spans.push({ start, end, userId: '' });
      day += period;
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Entry[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push(s);
  }
  return merged;
}

/** The layer's entries over [since, until), in the schedule's zone (handoffs of whole-day turns keep their local wall time across DST); overflow: entries are not clipped to the window. */
export function renderLayer(
  layer: ScheduleLayer,
  timeZone: string,
  since: number,
  until: number,
  opts?: { overflow?: boolean },
): Entry[] {
  const n = layer.userIds.length;
  const layerEnd = layer.end ?? Infinity;
  const lo = Math.max(since, layer.start);
  const hi = Math.min(until, layerEnd);
  if (n === 0 || layer.rotationTurnLengthSeconds <= 0 || lo >= hi) return [];
  const overflow = opts?.overflow === true;
  const rotation = rotationOf(layer, timeZone);
  const k0 = rotation.indexAt(lo);
  // The span the pieces may cover: the window, or with overflow the whole turns touching it (still
  // inside the layer's own start and end, which are real boundaries).
  const spanLo = overflow ? Math.max(rotation.startOf(k0), layer.start) : lo;
  const spanHi = overflow ? Math.min(rotation.startOf(rotation.indexAt(hi - 1) + 1), layerEnd) : hi;
  const mask = layer.restrictions.length ? restrictionWindows(layer.restrictions, timeZone, spanLo, spanHi) : null;

  const out: Entry[] = [];
  let m = 0;
  let turnStart = rotation.startOf(k0);
  for (let k = k0; turnStart < hi; k++) {
    const turnEnd = rotation.startOf(k + 1);
    const userId = layer.userIds[mod(k, n)];
    const a = Math.max(turnStart, spanLo);
    const b = Math.min(turnEnd, spanHi);
    if (!mask) {
      if (a < b) out.push({ start: a, end: b, userId });
    } else {
      // Restrictions only mask the turn: the turn's user is on call inside the windows, nobody outside.
      while (m < mask.length && mask[m].end <= a) m++;
      for (let j = m; j < mask.length && mask[j].start < b; j++) {
        const s = Math.max(a, mask[j].start);
        const e = Math.min(b, mask[j].end);
        if (s < e && (!overflow || (e > since && s < until))) out.push({ start: s, end: e, userId });
      }
    }
    turnStart = turnEnd;
  }
  return out;
}

/** `top` painted over `base` (both sorted, disjoint): top wins wherever it has an entry. */
export function overlay(base: Entry[], top: Entry[]): Entry[] {
  if (!top.length) return base;
  if (!base.length) return top;
  const out: Entry[] = [];
  let i = 0;
  let cur: Entry | undefined = base[0];
  for (const t of top) {
    while (cur && cur.end <= t.start) {
      out.push(cur);
      cur = base[++i];
    }
    if (cur && cur.start < t.start) out.push({ start: cur.start, end: t.start, userId: cur.userId });
    out.push(t);
    while (cur && cur.end <= t.end) cur = base[++i];
    if (cur && cur.start < t.end) cur = { start: t.end, end: cur.end, userId: cur.userId };
  }
  while (cur) {
    out.push(cur);
    cur = base[++i];
  }
  return out;
}

/** Overrides as one disjoint layer: among overlapping ones the later-created (later in the list) wins. */
function resolveOverrides(overrides: Override[], since: number, until: number, overflow: boolean): Entry[] {
  const touches = (o: { start: number; end: number }, lo: number, hi: number) => o.start < o.end && o.end > lo && o.start < hi;
  let lo = since;
  let hi = until;
  if (overflow) {
    // A whole override may be cut short by a later one outside the window; take in all that reach its span.
    for (const o of overrides) if (touches(o, since, until)) [lo, hi] = [Math.min(lo, o.start), Math.max(hi, o.end)];
  }
  let resolved: Entry[] = [];
  for (const o of overrides) {
    if (!touches(o, lo, hi)) continue;
    const e = overflow ? { start: o.start, end: o.end, userId: o.userId } : { start: Math.max(o.start, since), end: Math.min(o.end, until), userId: o.userId };
    resolved = overlay(resolved, [e]);
  }
  return overflow ? resolved.filter((e) => touches(e, since, until)) : resolved;
}

/** Adjacent entries of the same user become one. */
function mergeAdjacent(entries: Entry[]): Entry[] {
  const out: Entry[] = [];
  for (const e of entries) {
    const last = out[out.length - 1];
    if (last && last.userId === e.userId && last.end === e.start) out[out.length - 1] = { ...last, end: e.end };
    else out.push(e);
  }
  return out;
}

function finalOf(layers: Entry[][], overrides: Entry[]): Entry[] {
  let final: Entry[] = [];
  for (const l of layers) final = overlay(final, l);
  return mergeAdjacent(overlay(final, overrides));
}

/** Layers (later wins where it has someone), then overrides on top; adjacent final entries of the same user merge. */
export function renderSchedule(
  layers: ScheduleLayer[],
  overrides: Override[],
  timeZone: string,
  since: number,
  until: number,
  opts?: { overflow?: boolean },
): Rendered {
  if (until <= since) return { layers: layers.map(() => []), overrides: [], final: [] };
  const overflow = opts?.overflow === true;
  const rendered = layers.map((l) => renderLayer(l, timeZone, since, until, { overflow }));
  const ov = resolveOverrides(overrides, since, until, overflow);
  if (!overflow) return { layers: rendered, overrides: ov, final: finalOf(rendered, ov) };
  // With overflow, a final entry crossing a bound is the user's whole continuous span, looked for as far
  // as the whole turns and overrides that cross that bound reach: render exactly over that wider range.
  let lo = since;
  let hi = until;
  for (const list of [...rendered, ov]) {
    if (!list.length) continue;
    lo = Math.min(lo, list[0].start);
    hi = Math.max(hi, list[list.length - 1].end);
  }
  const wide = finalOf(
    layers.map((l) => renderLayer(l, timeZone, lo, hi)),
    resolveOverrides(overrides, lo, hi, false),
  );
  return { layers: rendered, overrides: ov, final: wide.filter((e) => e.end > since && e.start < until) };
}

/** The user ids on call at instant `at` (0 or 1 for a PagerDuty schedule: the final schedule's user at that instant). */
export function onCallAt(layers: ScheduleLayer[], overrides: Override[], timeZone: string, at: number): string[] {
  const final = renderSchedule(layers, overrides, timeZone, at, at + 1).final;
  return final.length ? [final[0].userId] : [];
}

/** Percentage (0–100) of [since, until) that the entries cover: PagerDuty's rendered_coverage_percentage. */
export function coveragePercentage(entries: Entry[], since: number, until: number): number {
  if (until <= since) return 0;
  let covered = 0;
  for (const e of entries) covered += Math.max(0, Math.min(e.end, until) - Math.max(e.start, since));
  return Math.round((covered / (until - since)) * 10_000) / 100;
}
