// Support-hours instants in an IANA time zone with Intl only (no tz library): the next moment the
// local wall clock reads the start time on a selected day, correct across daylight-saving changes.

export interface SupportHoursSpec {
  time_zone: string;
  /** 1 = Monday … 7 = Sunday. */
  days_of_week: number[];
  /** "HH:MM:SS" (or "HH:MM"). */
  start_time: string;
  end_time?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
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

/** The local wall-clock time of `at` in the zone, as if it were UTC (epoch ms, whole seconds). */
export function wallClock(at: number, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute, +p.second);
}

function offset(at: number, timeZone: string): number {
  return wallClock(at, timeZone) - Math.floor(at / 1000) * 1000;
}

/**
 * The instant whose local wall clock in the zone is `wall` (a UTC-encoded wall time). An ambiguous
 * time (clocks going back) is its first occurrence; a time that does not exist (clocks going forward)
 * is the instant just as far past the gap, i.e. the same distance from midnight in the new offset.
 */
export function zonedInstant(wall: number, timeZone: string): number {
  const before = wall - offset(wall - 86_400_000 / 2, timeZone);
  const after = wall - offset(wall + 86_400_000 / 2, timeZone);
  const valid = [before, after].filter((t) => wallClock(t, timeZone) === wall).sort((a, b) => a - b);
  return valid.length ? valid[0] : Math.max(before, after);
}

function secondsOf(hms: string): number {
  const [h, m, s] = hms.split(':').map((x) => Number(x) || 0);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

/** The first support-hours start strictly after `after`, or null when no day is selected or the zone is unknown. */
export function nextSupportHoursStart(spec: SupportHoursSpec, after: number): number | null {
  const days = new Set(spec.days_of_week);
  if (days.size === 0) return null;
  let today: number;
  try {
    today = wallClock(after, spec.time_zone);
  } catch {
    return null;
  }
  const midnight = today - (today % 86_400_000);
  const start = secondsOf(spec.start_time) * 1000;
  for (let d = 0; d <= 8; d++) {
    const date = midnight + d * 86_400_000;
    const weekday = ((new Date(date).getUTCDay() + 6) % 7) + 1;
    if (!days.has(weekday)) continue;
    const at = zonedInstant(date + start, spec.time_zone);
    if (at > after) return at;
  }
  return null;
}
