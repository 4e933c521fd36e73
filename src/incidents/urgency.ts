// The urgency of a new incident from its service's rule: constant, severity-based (critical/error
// high, warning/info low), or by support hours in the service's time zone (Intl, so DST is right).
import type { Urgency } from './model.js';
import { localTime } from '../time-zone.js';

/** The rule as services stores it (PagerDuty's wire shape). */
export type UrgencyRule =
  | { type: 'constant'; urgency: 'high' | 'low' | 'severity_based' }
  | {
      type: 'use_support_hours';
      during_support_hours: { type: string; urgency: 'high' | 'low' | 'severity_based' };
      outside_support_hours: { type: string; urgency: 'high' | 'low' | 'severity_based' };
    }
  | { type: 'severity_based' };

export interface SupportHoursRule {
  type: string;
  time_zone: string;
  /** 1 = Monday … 7 = Sunday. */
  days_of_week: number[];
  start_time: string;
  end_time: string;
}

/** critical/error → high, warning/info → low; an unknown or missing severity is high (the safe side). */
export function urgencyOfSeverity(severity: string | null | undefined): Urgency {
  return severity === 'warning' || severity === 'info' ? 'low' : 'high';
}

/** Day of week (1 = Monday) and seconds since local midnight of `at` in the IANA zone. */
export { localTime } from '../time-zone.js';

function hms(text: string): number {
  const [h, m, s] = text.split(':').map((x) => Number(x) || 0);
  return (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
}

/** Whether `at` falls inside the support hours (start inclusive, end exclusive, per selected day). */
export function inSupportHours(at: number, hours: SupportHoursRule): boolean {
  let local: { day: number; seconds: number };
  try {
    local = localTime(at, hours.time_zone || 'Etc/UTC');
  } catch {
    local = localTime(at, 'Etc/UTC');
  }
  if (!hours.days_of_week.includes(local.day)) return false;
  const start = hms(hours.start_time);
  const end = hms(hours.end_time);
  // 00:00:00 to 00:00:00 (or an end before the start) means until the end of the day.
  const endOfDay = end <= start ? 86_400 : end;
  return local.seconds >= start && local.seconds < endOfDay;
}

function pick(u: string, severity: string | null | undefined): Urgency {
  if (u === 'severity_based') return urgencyOfSeverity(severity);
  return u === 'low' ? 'low' : 'high';
}

/** The urgency a new incident gets at `at`; anything unreadable falls back to high. */
export function urgencyFor(rule: UrgencyRule | null | undefined, supportHours: SupportHoursRule | null | undefined, at: number, severity?: string | null): Urgency {
  if (!rule) return 'high';
  if (rule.type === 'severity_based') return urgencyOfSeverity(severity);
  if (rule.type === 'constant') return pick(rule.urgency, severity);
  if (rule.type === 'use_support_hours') {
    if (!supportHours) return pick(rule.during_support_hours?.urgency ?? 'high', severity);
    const inside = inSupportHours(at, supportHours);
    return pick((inside ? rule.during_support_hours : rule.outside_support_hours)?.urgency ?? 'high', severity);
  }
  return 'high';
}
