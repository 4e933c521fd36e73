// Calendar buckets (day, week from Monday, month) in a time zone, DST-safe.
import { localLabel, wallParts, zonedInstant } from '../time-zone.js';

export { isTimeZone, localLabel } from '../time-zone.js';

export type AggregateUnit = 'day' | 'week' | 'month';

/** The instant of local midnight starting the given local date. */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  return zonedInstant(Date.UTC(y, m - 1, d), timeZone);
}

const wall = (at: number, timeZone: string) => {
  const w = wallParts(at, timeZone);
  return { y: w.year, m: w.month, d: w.day, weekday: w.weekday };
};

function startOf(at: number, unit: AggregateUnit, timeZone: string): number {
  const w = wall(at, timeZone);
  if (unit === 'month') return zonedMidnight(w.y, w.m, 1, timeZone);
  if (unit === 'day') return zonedMidnight(w.y, w.m, w.d, timeZone);
  const monday = new Date(Date.UTC(w.y, w.m - 1, w.d - (w.weekday - 1)));
  return zonedMidnight(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), timeZone);
}

function next(start: number, unit: AggregateUnit, timeZone: string): number {
  const w = wall(start, timeZone);
  if (unit === 'month') return w.m === 12 ? zonedMidnight(w.y + 1, 1, 1, timeZone) : zonedMidnight(w.y, w.m + 1, 1, timeZone);
  const step = unit === 'day' ? 1 : 7;
  const n = new Date(Date.UTC(w.y, w.m - 1, w.d + step));
  return zonedMidnight(n.getUTCFullYear(), n.getUTCMonth() + 1, n.getUTCDate(), timeZone);
}

/** The buckets covering [start, end), each clipped to the range. */
export function buckets(start: number, end: number, unit: AggregateUnit, timeZone: string): Array<{ start: number; end: number; label: string }> {
  const out: Array<{ start: number; end: number; label: string }> = [];
  let s = startOf(start, unit, timeZone);
  while (s < end) {
    const e = next(s, unit, timeZone);
    out.push({ start: Math.max(s, start), end: Math.min(e, end), label: localLabel(s, timeZone) });
    s = e;
  }
  return out;
}
