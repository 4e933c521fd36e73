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
  return Math.floor(at / 1000) * 1000 + offsetAt(at, timeZone);
}

// format() is several times cheaper than formatToParts(); its "MM/DD/YYYY, HH:MM:SS" is parsed here, and
// anything else (a year before 1000 or after 9999) goes the long way.
const numericFormatters = new Map<string, Intl.DateTimeFormat>();
const NUMERIC = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

function offsetFromIntl(at: number, timeZone: string): number {
  let f = numericFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    numericFormatters.set(timeZone, f);
  }
  const m = NUMERIC.exec(f.format(at));
  const w = m ? { year: +m[3], month: +m[1], day: +m[2], hour: +m[4], minute: +m[5], second: +m[6] } : wallParts(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
}

// Asking Intl costs microseconds, and schedules ask thousands of times per render; offsets change a
// few times a year. So remember, per zone, the offset of each UTC hour whose first and last second
// agree (an hour holding a change is asked afresh every time). This assumes no zone changes its offset
// and back within one hour, which no tz database rule does.
const HOUR_MS = 3_600_000;
const hourOffsets = new Map<string, Map<number, number>>();

/** Milliseconds the zone is ahead of UTC at that instant. */
export function offsetAt(at: number, timeZone: string): number {
  let hours = hourOffsets.get(timeZone);
  if (!hours) {
    formatter(timeZone); // an unknown zone throws here, before it is remembered
    hours = new Map();
    hourOffsets.set(timeZone, hours);
  }
  const h = Math.floor(at / HOUR_MS);
  const known = hours.get(h);
  if (known !== undefined) return known;
  const first = offsetFromIntl(h * HOUR_MS, timeZone);
  if (first !== offsetFromIntl(h * HOUR_MS + HOUR_MS - 1000, timeZone)) return offsetFromIntl(at, timeZone);
  if (hours.size >= 100_000) hours.clear();
  hours.set(h, first);
  return first;
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
