// Reading list queries: the since/until window (default: the last month; at most 6 months;
// date_range=all for no window) and sort_by.
import { InvalidInputError } from '../errors.js';
import type { IncidentFilter } from './store.js';

const MONTH_MS = 31 * 86_400_000;
const MAX_RANGE_MS = 6 * MONTH_MS;

/** Epoch ms of an ISO-8601 time (a date alone is midnight UTC); null when absent. */
export function parseTime(text: string | undefined, name: string): number | null {
  if (text === undefined || text === '') return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new InvalidInputError(`Invalid time values in 'since' and/or 'until' parameters: ${name} is not an ISO-8601 time.`);
  return ms;
}

function monthBefore(ms: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.getTime();
}

/** The incidents list window; `until` is exclusive. */
export function readWindow(q: { since?: string; until?: string; date_range?: string }, now: number): { since: number | null; until: number | null } {
  if (q.date_range === 'all') return { since: null, until: null };
  const since = parseTime(q.since, 'since');
  const until = parseTime(q.until, 'until');
  const u = until ?? (since !== null ? Math.max(now, since) : now) + 1;
  const s = since ?? monthBefore(u);
  if (s > u) throw new InvalidInputError("Invalid Query Date Range: 'since' must be before 'until'.");
  if (u - s > MAX_RANGE_MS) throw new InvalidInputError('Invalid Query Date Range: the maximum range is 6 months.');
  return { since: s, until: u };
}

/** Log entry lists: only the bounds given. */
export function readBounds(q: { since?: string; until?: string }): { since: number | null; until: number | null } {
  return { since: parseTime(q.since, 'since'), until: parseTime(q.until, 'until') };
}

// `priority` is Tocsin's addition (PagerDuty sorts by priority only in its web app): P1 first on :asc.
const SORT_FIELDS = ['incident_number', 'created_at', 'resolved_at', 'urgency', 'priority'] as const;

/** `sort_by=created_at:desc,incident_number` (at most two fields). */
export function readSort(text: string | undefined): NonNullable<IncidentFilter['sort']> {
  if (!text) return [];
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length > 2) throw new InvalidInputError('sort_by accepts at most two fields.');
  return parts.map((p) => {
    const [field, dir = 'asc'] = p.split(':');
    if (!(SORT_FIELDS as readonly string[]).includes(field) || (dir !== 'asc' && dir !== 'desc')) {
      throw new InvalidInputError(`sort_by must be one of ${SORT_FIELDS.join(', ')}, each optionally followed by :asc or :desc.`);
    }
    return { field: field as (typeof SORT_FIELDS)[number], dir };
  });
}
