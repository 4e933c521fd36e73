/** Calendar buckets (day, week from Monday, month) in a time zone, DST-safe, through Intl. */

export type AggregateUnit = 'day' | 'week' | 'month';

interface Wall {
  y: number;
  m: number;
  d: number;
  weekday: number; // 1 = Monday … 7 = Sunday
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
    hour12: false,
  });
    formats.set(timeZone, f);
  }
  return f;
}

function wall(at: number, timeZone: string): Wall & { hh: number; mm: number; ss: number } {
  const parts = format(timeZone).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    y: Number(get('year')),
    m: Number(get('month')),
    d: Number(get('day')),
    hh: Number(get('hour')) % 24,
    mm: Number(get('minute')),
    ss: Number(get('second')),
    weekday: days.indexOf(get('weekday')) + 1,
  };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetAt(at: number, timeZone: string): number {
  const w = wall(at, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm, w.ss) - Math.floor(at / 1000) * 1000;
}

/** The instant of local midnight starting the given local date. */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - offsetAt(guess, timeZone);
  // Across a DST change the offset at the result can differ from the guess's: settle it.
  at = guess - offsetAt(at, timeZone);
  return at;
}

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

/** Local wall-clock text of an instant, as PagerDuty prints range_start: `2023-06-11T00:00:00`. */
export function localLabel(at: number, timeZone: string): string {
  const w = wall(at, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${p(w.m)}-${p(w.d)}T${p(w.hh)}:${p(w.mm)}:${p(w.ss)}`;
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

export function isTimeZone(tz: string): boolean {
  try {
    format(tz);
    return true;
  } catch {
    return false;
  }
}
