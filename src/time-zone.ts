// Wall clocks in IANA time zones with Intl only (no tz library), correct across daylight-saving
// changes. The one place Tocsin turns instants into local times and back.
import { iso } from './clock.js';

export interface WallParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The local date and time of `at` in the zone; throws a RangeError for an unknown zone. */
export function wallParts(at: number, timeZone: string): WallParts {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return {
    year: +p.year,
    month: +p.month,
    day: +p.day,
    hour: +p.hour % 24,
    minute: +p.minute,
    second: +p.second,
    weekday: WEEKDAY[p.weekday] ?? 1,
  };
}

/** The local wall-clock time of `at` in the zone, as if it were UTC (epoch ms, whole seconds). */
export function wallClock(at: number, timeZone: string): number {
  const w = wallParts(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** Milliseconds the zone is ahead of UTC at that instant. */
export function offsetAt(at: number, timeZone: string): number {
  return wallClock(at, timeZone) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant whose local wall clock in the zone is `wall` (a UTC-encoded wall time). An ambiguous
 * time (clocks going back) is its first occurrence; a time that does not exist (clocks going forward)
 * is the instant just as far past the gap, i.e. the same distance from midnight in the new offset.
 */
export function zonedInstant(wall: number, timeZone: string): number {
  const before = wall - offsetAt(wall - 86_400_000 / 2, timeZone);
  const after = wall - offsetAt(wall + 86_400_000 / 2, timeZone);
  const valid = [before, after].filter((t) => wallClock(t, timeZone) === wall).sort((a, b) => a - b);
  return valid.length ? valid[0] : Math.max(before, after);
}

/** Day of week (1 = Monday) and seconds since local midnight of `at` in the zone. */
export function localTime(at: number, timeZone: string): { day: number; seconds: number } {
  const w = wallParts(at, timeZone);
  return { day: w.weekday, seconds: w.hour * 3600 + w.minute * 60 + w.second };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2026-03-09T09:30:00-04:00" for a zone, "2026-03-09T13:30:00.000Z" without one. */
export function isoIn(ms: number | null, timeZone: string | null): string | null {
  if (ms === null) return null;
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Etc/UTC') return iso(ms);
  const w = wallParts(ms, timeZone);
  const offsetMin = Math.round(offsetAt(ms, timeZone) / 60_000);
  const abs = Math.abs(offsetMin);
  const off = `${offsetMin < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${off}`;
}

/** Local wall-clock text without offset, as PagerDuty's analytics print it: `2023-06-11T00:00:00`. */
export function localLabel(at: number, timeZone: string): string {
  const w = wallParts(at, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}
