// Support-hours instants in an IANA time zone with Intl only (no tz library): the next moment the
// local wall clock reads the start time on a selected day, correct across daylight-saving changes.
import { wallClock, zonedInstant } from '../time-zone.js';

export interface SupportHoursSpec {
  time_zone: string;
  /** 1 = Monday … 7 = Sunday. */
  days_of_week: number[];
  /** "HH:MM:SS" (or "HH:MM"). */
  start_time: string;
  end_time?: string;
}

export { wallClock, zonedInstant } from '../time-zone.js';

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
