// Wall clocks in IANA zones for the schedule pages, with Intl only. The browser's own zone plays no
// part: every date a schedule page shows or reads is in the zone the page names (the schedule's,
// the user's or UTC), so what people type means the same thing whoever's laptop they use.

export interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday (ISO, as the API's start_day_of_week). */
  weekday: number;
}

const DAY_MS = 86_400_000;
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const parts = new Map<string, Intl.DateTimeFormat>();

function partsFormat(tz: string): Intl.DateTimeFormat {
  let f = parts.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    parts.set(tz, f);
  }
  return f;
}

export function isZone(tz: string): boolean {
  try {
    partsFormat(tz);
    return true;
  } catch {
    return false;
  }
}

export function wallOf(ms: number, tz: string): Wall {
  const p = Object.fromEntries(partsFormat(tz).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { year: +p.year, month: +p.month, day: +p.day, hour: +p.hour % 24, minute: +p.minute, weekday: WEEKDAY[p.weekday] ?? 1 };
}

/** The zone's offset from UTC at the instant, in ms. */
function offsetAt(ms: number, tz: string): number {
  const p = Object.fromEntries(partsFormat(tz).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const whole = Math.floor(ms / 1000) * 1000;
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second) - whole;
}

/**
 * The instant a local wall time happens in the zone. A time skipped by a spring-forward change happens
 * as far past the gap; a time that happens twice, at its first occurrence (the server's rule too).
 */
export function zonedToMs(w: Omit<Wall, 'weekday'>, tz: string): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = asUtc - offsetAt(asUtc - DAY_MS / 2, tz);
  const second = asUtc - offsetAt(asUtc + DAY_MS / 2, tz);
  const ok = (ms: number) => {
    const x = wallOf(ms, tz);
    return x.year === w.year && x.month === w.month && x.day === w.day && x.hour === w.hour && x.minute === w.minute;
  };
  if (ok(Math.min(first, second))) return Math.min(first, second);
  if (ok(Math.max(first, second))) return Math.max(first, second);
  return first; // in a gap: the offset from before it, so the time lands as far past the gap
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-03-09" for the local date of the instant. */
export function dateText(ms: number, tz: string): string {
  const w = wallOf(ms, tz);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** "2026-03-09T09:00", the value of an <input type="datetime-local">, for the instant in the zone. */
export function localInputValue(ms: number, tz: string): string {
  const w = wallOf(ms, tz);
  return `${dateText(ms, tz)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** An <input type="datetime-local"> value read in the zone, or null when incomplete. */
export function parseLocalInput(text: string, tz: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text);
  if (!m) return null;
  return zonedToMs({ year: +m[1], month: +m[2], day: +m[3], hour: +m[4], minute: +m[5] }, tz);
}

/** Midnight at the start of the local date `YYYY-MM-DD` plus `days` calendar days, in the zone. */
export function dayStart(date: string, days: number, tz: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  const u = new Date(Date.UTC(y, mo - 1, d + days));
  return zonedToMs({ year: u.getUTCFullYear(), month: u.getUTCMonth() + 1, day: u.getUTCDate(), hour: 0, minute: 0 }, tz);
}

/** The local date (YYYY-MM-DD) of the Monday of the week holding the instant, in the zone. */
export function mondayOf(ms: number, tz: string): string {
  const w = wallOf(ms, tz);
  const u = new Date(Date.UTC(w.year, w.month - 1, w.day - (w.weekday - 1)));
  return u.toISOString().slice(0, 10);
}

/** A date string moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, mo, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();
/** "Mon 9 Mar, 09:00" in the zone (24-hour clock, the same for every reader). */
export function shortTime(ms: number, tz: string): string {
  let f = shortFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    shortFormats.set(tz, f);
  }
  return f.format(ms);
}

/** "09:00 – 17:00" style span text; the day is repeated only when it changes. */
export function spanText(start: number, end: number, tz: string): string {
  const a = shortTime(start, tz);
  const b = shortTime(end, tz);
  const sameDay = dateText(start, tz) === dateText(end, tz);
  return `${a} – ${sameDay ? b.slice(b.lastIndexOf(' ') + 1) : b}`;
}

/** The browser's zone, the fallback for "your zone" when the profile has none. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every zone the browser knows, for the zone pickers (a short list on old browsers). */
export function allZones(): string[] {
  const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return f ? f('timeZone') : ['UTC', 'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
}
